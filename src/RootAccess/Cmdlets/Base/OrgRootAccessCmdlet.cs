using System;
using System.Collections.Generic;
using System.Management.Automation;
using RootAccess.Core;
using RootAccess.Aws;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>Runs a list of org-wide switches: each confirmed, each skipped when already in place, the final state read back.</summary>
public abstract class OrgRootAccessCmdlet : AwsCmdlet
{
    /// <summary>Switch without asking for confirmation (for runbooks); -WhatIf still only previews.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected abstract string Verb { get; }

    /// <summary>The error id when the change fails (from <see cref="ErrorIds"/>).</summary>
    protected abstract string FailedErrorId { get; }

    protected abstract IReadOnlyList<OrgRootAccessStep> Steps(OrgRootAccessManager manager, OrgRootAccessStatus status);

    /// <summary>True when a step's switch is already where this command wants it.</summary>
    protected abstract bool AlreadyDone(OrgRootAccessStep step);

    protected override void ProcessRecord()
    {
        using var manager = new OrgRootAccessManager(Context);
        var changes = new List<string>();
        try
        {
            var status = Await(manager.GetStatusAsync);
            foreach (var step in Steps(manager, status))
            {
                if (AlreadyDone(step))
                {
                    WriteVerbose($"{Capitalized(step.Name)} is already {(Verb == "Enable" ? "on" : "off")}; nothing to do.");
                    changes.Add($"{step.Name}: already {(Verb == "Enable" ? "on" : "off")}");
                    continue;
                }

                switch (Ask($"{Verb} {step.Name} for organization {status.OrganizationId}", $"{Verb} centralized root access", Force.IsPresent))
                {
                    case Consent.Proceed:
                        Await(async ct =>
                        {
                            await step.Apply(ct).ConfigureAwait(false);
                            return true;
                        });
                        WriteVerbose($"{Capitalized(step.Name)}: {Verb.ToLowerInvariant()}d.");
                        changes.Add($"{step.Name}: {Verb.ToLowerInvariant()}d");
                        break;
                    case Consent.WhatIf:
                        changes.Add($"{step.Name}: would be {Verb.ToLowerInvariant()}d");
                        break;
                    default:
                        changes.Add($"{step.Name}: not confirmed");
                        break;
                }
            }

            var final = Await(manager.GetStatusAsync);
            final.Changes = string.Join("; ", changes);
            WriteObject(final);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            ThrowTerminatingError(AwsErrorRecords.Create(ex, FailedErrorId, "organization", $"{Verb} centralized root access failed{(changes.Count > 0 ? " after: " + string.Join("; ", changes) : string.Empty)}", Context));
        }
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
}
