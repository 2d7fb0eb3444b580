using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading.Tasks;
using RootAccess.Root;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

public sealed class SecretTests
{
    [Fact]
    public async Task Issued_secret_keys_and_tokens_appear_in_no_stream_view_string_csv_or_json()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(4));
        org.Simulator.Faults.Add(new FaultRule { Operation = "ListAccessKeys", AccountId = OrgBuilder.MemberId(3), Kind = FaultKind.AccessDenied });

        var session = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(2)} IAMAuditRootUserCredentials -Verbose -Debug");
        var audit = org.Run("$DebugPreference = 'Continue'; Get-OrgAccounts | Get-RootCredentialStatus -Verbose");
        var piped = org.Run("$args[0] | Get-RootCredentialStatus -Verbose", session.Output[0]);
        var members = org.Run("$s = $args[0]; $s.ToString(); $s.Credentials.ToString(); \"$s\"; $s.Credentials.AccessKeyId; $s | Out-String", session.Output[0]);

        var issued = org.Simulator.IssuedSessions;
        Assert.True(issued.Count >= 4);
        var rendered = string.Join("\n",
            session.AllText(), audit.AllText(), piped.AllText(), members.AllText(),
            org.PowerShell.Render(session.Output.Cast<object>()),
            org.PowerShell.Render(audit.Output.Cast<object>()),
            org.PowerShell.Render(audit.Errors.Cast<object>()),
            org.PowerShell.ToCsv(session.Output), org.PowerShell.ToJson(session.Output),
            org.PowerShell.ToCsv(audit.Output), org.PowerShell.ToJson(audit.Output));
        // AWS's AssumeRoot records carry the session token (never the secret): the trail may hold tokens, our output may not.
        var trail = string.Join("\n", org.Simulator.Trail.Records.Select(r => r.ToJsonString()));
        Assert.Contains(((RootSession)session.Output[0].BaseObject).AccessKeyId, rendered); // the test looks where secrets would be
        foreach (var s in issued)
        {
            Assert.DoesNotContain(s.SecretAccessKey, rendered);
            Assert.DoesNotContain(s.SessionToken, rendered);
            Assert.DoesNotContain(s.SecretAccessKey, trail);
        }

        Assert.DoesNotContain(OrgBuilder.AdminSecret, rendered);
    }

    [Fact]
    public async Task No_public_property_of_a_root_session_yields_the_secret_at_any_depth()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));
        var result = org.Run($"Invoke-AssumeRoot {OrgBuilder.MemberId(1)} IAMAuditRootUserCredentials");
        var session = (RootSession)Assert.Single(result.Output).BaseObject;
        var issued = Assert.Single(org.Simulator.IssuedSessions);

        var values = PublicPropertyValues(session, depth: 4).ToList();

        Assert.Contains(issued.AccessKeyId, values);
        Assert.DoesNotContain(values, v => v.Contains(issued.SecretAccessKey) || v.Contains(issued.SessionToken));
        // The SDK still signs with it: the credentials are real, only hidden from display.
        Assert.Equal(issued.SecretAccessKey, session.Credentials.GetCredentials().SecretKey);
    }

    [Fact]
    public async Task Every_output_property_is_a_scalar_or_string()
    {
        var scalar = new HashSet<Type> { typeof(string), typeof(bool), typeof(int), typeof(long), typeof(DateTime), typeof(bool?), typeof(int?), typeof(DateTime?), typeof(DateTimeOffset), typeof(DateTimeOffset?) };
        var outputTypes = typeof(RootSession).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<OutputTypeAttribute>())
            .SelectMany(a => a.Type.Select(t => t.Type))
            .Where(t => t != typeof(string) && t != typeof(object))
            .Distinct()
            .ToList();
        Assert.Contains(typeof(RootCredentialStatus), outputTypes);
        foreach (var type in outputTypes)
        {
            foreach (var property in type!.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.PropertyType.IsEnum)
                {
                    continue;
                }

                // The one deliberate exception: a RootSession carries its credentials for AWS.Tools' -Credential.
                if (type == typeof(RootSession) && property.Name == nameof(RootSession.Credentials))
                {
                    continue;
                }

                Assert.True(scalar.Contains(property.PropertyType), $"{type.Name}.{property.Name} is {property.PropertyType.Name}, not CSV-ready");
            }
        }

        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(3));
        var rows = org.Run("Get-OrgAccounts | Get-RootCredentialStatus").Output;
        var csv = org.PowerShell.ToCsv(rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("\"AccountId\",\"AccountName\",\"Email\",\"OuPath\",\"OuNames\",\"Status\",\"Reason\",\"ErrorId\",\"HasRootCredentials\",\"PasswordPresent\",\"PasswordCreated\",\"PasswordLastUsed\",\"MfaDeviceCount\",\"VirtualMfaCount\",\"HardwareMfaCount\",\"FidoMfaCount\",\"MfaDevices\",\"AccessKeyCount\",\"ActiveAccessKeyCount\",\"AccessKeys\",\"AccessKeyLastUsed\",\"AccessKeyLastUsedService\",\"SigningCertificateCount\",\"ActiveSigningCertificateCount\",\"CheckedAt\"", csv[0].TrimEnd('\r'));
        Assert.Equal(1 + 3 + 1, csv.Length); // header, three members, the management account's Skipped row
    }

    private static IEnumerable<string> PublicPropertyValues(object? value, int depth)
    {
        if (value is null || depth < 0)
        {
            yield break;
        }

        yield return value.ToString() ?? string.Empty;
        if (value is string || value.GetType().IsPrimitive || value is DateTime)
        {
            yield break;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            object? child;
            try
            {
                child = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            foreach (var text in PublicPropertyValues(child, depth - 1))
            {
                yield return text;
            }
        }
    }
}
