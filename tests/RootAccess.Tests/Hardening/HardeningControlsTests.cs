using System.Collections.Generic;
using System.Text.Json;
using RootAccess.Hardening;
using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

/// <summary>The management-account controls, the break-glass names and the EventBridge pattern matcher, without AWS or a runspace.</summary>
public sealed class HardeningControlsTests
{
    private const string Account = "111111111111";
    private const string Mfa = "\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}";
    private const string Ip = "\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}";
    private const string Member = "arn:aws:iam::222222222222:root";

    private static string Statement(string action, string resource, string condition = "") =>
        $"{{\"Effect\":\"Allow\",\"Action\":{action},\"Resource\":{resource}{(condition.Length == 0 ? string.Empty : ",\"Condition\":{" + condition + "}")}}}";

    private static string Policy(params string[] statements) => $"{{\"Version\":\"2012-10-17\",\"Statement\":[{string.Join(",", statements)}]}}";

    private static object Role(string name, string policy, string? trust = null, string path = "/") => new Dictionary<string, object>
    {
        ["RoleName"] = name,
        ["Arn"] = $"arn:aws:iam::{Account}:role{path}{name}",
        ["AssumeRolePolicyDocument"] = JsonDocument.Parse(trust ?? Policy($"{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:aws:iam::{Account}:root\"}},\"Action\":\"sts:AssumeRole\"}}")).RootElement,
        ["RolePolicyList"] = new[] { new Dictionary<string, object> { ["PolicyName"] = "inline", ["PolicyDocument"] = JsonDocument.Parse(policy).RootElement } },
    };

    private static ManagementAccountControls Controls(IEnumerable<object> roles, IEnumerable<object>? users = null, IEnumerable<object>? groups = null, params string[] breakGlass)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object> { ["UserDetailList"] = users ?? new object[0], ["GroupDetailList"] = groups ?? new object[0], ["RoleDetailList"] = roles, ["Policies"] = new object[0] });
        return new ManagementAccountControls(AssumeRootReachability.Principals(json, "test"), new BreakGlass(breakGlass), Account);
    }

    private static HardeningCheck Run(System.Action<HardeningCheck> control)
    {
        var check = new HardeningCheck();
        control(check);
        return check;
    }

    [Fact]
    public void A_task_policy_wildcard_reaches_IAMCreateRootUserPassword_even_with_MFA_and_a_source_IP()
    {
        var controls = Controls(new[] { Role("Operators", Policy(Statement("\"sts:AssumeRoot\"", $"\"{Member}\"", "\"StringLike\":{\"sts:TaskPolicyArn\":\"arn:aws:iam::aws:policy/root-task/*\"}," + Mfa + "," + Ip))) });

        var password = Run(controls.CreateRootUserPassword);
        var scoped = Run(controls.Scoped);

        Assert.Equal(CheckStatus.Fail, password.Status);
        Assert.Contains("role/Operators (granted directly, MFA required; source IP restricted)", password.Evidence);
        Assert.Equal(CheckStatus.Fail, scoped.Status);
        Assert.Contains("role/Operators (any task policy)", scoped.Evidence);
        Assert.Equal(CheckStatus.Pass, Run(controls.MfaRequired).Status);
        Assert.Equal(CheckStatus.Pass, Run(controls.IpRestricted).Status);
    }

    [Fact]
    public void The_break_glass_exemption_holds_only_for_the_named_principal_and_only_with_both_conditions()
    {
        var scopedGrant = Policy(Statement("\"sts:AssumeRoot\"", $"\"{Member}\"", "\"StringEquals\":{\"sts:TaskPolicyArn\":\"arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword\"}," + Mfa + "," + Ip));
        var noIp = Policy(Statement("\"sts:AssumeRoot\"", $"\"{Member}\"", "\"StringEquals\":{\"sts:TaskPolicyArn\":\"arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword\"}," + Mfa));

        Assert.Equal(CheckStatus.Fail, Run(Controls(new[] { Role("BreakGlass", scopedGrant) }).CreateRootUserPassword).Status);
        Assert.Equal(CheckStatus.Pass, Run(Controls(new[] { Role("BreakGlass", scopedGrant) }, breakGlass: "role/breakglass").CreateRootUserPassword).Status);
        Assert.Equal(CheckStatus.Fail, Run(Controls(new[] { Role("BreakGlass", scopedGrant) }, breakGlass: "user/BreakGlass").CreateRootUserPassword).Status);
        var weak = Run(Controls(new[] { Role("BreakGlass", noIp) }, breakGlass: "BreakGlass").CreateRootUserPassword);
        Assert.Equal(CheckStatus.Fail, weak.Status);
        Assert.Contains("without both conditions (MFA required; source IP any)", weak.Evidence);
        var typo = Run(Controls(new[] { Role("BreakGlass", scopedGrant) }, breakGlass: "role/BrakeGlass").CreateRootUserPassword);
        Assert.Contains("-BreakGlassPrincipal role/BrakeGlass matches no user or role", typo.Evidence);
        Assert.Equal(CheckStatus.Pass, Run(Controls(new[] { Role("BreakGlass", scopedGrant) }).Scoped).Status);
    }

    [Fact]
    public void Any_account_is_unscoped_and_a_self_grant_through_IAM_writes_counts_for_everyone_but_break_glass()
    {
        var anyAccount = Role("Wide", Policy(Statement("\"sts:AssumeRoot\"", "\"arn:aws:iam::*:root\"", "\"StringEquals\":{\"sts:TaskPolicyArn\":\"arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials\"}," + Mfa + "," + Ip)));
        var writer = Role("Writer", Policy(Statement("\"iam:PutRolePolicy\"", "\"*\"")));

        var scoped = Run(Controls(new[] { anyAccount, writer }).Scoped);
        var exempt = Run(Controls(new[] { anyAccount, writer }, breakGlass: "Writer").Scoped);
        var writes = Run(Controls(new[] { anyAccount, writer }).IamWritesDenied);

        Assert.Contains("role/Wide (any target account)", scoped.Evidence);
        Assert.Contains("role/Writer (can grant itself any AssumeRoot", scoped.Evidence);
        Assert.DoesNotContain("role/Writer", exempt.Evidence);
        Assert.Equal(CheckStatus.Fail, writes.Status);
        Assert.Contains("role/Writer (iam:PutRolePolicy)", writes.Evidence);
        Assert.DoesNotContain("role/Wide", writes.Evidence);
    }

    [Fact]
    public void Group_policies_count_for_their_users_and_service_linked_roles_are_left_out()
    {
        var user = new Dictionary<string, object> { ["UserName"] = "alice", ["Arn"] = $"arn:aws:iam::{Account}:user/alice", ["GroupList"] = new[] { "trail-admins" } };
        var group = new Dictionary<string, object> { ["GroupName"] = "trail-admins", ["GroupPolicyList"] = new[] { new Dictionary<string, object> { ["PolicyName"] = "g", ["PolicyDocument"] = Policy(Statement("\"cloudtrail:StopLogging\"", "\"*\"")) } } };
        var linked = Role("AWSServiceRoleForOrganizations", Policy(Statement("\"cloudtrail:*\"", "\"*\"")), path: "/aws-service-role/organizations.amazonaws.com/");

        var tampering = Run(Controls(new[] { linked }, new[] { user }, new[] { group }).TrailTamperingDenied);

        Assert.Equal(CheckStatus.Fail, tampering.Status);
        Assert.Contains("user/alice (cloudtrail:StopLogging)", tampering.Evidence);
        Assert.DoesNotContain("AWSServiceRoleForOrganizations", tampering.Evidence);
    }

    [Theory]
    [InlineData("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"222222222222\"},\"Action\":\"sts:AssumeRole\"}", "trusts 222222222222")]
    [InlineData("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}", "trusts *")]
    [InlineData("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111111111111:root\",\"arn:aws:iam::333333333333:role/ci\"]},\"Action\":\"sts:AssumeRole\"}", "trusts arn:aws:iam::333333333333:role/ci")]
    [InlineData("{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}", null)]
    [InlineData("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}", null)]
    public void Cross_account_trust_into_the_management_account_is_named(string statement, string? named)
    {
        var trust = Run(Controls(new[] { Role("Target", Policy(Statement("\"s3:GetObject\"", "\"*\"")), Policy(statement)) }).NoCrossAccountTrust);

        Assert.Equal(named is null ? CheckStatus.Pass : CheckStatus.Fail, trust.Status);
        if (named is not null)
        {
            Assert.Contains(named, trust.Evidence);
        }
    }

    [Theory]
    [InlineData("*")]
    [InlineData("role/*")]
    [InlineData("arn:aws:iam::111111111111:role/*")]
    [InlineData("user/?*")]
    [InlineData(" ")]
    public void A_break_glass_pattern_that_names_nobody_in_particular_is_refused(string value)
        => Assert.Contains("matches every principal", BreakGlass.Refusal(value));

    [Theory]
    [InlineData("role/BreakGlass*", "arn:aws:iam::111111111111:role/BreakGlassAdmin", true)]
    [InlineData("arn:aws:iam::111111111111:role/ops/BreakGlass", "arn:aws:iam::111111111111:role/ops/BreakGlass", true)]
    [InlineData("arn:aws:iam::111111111111:role/BreakGlass", "arn:aws:iam::222222222222:role/BreakGlass", false)]
    [InlineData("breakglass", "arn:aws:iam::111111111111:user/BreakGlass", true)]
    [InlineData("role/BreakGlass", "arn:aws:iam::111111111111:user/BreakGlass", false)]
    public void Break_glass_names_match_by_arn_kind_and_name(string name, string arn, bool expected)
    {
        Assert.Null(BreakGlass.Refusal(name));
        Assert.Equal(expected, new BreakGlass(new[] { name }).Contains(arn));
    }

    private const string AssumeRootEvent = "{\"source\":\"aws.sts\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"AssumeRoot\",\"resources\":[\"a\",\"b\"]}}";

    [Theory]
    [InlineData("{\"source\":[\"aws.sts\"],\"detail\":{\"eventName\":[\"AssumeRoot\"]}}", true)]
    [InlineData("{\"source\":[\"aws.iam\",\"aws.sts\"]}", true)]
    [InlineData("{\"detail\":{\"eventName\":[{\"prefix\":\"Assume\"}]}}", true)]
    [InlineData("{\"detail\":{\"eventName\":[{\"suffix\":\"Root\"}]}}", true)]
    [InlineData("{\"detail\":{\"eventName\":[{\"wildcard\":\"Assume*\"}]}}", true)]
    [InlineData("{\"detail\":{\"eventName\":[{\"equals-ignore-case\":\"assumeroot\"}]}}", true)]
    [InlineData("{\"detail\":{\"eventName\":[{\"anything-but\":[\"AssumeRole\"]}]}}", true)]
    [InlineData("{\"detail\":{\"eventName\":[{\"anything-but\":\"AssumeRoot\"}]}}", false)]
    [InlineData("{\"detail\":{\"errorCode\":[{\"exists\":false}]}}", true)]
    [InlineData("{\"detail\":{\"errorCode\":[{\"exists\":true}]}}", false)]
    [InlineData("{\"detail\":{\"resources\":[\"b\"]}}", true)]
    [InlineData("{\"source\":[\"aws.sts\"],\"detail\":{\"eventName\":[\"AssumeRole\"]}}", false)]
    [InlineData("{\"detail\":{\"eventName\":[{\"numeric\":[\">\",0]}]}}", false)]
    [InlineData("{\"source\":\"aws.sts\"}", false)]
    [InlineData("not json", false)]
    public void Event_patterns_match_as_EventBridge_documents(string pattern, bool expected)
        => Assert.Equal(expected, EventPattern.Matches(pattern, AssumeRootEvent));
}
