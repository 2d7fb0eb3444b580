using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Policy;

namespace RootAccess.Hardening;

/// <summary>
/// RA-H02 (IAM users and keys) and the controls judged on the management account's own IAM by
/// <see cref="ManagementAccountControls"/>; from any other account they cannot be seen, and say so.
/// </summary>
public sealed class ManagementAccountRead : IHardeningRead
{
    public string Step(Assessment assessment) => "Reading the management account's IAM users, roles and policies";

    public async Task RunAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        var users = ControlCatalogue.New("RA-H02");
        var judged = new[] { "RA-H03", "RA-H04", "RA-H08", "RA-H10", "RA-H11", "RA-H13", "RA-H14" }.Select(ControlCatalogue.New).ToArray();
        assessment.Checks.Add(users);
        assessment.Checks.AddRange(judged);

        string caller;
        try
        {
            caller = await Assessment.AccountOfAsync(assessment.Context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            foreach (var check in judged.Append(users))
            {
                Assessment.Unknown(check, $"the caller's account could not be read ({ex.Message})", "sts:GetCallerIdentity");
            }

            return;
        }

        var management = assessment.ManagementAccountId;
        if (management is not null && caller != management)
        {
            foreach (var check in judged.Append(users))
            {
                check.Status = CheckStatus.Unknown;
                check.Evidence = Text.Format(Messages.NotFromManagementAccount, caller, management);
            }

            return;
        }

        using var iam = AwsClientFactory.CreateIam(assessment.Context);
        await UsersAsync(iam, users, caller, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<IamPrincipal> principals;
        try
        {
            principals = AssumeRootReachability.Principals(await iam.GetAccountAuthorizationDetailsAsync(cancellationToken).ConfigureAwait(false), $"account {caller} authorization details");
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) || ex is PolicyParseException)
        {
            foreach (var check in judged)
            {
                Assessment.Unknown(check, ex.Message, "iam:GetAccountAuthorizationDetails");
            }

            return;
        }

        var controls = new ManagementAccountControls(principals, assessment.BreakGlass, caller);
        controls.CreateRootUserPassword(judged[0]);
        controls.Scoped(judged[1]);
        controls.MfaRequired(judged[2]);
        controls.IamWritesDenied(judged[3]);
        controls.TrailTamperingDenied(judged[4]);
        controls.IpRestricted(judged[5]);
        controls.NoCrossAccountTrust(judged[6]);
    }

    private static async Task UsersAsync(IamClient iam, HardeningCheck check, string caller, CancellationToken cancellationToken)
    {
        try
        {
            var listed = await iam.ListUsersAsync(cancellationToken).ConfigureAwait(false);
            var described = new List<string>();
            var keys = 0;
            foreach (var user in listed)
            {
                var active = (await iam.ListAccessKeysAsync(cancellationToken, user.UserName).ConfigureAwait(false)).Where(k => k.IsActive).ToList();
                keys += active.Count;
                described.Add(active.Count == 0 ? user.UserName : $"{user.UserName} ({active.Count} active access key{(active.Count == 1 ? string.Empty : "s")}: {string.Join(", ", active.Select(k => k.AccessKeyId))})");
            }

            check.Status = listed.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
            check.Evidence = (listed.Count == 0 ? $"Management account {caller} has no IAM users, so no long-lived access keys." : $"Management account {caller} has {listed.Count} IAM user(s) and {keys} active access key(s): {string.Join("; ", described)}.")
                + " Workloads beyond IAM are out of scope for this check.";
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex) || ex is InvalidOperationException || ex is PolicyParseException)
        {
            Assessment.Unknown(check, ex.Message, "iam:ListUsers, iam:ListAccessKeys");
        }
    }
}
