using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

public sealed class ReachabilityTests
{
    private const string Account = "111122223333";

    private static string Export(string users, string roles, string policies = "[]")
        => $"{{\"UserDetailList\":{users},\"GroupDetailList\":[],\"RoleDetailList\":{roles},\"Policies\":{policies}}}";

    private static string Doc(string statements) => $"{{\"Version\":\"2012-10-17\",\"Statement\":[{statements}]}}";

    private static string Role(string name, string trust, string inline) =>
        $"{{\"RoleName\":\"{name}\",\"Arn\":\"arn:aws:iam::{Account}:role/{name}\",\"AssumeRolePolicyDocument\":{trust},\"RolePolicyList\":[{{\"PolicyName\":\"inline\",\"PolicyDocument\":{inline}}}],\"AttachedManagedPolicies\":[]}}";

    private static string Trust(string principal) => Doc($"{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"{principal}\"}},\"Action\":\"sts:AssumeRole\"}}");

    private const string DeleteCredentials = "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"sts:TaskPolicyArn\":\"arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials\"}}}";

    private const string CreatePassword = "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"arn:aws:iam::444455556666:root\",\"Condition\":{\"StringEquals\":{\"sts:TaskPolicyArn\":\"arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword\"},\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}%IP%}}";

    [Theory]
    [InlineData(",\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}", "role/BreakGlass", FindingSeverity.Low)]
    [InlineData(",\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}", "role/Someone", FindingSeverity.Critical)]
    [InlineData("", "role/BreakGlass", FindingSeverity.Critical)]
    public void A_named_break_glass_role_with_MFA_and_source_IP_is_the_guides_exception_and_nothing_else_is(string ip, string named, FindingSeverity expected)
    {
        var json = Export("[]", "[" + Role("BreakGlass", Trust($"arn:aws:iam::{Account}:root"), Doc(CreatePassword.Replace("%IP%", ip))) + "]");

        var reach = Assert.Single(AssumeRootReachability.Analyze(json, "export.json", new BreakGlass(new[] { named })), r => r.Path == "direct");

        Assert.Equal(expected, reach.Severity);
        Assert.Equal(named == "role/BreakGlass", reach.BreakGlass);
        Assert.True(reach.RequiresMfa);
        Assert.Equal(ip.Length > 0, reach.RestrictsSourceIp);
    }

    [Fact]
    public void A_user_two_role_hops_from_AssumeRoot_is_found_with_its_path()
    {
        var json = Export(
            $"[{{\"UserName\":\"alice\",\"Arn\":\"arn:aws:iam::{Account}:user/alice\",\"UserPolicyList\":[{{\"PolicyName\":\"p\",\"PolicyDocument\":{Doc($"{{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::{Account}:role/Ops\"}}")}}}],\"GroupList\":[],\"AttachedManagedPolicies\":[]}}]",
            "[" + Role("Ops", Trust($"arn:aws:iam::{Account}:user/alice"), Doc($"{{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::{Account}:role/RootAdmin\"}}"))
            + "," + Role("RootAdmin", Trust($"arn:aws:iam::{Account}:role/Ops"), Doc(DeleteCredentials)) + "]");

        var reach = AssumeRootReachability.Analyze(json, "export.json");

        var alice = Assert.Single(reach, r => r.Principal.EndsWith(":user/alice"));
        Assert.Equal("IAMDeleteRootUserCredentials", alice.TaskPolicy);
        Assert.Equal("user/alice -> role/Ops -> role/RootAdmin", alice.Path);
        Assert.Equal("*", alice.TargetAccounts);
        Assert.Contains("MFA not required", alice.Conditions);
        Assert.Contains(reach, r => r.Principal.EndsWith(":role/RootAdmin") && r.Path == "direct");
    }

    [Fact]
    public void IAM_write_on_itself_and_trust_from_another_account_are_one_step_paths()
    {
        var json = Export(
            $"[{{\"UserName\":\"ci\",\"Arn\":\"arn:aws:iam::{Account}:user/ci\",\"UserPolicyList\":[{{\"PolicyName\":\"p\",\"PolicyDocument\":{Doc("{\"Effect\":\"Allow\",\"Action\":\"iam:PutUserPolicy\",\"Resource\":\"*\"}")}}}],\"GroupList\":[],\"AttachedManagedPolicies\":[]}}]",
            "[" + Role("RootAdmin", Trust("arn:aws:iam::444455556666:root"), Doc(DeleteCredentials)) + "]");

        var reach = AssumeRootReachability.Analyze(json, "export.json");

        var ci = Assert.Single(reach, r => r.Principal.EndsWith(":user/ci"));
        Assert.Equal(FindingSeverity.Critical, ci.Severity);
        Assert.Contains("iam:PutUserPolicy on itself", ci.Path);
        var outsider = Assert.Single(reach, r => r.Principal == "arn:aws:iam::444455556666:root");
        Assert.Equal(FindingSeverity.Critical, outsider.Severity);
        Assert.Equal("arn:aws:iam::444455556666:root -> role/RootAdmin", outsider.Path);
    }

    [Fact]
    public void With_every_guide_control_in_place_nothing_is_High_or_Critical()
    {
        var hardened = Doc("{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"arn:aws:iam::210987654321:root\",\"Condition\":{\"StringEquals\":{\"sts:TaskPolicyArn\":\"arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials\"},\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"},\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"900\"},\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}}");
        var json = Export("[]", "[" + Role("RootAuditor", Doc($"{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:aws:iam::{Account}:role/Admins\"}},\"Action\":\"sts:AssumeRole\",\"Condition\":{{\"Bool\":{{\"aws:MultiFactorAuthPresent\":\"true\"}}}}}}"), hardened) + "]");

        var reach = AssumeRootReachability.Analyze(json, "export.json");

        Assert.NotEmpty(reach);
        Assert.All(reach, r => Assert.True(r.Severity < FindingSeverity.High, r.ToString()));
        Assert.Contains(reach, r => r.Conditions == "MFA required; source IP restricted");
    }
}
