using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;

namespace RootAccess.Hardening;

/// <summary>
/// RA-H06: an organization trail (multi-region, logging, management writes) whose bucket is in the log archive
/// account with a COMPLIANCE Object Lock, read there with the log archive's own credentials.
/// </summary>
public sealed class TrailRead : IHardeningRead
{
    public string Step(Assessment assessment) => "Reading the organization trail and its bucket's Object Lock";

    public Task RunAsync(Assessment assessment, CancellationToken cancellationToken)
        => assessment.CheckAsync("RA-H06", "cloudtrail:DescribeTrails, GetTrailStatus, GetEventSelectors; s3:ListAllMyBuckets; s3:GetBucketObjectLockConfiguration in the log archive account (-LogArchiveCredential or -LogArchiveProfileName)", check => JudgeAsync(assessment, check, cancellationToken));

    private static async Task JudgeAsync(Assessment assessment, HardeningCheck check, CancellationToken cancellationToken)
    {
        using var cloudTrail = AwsClientFactory.CreateCloudTrail(assessment.Context);
        var trails = await cloudTrail.DescribeTrailsAsync(cancellationToken).ConfigureAwait(false);
        var organizationTrails = trails.Where(t => t.IsOrganizationTrail).ToList();
        if (organizationTrails.Count == 0)
        {
            check.Status = CheckStatus.Fail;
            check.Evidence = $"No organization trail: {(trails.Count == 0 ? "no trail at all" : "trails " + string.Join(", ", trails.Select(t => t.Name)) + " log this account only")} in {assessment.Context.Region.SystemName}.";
            return;
        }

        using var s3 = AwsClientFactory.CreateS3(assessment.Context);
        var own = new HashSet<string>((await s3.ListBucketsAsync(cancellationToken).ConfigureAwait(false)).Buckets?.Select(b => b.BucketName) ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        string? archiveAccount = null;
        string? archiveProblem = null;
        if (assessment.LogArchive is null)
        {
            archiveProblem = "Object Lock not read: pass -LogArchiveCredential or -LogArchiveProfileName for the log archive account";
        }
        else
        {
            try
            {
                archiveAccount = await Assessment.AccountOfAsync(assessment.LogArchive, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
            {
                archiveProblem = $"the log archive credentials do not work ({ex.Message})";
            }
        }

        var verdicts = new List<(bool? Good, string Text)>();
        foreach (var trail in organizationTrails)
        {
            var faults = new List<string>();
            var unknown = new List<string>();
            if (!trail.IsMultiRegion)
            {
                faults.Add("single-region");
            }

            if (!await cloudTrail.IsLoggingAsync(trail.Arn, cancellationToken).ConfigureAwait(false))
            {
                faults.Add("logging is stopped");
            }

            if (!await cloudTrail.LogsManagementWritesAsync(trail.Arn, cancellationToken).ConfigureAwait(false))
            {
                faults.Add("management write events are not selected");
            }

            var bucket = trail.BucketName ?? string.Empty;
            if (own.Contains(bucket))
            {
                faults.Add($"bucket {bucket} is in the management account");
            }
            else if (archiveAccount is null)
            {
                unknown.Add($"bucket {bucket}: {archiveProblem}");
            }
            else
            {
                using var archive = AwsClientFactory.CreateS3(assessment.LogArchive!);
                try
                {
                    var configuration = (await archive.GetObjectLockConfigurationAsync(new Amazon.S3.Model.GetObjectLockConfigurationRequest { BucketName = bucket, ExpectedBucketOwner = archiveAccount }, cancellationToken).ConfigureAwait(false)).ObjectLockConfiguration;
                    var retention = configuration?.Rule?.DefaultRetention;
                    var mode = retention?.Mode?.Value;
                    if (configuration?.ObjectLockEnabled?.Value != "Enabled" || retention is null)
                    {
                        faults.Add($"bucket {bucket} (log archive {archiveAccount}) has Object Lock without a default retention");
                    }
                    else if (mode != "COMPLIANCE")
                    {
                        faults.Add($"bucket {bucket} retains in {mode} mode, which s3:BypassGovernanceRetention can override");
                    }
                }
                catch (Amazon.S3.AmazonS3Exception ex) when (ex.ErrorCode == "ObjectLockConfigurationNotFoundError")
                {
                    faults.Add($"bucket {bucket} (log archive {archiveAccount}) has no Object Lock");
                }
                catch (Amazon.S3.AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
                {
                    unknown.Add($"bucket {bucket}: the log archive account {archiveAccount} may not read its Object Lock configuration or does not own it (needs s3:GetBucketObjectLockConfiguration)");
                }
            }

            var name = $"{trail.Name} ({trail.HomeRegion}, bucket {bucket})";
            verdicts.Add(faults.Count > 0 ? (false, $"{name}: {string.Join(", ", faults.Concat(unknown))}")
                : unknown.Count > 0 ? (null, $"{name}: {string.Join(", ", unknown)}")
                : (true, $"{name}: multi-region, logging, management writes selected, bucket in log archive account {archiveAccount} with COMPLIANCE Object Lock"));
        }

        // One good organization trail suffices.
        check.Status = verdicts.Any(v => v.Good == true) ? CheckStatus.Pass : verdicts.Any(v => v.Good is null) ? CheckStatus.Unknown : CheckStatus.Fail;
        check.Evidence = string.Join("; ", verdicts.Select(v => v.Text)) + ".";
    }
}
