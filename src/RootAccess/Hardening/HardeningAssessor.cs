using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Aws;
using RootAccess.Policy;
using RootAccess.Root;

namespace RootAccess.Hardening;

/// <summary>
/// The hardening guide's controls (<see cref="ControlCatalogue"/>) checked against the live organization, read-only
/// (the only root sessions are audit ones, for the root-credentials control). Each read is a class of its own in
/// <c>Reads/</c>; this runs them in order over one <see cref="Assessment"/>. A read the caller may not make turns its
/// controls Unknown, naming the read; the other controls are still evaluated.
/// </summary>
public sealed class HardeningAssessor
{
    /// <summary>The reads in the order their controls are reported.</summary>
    private static readonly IHardeningRead[] Reads =
    {
        new OrganizationStatusRead(),
        new ServiceControlPolicyRead(),
        new RootCredentialsRead(),
        new RecoveryPasswordRead(),
        new ManagementAccountRead(),
        new AlertingRead(),
        new TrailRead(),
    };

    private readonly Assessment _assessment;

    public HardeningAssessor(AwsContext context, RootSessionBroker broker, IEnumerable<string>? breakGlassPrincipals = null, AwsContext? logArchive = null)
    {
        _assessment = new Assessment(context, broker, new BreakGlass(breakGlassPrincipals), logArchive);
    }

    /// <summary>The organization's id, once the assessment has read it.</summary>
    public string? OrganizationId => _assessment.Status?.OrganizationId;

    /// <summary>How many reads <see cref="Step"/> announces in one assessment.</summary>
    public static int Steps => Reads.Length;

    /// <summary>Told what is read next (from any thread), for progress.</summary>
    public Action<string>? Step { get; set; }

    /// <summary>Runs every control.</summary>
    public async Task<IReadOnlyList<HardeningCheck>> AssessAsync(CancellationToken cancellationToken)
    {
        foreach (var read in Reads)
        {
            Step?.Invoke(read.Step(_assessment));
            await read.RunAsync(_assessment, cancellationToken).ConfigureAwait(false);
        }

        return _assessment.Checks;
    }
}
