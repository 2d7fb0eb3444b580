using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using RootAccess.Core;
using Xunit;

namespace RootAccess.Tests.Cmdlets;

/// <summary>
/// Every user-text parameter and input file of every cmdlet, fed what a hostile tester or a tired admin would type:
/// each input must be refused (at least one error), with a stable error id of ours or PowerShell's binder (never a raw
/// .NET exception), a message that names the parameter or the file, and no change made in AWS.
/// </summary>
public sealed class BadInputCorpusTests : IDisposable
{
    private static readonly string[] BinderIds =
    {
        "ParameterArgumentValidationError", "ParameterArgumentTransformationError", "ParameterArgumentValidationErrorEmptyStringNotAllowed",
        "ParameterArgumentValidationErrorNullNotAllowed", "ParameterArgumentValidationErrorEmptyArrayNotAllowed", "MissingArgument",
        "CannotConvertArgumentNoMessage", "PositionalParameterNotFound", "AmbiguousParameterSet", "InputObjectNotBound",
    };

    private static readonly string[] Changes = { "Delete", "Put", "Create", "Set", "Enable", "Disable", "Deactivate", "Register" };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rootaccess-corpus-" + Guid.NewGuid());

    public BadInputCorpusTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, true);

    [Fact]
    public async Task Every_bad_input_is_refused_cleanly_naming_what_was_wrong()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.WithResources(OrgBuilder.WithResources(OrgBuilder.Organization(3), 2), 3));
        var cases = Corpus(org).ToList();
        var ours = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();
        var problems = new List<string>();

        foreach (var (script, mentions) in cases)
        {
            var before = org.Simulator.CallLog.Count;
            var result = org.Run(script);
            var calls = org.Simulator.CallLog.Skip(before).ToList();
            if (result.Errors.Count == 0)
            {
                problems.Add($"ACCEPTED  {script}  -> {result.Output.Count} objects");
                continue;
            }

            var error = result.Errors[0];
            var id = error.FullyQualifiedErrorId.Split(',')[0];
            var message = (error.ErrorDetails?.Message ?? string.Empty) + " " + error.Exception.Message;
            if (!ours.Contains(id) && !BinderIds.Contains(id))
            {
                problems.Add($"RAW       {script}  -> {error.FullyQualifiedErrorId}: {error.Exception.GetType().Name}: {error.Exception.Message}");
            }
            else if (!mentions.Any(m => message.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"UNNAMED   {script}  -> {error.FullyQualifiedErrorId}: {message} (expected one of: {string.Join(", ", mentions)})");
            }

            // A refused input changes nothing in AWS; an attempted backup write (PutObject, to the caller's own storage) is no change.
            if (calls.FirstOrDefault(c => c != "PutObject" && Changes.Any(c.StartsWith)) is { } change)
            {
                problems.Add($"CHANGED   {script}  -> {change}");
            }
        }

        Assert.True(cases.Count >= 250, $"the corpus has {cases.Count} inputs");
        Assert.True(problems.Count == 0, $"{problems.Count} of {cases.Count} inputs:\n" + string.Join("\n", problems));
    }

    private IEnumerable<(string Script, string[] Mentions)> Corpus(SimulatedOrganization org)
    {
        var member = OrgBuilder.MemberId(1);
        static string Q(string value) => "'" + value.Replace("'", "''") + "'";

        var accountIds = new[]
        {
            "", " ", "12345678901", "1234567890123", "abcdefghijkl", "12345678901a", "-12345678901", "123 456 789 012",
            "１２３４５６７８９０１２", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::12345678901:root", "arn:aws-evil-x:iam::123456789012:root",
            "arn:aws:iam::123456789012:root/extra", "123456789012; Remove-Item x", "$(whoami)", "null", "0x1234567890", "1.23456789012e11",
            "arn:xyz:iam::123456789012:root", "arn::iam::123456789012:root", "ARN:AWS:IAM::123456789012:ROOT",
        };
        var accountCommands = new Func<string, string>[]
        {
            id => $"Invoke-AssumeRoot -AccountId {id} -TaskPolicy IAMAuditRootUserCredentials",
            id => $"Get-RootCredentialStatus -AccountId {id}",
            id => $"Remove-RootCredential -AccountId {id} -WhatIf",
            id => $"Enable-RootPasswordRecovery -AccountId {id} -WhatIf",
            id => $"Unlock-S3BucketPolicy -AccountId {id}",
            id => $"Unlock-SQSQueuePolicy -AccountId {id}",
            id => $"Test-AssumeRootPolicy -PolicyDocument '{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}]}}' -ManagementAccountId {id}",
        };
        foreach (var command in accountCommands)
        {
            foreach (var id in accountIds)
            {
                yield return (command(Q(id)), new[] { "AccountId" });
            }
        }

        // A partition the region does not belong to is refused, never rewritten to the commercial one.
        foreach (var arn in new[] { "arn:aws-us-gov:iam::123456789012:root", "arn:aws-cn:iam::123456789012:root" })
        {
            yield return ($"Invoke-AssumeRoot -AccountId {Q(arn)} -TaskPolicy IAMAuditRootUserCredentials", new[] { "partition" });
            yield return ($"Get-RootCredentialStatus -AccountId {Q(arn)}", new[] { "partition" });
        }

        // The hostile run of issue 24: partitions in every account-taking command (previews included) and in task policy
        // ARNs, folders where files belong, dates and addresses .NET would read but AWS never writes, names that can
        // never match, a 10 MB "policy", an empty folder, an unknown region and a key AWS does not know.
        foreach (var arn in new[] { "arn:aws-us-gov:iam::123456789012:root", "arn:aws-cn:iam::123456789012:root" })
        {
            yield return ($"Enable-RootPasswordRecovery -AccountId {Q(arn)} -WhatIf", new[] { "partition", "-Region" });
            yield return ($"Unlock-S3BucketPolicy -AccountId {Q(arn)} -WhatIf", new[] { "partition", "-Region" });
            yield return ($"Unlock-SQSQueuePolicy -AccountId {Q(arn)} -QueueName q -WhatIf", new[] { "partition", "-Region" });
            yield return ($"Remove-RootCredential -AccountId {Q(arn)} -WhatIf", new[] { "partition", "-Region" });
        }

        yield return ($"Invoke-AssumeRoot -AccountId {member} -TaskPolicy 'arn:aws-cn:iam::aws:policy/root-task/IAMAuditRootUserCredentials'", new[] { "-TaskPolicy" });
        yield return ($"Test-AssumeRootPolicy -AuthorizationDetails {Q(_folder)}", new[] { "AuthorizationDetails" });
        yield return ($"Test-RootAccessHardening -ReportPath {Q(_folder)}", new[] { "ReportPath" });
        var readOnly = Path.Combine(_folder, "read-only.html");
        File.WriteAllText(readOnly, "an earlier report");
        File.SetAttributes(readOnly, FileAttributes.ReadOnly);
        yield return ($"Test-RootAccessHardening -ReportPath {Q(readOnly)}", new[] { "read-only" });
        foreach (var window in new[] { "'garbage','nonsense'", "'2026-11-20','not a date'" })
        {
            yield return ($"Get-AssumeRootEvent -ChangeWindow {window}", new[] { "ChangeWindow" });
        }

        yield return ("Get-AssumeRootEvent -StartTime 'yesterday-ish'", new[] { "StartTime" });
        foreach (var ip in new[] { "010.0.0.1", "0x0A.0.0.1", "fe80::1%eth0", "10.0.0.01/24" })
        {
            yield return ($"Get-AssumeRootEvent -ExpectedSourceIp {Q(ip)}", new[] { "ExpectedSourceIp" });
        }

        var details = Path.Combine(_folder, "details.json");
        File.WriteAllText(details, "{\"UserDetailList\":[],\"GroupDetailList\":[],\"RoleDetailList\":[],\"Policies\":[]}");
        foreach (var name in new[] { new string('x', 10000), "role/Break\nGlass", "role/Break Glass", "arn:aws-evil:iam::123456789012:role/BreakGlass", "arn:aws:iam::12345:role/BreakGlass" })
        {
            yield return ($"Test-AssumeRootPolicy -AuthorizationDetails {Q(details)} -BreakGlassPrincipal \"{name.Replace("\n", "`n")}\"", new[] { "BreakGlassPrincipal" });
        }

        var huge = Path.Combine(_folder, "huge.json");
        File.WriteAllText(huge, "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", Enumerable.Repeat("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}", 200000)) + "]}");
        yield return ($"Test-AssumeRootPolicy -Path {Q(huge)}", new[] { "huge.json" });
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;
        yield return ($"Test-AssumeRootPolicy -Path {Q(empty)}", new[] { "-Path" });
        yield return ("Get-OrgAccount -Region xx-fake-9", new[] { "Region" });
        yield return ("Get-OrgAccount -AccessKey AKIAWRONGWRONGWRONG1 -SecretKey wrong/secret/wrong/secret/wrong/secret00", new[] { "-AccessKey" });

        foreach (var policy in new[]
        {
            "IAMDoEverything", "", "arn:xyz:iam::aws:policy/root-task/IAMAuditRootUserCredentials", "arn:aws:iam::aws:policy/root-task/evil/IAMAuditRootUserCredentials",
            "arn:aws:iam::123456789012:policy/root-task/IAMAuditRootUserCredentials", "arn:aws:iam::aws:policy/IAMAuditRootUserCredentials", "S3UnlockBucketPolicy*",
            "root-task/IAMAuditRootUserCredentials", "arn:aws-evil:iam::aws:policy/root-task/IAMAuditRootUserCredentials", "IAMAuditRootUserCredentials;IAMCreateRootUserPassword",
            "*", "AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess",
        })
        {
            yield return ($"Invoke-AssumeRoot -AccountId {member} -TaskPolicy {Q(policy)}", new[] { "TaskPolicy" });
        }

        foreach (var seconds in new[] { "-1", "0", "901", "100000", "'abc'", "''", "2147483648" })
        {
            yield return ($"Invoke-AssumeRoot -AccountId {member} -TaskPolicy IAMAuditRootUserCredentials -DurationSeconds {seconds}", new[] { "DurationSeconds" });
        }

        foreach (var region in new[] { "Frankfurt", "us_east_1", "us-east-1;x", "eu-west", "../etc", "1", "us east 1", "US-EAST-1" })
        {
            yield return ($"Get-OrgAccount -Region {Q(region)}", new[] { "Region" });
            yield return ($"Invoke-AssumeRoot {member} IAMAuditRootUserCredentials -Region {Q(region)}", new[] { "Region" });
            yield return ($"Get-OrgRootAccessStatus -Region {Q(region)}", new[] { "Region" });
        }

        foreach (var url in new[] { "not-a-url", "localhost:4566", "ftp://127.0.0.1", "http://", "file:///etc/passwd", "javascript:alert(1)", "http://exa mple.com" })
        {
            yield return ($"Get-OrgAccount -EndpointUrl {Q(url)}", new[] { "EndpointUrl" });
            yield return ($"Get-RootCredentialStatus {member} -EndpointUrl {Q(url)}", new[] { "EndpointUrl" });
            yield return ($"Get-AssumeRootEvent -EndpointUrl {Q(url)}", new[] { "EndpointUrl" });
        }

        yield return ("Get-OrgAccount -ProfileName no-such-profile-anywhere", new[] { "no-such-profile-anywhere" });
        yield return ($"Invoke-AssumeRoot {member} IAMAuditRootUserCredentials -ProfileName no-such-profile-anywhere", new[] { "no-such-profile-anywhere" });
        yield return ($"Get-OrgAccount -ProfileName default -ProfileLocation {Q(Path.Combine(_folder, "missing-credentials"))}", new[] { "ProfileLocation", "missing-credentials", "default" });
        // The harness's defaults supply both keys; these run with only the endpoint and region defaulted.
        const string OwnKeys = "& { $PSDefaultParameterValues = $PSDefaultParameterValues.Clone(); $PSDefaultParameterValues.Remove('*:AccessKey'); $PSDefaultParameterValues.Remove('*:SecretKey'); ";
        yield return (OwnKeys + $"Get-OrgAccount -AccessKey {OrgBuilder.AdminKey} }}", new[] { "SecretKey" });
        yield return (OwnKeys + "Get-OrgAccount -SecretKey 'abc' }", new[] { "AccessKey" });
        yield return (OwnKeys + "Get-OrgAccount -SessionToken 'abc' }", new[] { "AccessKey" });

        foreach (var since in new[] { "yesterday", "0h", "-5m", "24", "h", "1y", "", "24 h", "P1D" })
        {
            yield return ($"Get-AssumeRootEvent -Since {Q(since)}", new[] { "Since" });
        }

        foreach (var ip in new[] { "10.0.0.0/33", "300.1.1.1", "10.0.0", "abc", "::/129", "10.0.0.0/-1", "10.0.0.1/8/8", "", "10.0.0.0/", "1.2.3.4.5" })
        {
            yield return ($"Get-AssumeRootEvent -ExpectedSourceIp {Q(ip)}", new[] { "ExpectedSourceIp" });
        }

        yield return ("Get-AssumeRootEvent -ChangeWindow '2026-12-02 02:00', '2026-12-01 22:00'", new[] { "ChangeWindow" });
        yield return ("Get-AssumeRootEvent -ChangeWindow '2026-12-02 02:00'", new[] { "ChangeWindow" });
        yield return ("Get-AssumeRootEvent -ChangeWindow '2026-12-01', '2026-12-02', '2026-12-03'", new[] { "ChangeWindow" });
        yield return ("Get-AssumeRootEvent -ChangeWindow 'tonight', 'tomorrow'", new[] { "ChangeWindow" });
        yield return ("Get-AssumeRootEvent -StartTime '2026-12-02' -EndTime '2026-12-01'", new[] { "StartTime" });
        yield return ("Get-AssumeRootEvent -StartTime 'last tuesday'", new[] { "StartTime" });
        yield return ("Get-AssumeRootEvent -Since 24h -StartTime '2026-12-01'", new[] { "Since" });
        yield return ($"Get-AssumeRootEvent -Path {Q(Path.Combine(_folder, "no-such-logs"))}", new[] { "no-such-logs" });
        yield return ($"Get-AssumeRootEvent -Path {Q(Path.Combine(_folder, "*.nothing"))}", new[] { "Path" });

        foreach (var bucket in new[] { "..", "a", "AB", "UPPERCASE", new string('a', 64), "bucket_name", "bucket..name", "-bucket", "bucket-", "192.168.5.4", "xn--bucket", "bucket/../other", "bucket?policy", "" })
        {
            yield return ($"Unlock-S3BucketPolicy -AccountId {member} -BucketName {Q(bucket)}", new[] { "BucketName" });
        }

        foreach (var queue in new[] { "a b", new string('q', 81), "queue/../x", "", "queue$", "queue.fifo.x", "../../etc" })
        {
            yield return ($"Unlock-SQSQueuePolicy -AccountId {member} -QueueName {Q(queue)}", new[] { "QueueName" });
        }

        foreach (var url in new[]
        {
            "not-a-url", "http://sqs.us-east-1.amazonaws.com/", "https://sqs.us-east-1.amazonaws.com/12345/q", "https://sqs.us-east-1.amazonaws.com/123456789012/",
            "ftp://x/123456789012/q", "https://sqs.us-east-1.amazonaws.com/123456789012/q/extra", "https://sqs.us-east-1.amazonaws.com/123456789012/q w", "",
        })
        {
            yield return ($"Unlock-SQSQueuePolicy -QueueUrl {Q(url)}", new[] { "QueueUrl" });
        }

        foreach (var (name, file) in TamperedBackups(org))
        {
            yield return ($"Restore-ResourcePolicy -Path {Q(file)} -Force", new[] { file, Path.GetFileName(file) });
            _ = name;
        }

        yield return ($"Restore-ResourcePolicy -Path {Q(Path.Combine(_folder, "no-backup.json"))} -Force", new[] { "no-backup.json" });
        yield return ($"Restore-ResourcePolicy -Path {Q(_folder)} -Force", new[] { _folder });
        yield return ($"Unlock-S3BucketPolicy {OrgBuilder.MemberId(3)} {OrgBuilder.Bucket(3, "locked")} -Force -BackupPath {Q(OccupiedByAFile())}", new[] { "BackupPath", "occupied" });
        foreach (var s3 in new[] { "s3://", "s3:///prefix", "s3://Not_A_Bucket/x", "s3://no-such-backup-bucket/x", "s3://" + OrgBuilder.Bucket(3, "open") + "/not-yours" })
        {
            yield return ($"Unlock-S3BucketPolicy {OrgBuilder.MemberId(3)} {OrgBuilder.Bucket(3, "locked")} -Force -BackupPath {Q(s3)}", new[] { s3 });
            yield return ($"Restore-ResourcePolicy -Path {Q(s3 + "/missing.json")} -Force", new[] { s3 });
        }

        foreach (var (name, json) in BadPolicies())
        {
            var file = Path.Combine(_folder, "policy-" + name + ".json");
            File.WriteAllText(file, json);
            yield return ($"Test-AssumeRootPolicy -Path {Q(file)}", new[] { file });
            yield return ($"Test-AssumeRootPolicy -PolicyDocument {Q(json)}", new[] { "PolicyDocument" });
            yield return ($"Test-AssumeRootPolicy -Path {Q(file)} -Quiet", new[] { file });
        }

        var emptyFolder = Directory.CreateDirectory(Path.Combine(_folder, "folder-as-details")).FullName;
        yield return ($"Test-AssumeRootPolicy -Path {Q(Path.Combine(_folder, "no-policy.json"))}", new[] { "no-policy.json" });
        yield return ($"Test-AssumeRootPolicy -AuthorizationDetails {Q(Path.Combine(_folder, "no-details.json"))}", new[] { "no-details.json" });
        yield return ($"Test-AssumeRootPolicy -AuthorizationDetails {Q(emptyFolder)}", new[] { emptyFolder });
        foreach (var (name, json) in new[] { ("array", "[]"), ("no-lists", "{}"), ("bad-json", "{\"RoleDetailList\": ["), ("roles-not-list", "{\"RoleDetailList\": 5}"), ("duplicate", "{\"UserDetailList\": [], \"UserDetailList\": []}") })
        {
            var file = Path.Combine(_folder, "details-" + name + ".json");
            File.WriteAllText(file, json);
            yield return ($"Test-AssumeRootPolicy -AuthorizationDetails {Q(file)}", new[] { file });
        }

        yield return ("Test-RootAccessHardening -MinimumPriority P3", new[] { "MinimumPriority" });
        yield return ("Test-RootAccessHardening -MinimumPriority ''", new[] { "MinimumPriority" });
        foreach (var everyone in new[] { "*", "role/*", "arn:aws:iam::111111111111:role/*", "user/?*", "''", " " })
        {
            yield return ($"Test-RootAccessHardening -BreakGlassPrincipal '{everyone.Trim('\'')}'", new[] { "BreakGlassPrincipal" });
        }

        yield return ("Test-RootAccessHardening -BreakGlassPrincipal @()", new[] { "BreakGlassPrincipal" });
        yield return ($"Test-AssumeRootPolicy -AuthorizationDetails {Q(Path.Combine(_folder, "no-details.json"))} -BreakGlassPrincipal 'role/*'", new[] { "BreakGlassPrincipal" });
        yield return ("Test-RootAccessHardening -LogArchiveProfileName ''", new[] { "LogArchiveProfileName" });
        yield return ("Test-RootAccessHardening -LogArchiveProfileName 'no-such-log-archive-profile'", new[] { "LogArchiveProfileName" });
        yield return ("Test-RootAccessHardening -LogArchiveCredential $null", new[] { "LogArchiveCredential" });
        yield return ("Get-OrgAccount -ParentId 'ou-bad'", new[] { "ParentId" });
        yield return ("Get-OrgAccount -ParentId 'r-'", new[] { "ParentId" });
        yield return ("Get-OrgAccount -ParentId '../r-abcd'", new[] { "ParentId" });
        yield return ("Get-OrgAccount -State 'RUNNING'", new[] { "State" });
        yield return ("Disable-OrgRootAccess -Feature 'Everything' -WhatIf", new[] { "Feature" });
        yield return ("Enable-OrgRootAccess -Feature 'RootUsers' -WhatIf", new[] { "Feature" });
        yield return ($"Get-RootCredentialStatus {member} -ThrottleLimit 0", new[] { "ThrottleLimit" });
        yield return ($"Get-RootCredentialStatus {member} -ThrottleLimit 100000", new[] { "ThrottleLimit" });
        yield return ($"Remove-RootCredential {member} -CredentialType 'Everything' -WhatIf", new[] { "CredentialType" });
        yield return ($"Invoke-AssumeRoot {member} IAMAuditRootUserCredentials -Command {Q(Path.Combine(_folder, "no-such-program"))}", new[] { "no-such-program" });
    }

    // A real backup, then every way an attacker or a bad copy would change it.
    private IEnumerable<(string Name, string File)> TamperedBackups(SimulatedOrganization org)
    {
        var source = Path.Combine(_folder, "source");
        var unlocked = org.Run($"Unlock-S3BucketPolicy {OrgBuilder.MemberId(2)} {OrgBuilder.Bucket(2, "locked")} -BackupPath $args[0] -Force", source);
        Assert.Empty(unlocked.Errors);
        var original = File.ReadAllText(Directory.GetFiles(source).Single());
        var record = JsonNode.Parse(original)!.AsObject();

        IEnumerable<(string, Func<JsonObject, string?>)> Variants()
        {
            yield return ("empty", _ => string.Empty);
            yield return ("not-json", _ => "policy please");
            yield return ("array", _ => "[]");
            yield return ("empty-object", _ => "{}");
            yield return ("truncated", _ => original.Substring(0, original.Length / 2));
            yield return ("policy-replaced", r => Set(r, "Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"));
            yield return ("hash-replaced", r => Set(r, "PolicySha256", new string('0', 64)));
            yield return ("hash-missing", r => Remove(r, "PolicySha256"));
            yield return ("policy-missing", r => Remove(r, "Policy"));
            yield return ("account-invalid", r => Set(r, "AccountId", "12345"));
            yield return ("account-other", r => Set(r, "AccountId", OrgBuilder.MemberId(3)));
            yield return ("partition-made-up", r => Set(r, "Partition", "aws-evil-x"));
            yield return ("partition-gov", r => Set(r, "Partition", "aws-us-gov"));
            yield return ("region-invalid", r => Set(r, "Region", "Frankfurt"));
            yield return ("name-dotdot", r => Set(r, "Name", ".."));
            yield return ("name-other", r => Set(r, "Name", "some-other-bucket"));
            yield return ("arn-other", r => Set(r, "ResourceArn", "arn:aws:s3:::some-other-bucket"));
            yield return ("type-unknown", r => Set(r, "ResourceType", "DynamoDBTable"));
            yield return ("version-future", r => Set(r, "RootAccessPolicyBackup", "99"));
            yield return ("policy-not-json", r => Set(r, "Policy", "not a policy"));
            yield return ("duplicate-key", _ => original.Replace("\"Policy\":", "\"Policy\": \"{}\", \"Policy\":"));
        }

        foreach (var (name, change) in Variants())
        {
            var copy = JsonNode.Parse(record.ToJsonString())!.AsObject();
            var file = Path.Combine(_folder, $"backup-{name}.json");
            File.WriteAllText(file, change(copy) ?? copy.ToJsonString());
            yield return (name, file);
        }

        // The real record under another account's name: the file name never decides the target.
        var renamed = Path.Combine(_folder, $"{OrgBuilder.MemberId(3)}_S3Bucket_{OrgBuilder.Bucket(3, "locked")}_20260101T000000000Z.json");
        File.WriteAllText(renamed, Set(JsonNode.Parse(original)!.AsObject(), "PolicySha256", new string('1', 64)));
        yield return ("renamed", renamed);

        static string Set(JsonObject r, string key, string value)
        {
            r[key] = key == "RootAccessPolicyBackup" ? JsonValue.Create(int.Parse(value)) : JsonValue.Create(value);
            return r.ToJsonString();
        }

        static string Remove(JsonObject r, string key)
        {
            r.Remove(key);
            return r.ToJsonString();
        }
    }

    private string OccupiedByAFile()
    {
        var file = Path.Combine(_folder, "occupied");
        File.WriteAllText(file, "a file where the backup folder should be");
        return file;
    }

    private static IEnumerable<(string Name, string Json)> BadPolicies()
    {
        yield return ("empty", string.Empty);
        yield return ("open-brace", "{");
        yield return ("array", "[]");
        yield return ("string", "\"policy\"");
        yield return ("statement-number", "{\"Version\":\"2012-10-17\",\"Statement\":5}");
        yield return ("statement-empty", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        yield return ("no-statement", "{\"Version\":\"2012-10-17\"}");
        yield return ("trailing-garbage", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]} x");
        yield return ("comment", "/* hi */{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}");
        yield return ("duplicate-statement", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}],\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"}]}");
        yield return ("duplicate-effect", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"}]}");
        yield return ("duplicate-condition-key", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\",\"aws:MultiFactorAuthPresent\":\"false\"}}}]}");
        yield return ("effect-maybe", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"}]}");
        yield return ("no-action", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}");
        yield return ("action-and-notaction", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]}");
        yield return ("action-number", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":5,\"Resource\":\"*\"}]}");
        yield return ("condition-operator-unknown", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\",\"Condition\":{\"StringEqualz\":{\"aws:SourceIp\":\"1.2.3.4\"}}}]}");
        yield return ("statement-string", "{\"Version\":\"2012-10-17\",\"Statement\":[\"Allow everything\"]}");
    }
}
