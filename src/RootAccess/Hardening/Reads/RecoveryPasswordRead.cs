using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Hardening;

/// <summary>
/// RA-H15: a member whose root password was created in an IAMCreateRootUserPassword session (CloudTrail, 90 days of
/// event history) and still has one: the recovery door the guide's persistence link walks through.
/// </summary>
public sealed class RecoveryPasswordRead : IHardeningRead
{
    public string Step(Assessment assessment) => "Reading 90 days of AssumeRoot events";

    public Task RunAsync(Assessment assessment, CancellationToken cancellationToken)
        => assessment.CheckAsync("RA-H15", "cloudtrail:LookupEvents and the RA-H09 audit", async check =>
        {
            var audit = assessment.Audit ?? throw new InvalidOperationException("the member accounts could not be audited (see RA-H09)");
            using var lookup = new AssumeRootEventLookup(assessment.Context);
            var recovered = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            await foreach (var e in lookup.LookupAsync(DateTime.UtcNow.AddDays(-90), null, new EventExpectations(), cancellationToken).ConfigureAwait(false))
            {
                if (e.TaskPolicy == TaskPolicies.CreateRootUserPassword && e.ErrorCode.Length == 0 && (!recovered.TryGetValue(e.TargetAccountId, out var last) || e.EventTime > last))
                {
                    recovered[e.TargetAccountId] = e.EventTime;
                }
            }

            var left = audit.Where(r => r.PasswordPresent == true && recovered.ContainsKey(r.AccountId))
                .Select(r => Text.Format(Messages.RecoveryPasswordLeft, r.AccountId, r.AccountName, Timestamps.Iso(recovered[r.AccountId]), (r.PasswordCreated is { } created ? Timestamps.Iso(created.UtcDateTime) : "at an unknown time"))).ToList();
            check.Status = left.Count == 0 ? CheckStatus.Pass : CheckStatus.Fail;
            check.Evidence = left.Count == 0
                ? $"{recovered.Count} member accounts had an IAMCreateRootUserPassword session in the last 90 days; none still has a root password."
                : $"{left.Count} member account(s) still have the root password a recovery session created: {string.Join("; ", left)}.";
        });
}
