using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Core;
using RootAccess.Fanout;
using RootAccess.Root;

namespace RootAccess.Hardening;

/// <summary>RA-H09: audits the root credentials of every active member account (audit sessions only).</summary>
public sealed class RootCredentialsRead : IHardeningRead
{
    public string Step(Assessment assessment) => $"Auditing the root credentials of {assessment.Members?.Count ?? 0} member accounts";

    public Task RunAsync(Assessment assessment, CancellationToken cancellationToken)
        => assessment.CheckAsync("RA-H09", "sts:AssumeRoot (IAMAuditRootUserCredentials)", async check =>
        {
            var members = assessment.Members ?? throw new InvalidOperationException("the member accounts could not be listed (see RA-H07)");
            var audit = await AuditAsync(assessment.Broker, members, cancellationToken).ConfigureAwait(false);
            assessment.Audit = audit;
            var holding = audit.Where(r => r.HasRootCredentials == true).Select(r => $"{r.AccountId} ({r.AccountName})").ToList();
            var failed = audit.Where(r => r.Status == AuditStatus.Failed).Select(r => r.AccountId).ToList();
            check.Status = holding.Count > 0 ? CheckStatus.Fail : failed.Count > 0 ? CheckStatus.Unknown : CheckStatus.Pass;
            check.Evidence = Text.Format(Messages.RootCredentialsAudited, audit.Count, holding.Count, (holding.Count > 0 ? ": " + string.Join("; ", holding) : string.Empty), (failed.Count > 0 ? $"; {failed.Count} could not be audited: {string.Join(", ", failed)}" : string.Empty));
        });

    // The audit of every member through the fan-out engine, as Get-RootCredentialStatus runs it: adaptive concurrency
    // (slow start, halved on throttling) rather than one AssumeRoot per account all at once, and every account reported.
    private static Task<IReadOnlyList<RootCredentialStatus>> AuditAsync(RootSessionBroker broker, IReadOnlyList<OrgAccount> members, CancellationToken cancellationToken)
        => Task.Run<IReadOnlyList<RootCredentialStatus>>(() =>
        {
            var auditor = new RootCredentialAuditor(broker);
            var rows = new List<RootCredentialStatus>();
            void Collect(FanoutResult<AuditSubject, RootCredentialStatus> result)
                => rows.Add(result.Output ?? auditor.Unaudited(result.Input, AuditStatus.Failed, result.Error?.Message ?? "the audit failed"));

            using var engine = new FanoutEngine<AuditSubject, RootCredentialStatus>((subject, ct) => auditor.AuditAccountAsync(subject, null, ct), new FanoutOptions { Adaptive = true }, cancellationToken);
            foreach (var member in members.Where(m => string.Equals(m.State, "ACTIVE", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var result in engine.Post(new AuditSubject(AccountId.Parse(member.AccountId), member.Name)))
                {
                    Collect(result);
                }
            }

            foreach (var result in engine.Complete())
            {
                Collect(result);
            }

            return rows;
        }, cancellationToken);
}
