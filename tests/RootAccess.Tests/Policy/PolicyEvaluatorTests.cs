using System.Linq;
using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

/// <summary>The evaluator against cases whose answers come from AWS's documented policy evaluation logic.</summary>
public sealed class PolicyEvaluatorTests
{
    private static PolicyDocument P(string json) => PolicyParser.Parse(json, "test");

    private static Decision Eval(string json, PolicyRequest request) => PolicyEvaluator.Evaluate(request, new[] { P(json) });

    private static PolicyRequest R(string action = "sts:AssumeRoot", string resource = "arn:aws:iam::210987654321:root") => new(action, resource, "arn:aws:iam::111122223333:role/Caller");

    [Theory]
    // Actions: case-insensitive, * and ?
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"STS:assumeroot\",\"Resource\":\"*\"}}", "sts:AssumeRoot", Decision.Allow)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:Assume*\",\"Resource\":\"*\"}}", "sts:AssumeRoot", Decision.Allow)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRol?\",\"Resource\":\"*\"}}", "sts:AssumeRoot", Decision.ImplicitDeny)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRo?t\",\"Resource\":\"*\"}}", "sts:AssumeRoot", Decision.Allow)]
    // NotAction on an Allow grants everything else
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}}", "sts:AssumeRoot", Decision.Allow)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"sts:*\",\"Resource\":\"*\"}}", "sts:AssumeRoot", Decision.ImplicitDeny)]
    // explicit Deny wins over Allow
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"}]}", "sts:AssumeRoot", Decision.ExplicitDeny)]
    // no statement: implicit deny
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}", "sts:AssumeRoot", Decision.ImplicitDeny)]
    // resources: ARN wildcards and NotResource
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"arn:aws:iam::*:root\"}}", "sts:AssumeRoot", Decision.Allow)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"arn:aws:iam::999999999999:root\"}}", "sts:AssumeRoot", Decision.ImplicitDeny)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\",\"NotResource\":\"arn:aws:iam::999999999999:root\"}}", "sts:AssumeRoot", Decision.Allow)]
    public void Actions_resources_and_effects(string policy, string action, Decision expected)
        => Assert.Equal(expected, Eval(policy, R(action)));

    [Theory]
    // Missing key: a positive operator is false, a negated one true, IfExists true, ForAnyValue false, ForAllValues true
    [InlineData("StringEquals", "aws:PrincipalOrgID", "o-1", false)]
    [InlineData("StringNotEquals", "aws:PrincipalOrgID", "o-1", true)]
    [InlineData("StringEqualsIfExists", "aws:PrincipalOrgID", "o-1", true)]
    [InlineData("ForAnyValue:StringEquals", "aws:TagKeys", "a", false)]
    [InlineData("ForAllValues:StringEquals", "aws:TagKeys", "a", true)]
    [InlineData("Bool", "aws:MultiFactorAuthPresent", "true", false)]
    [InlineData("BoolIfExists", "aws:MultiFactorAuthPresent", "true", true)]
    [InlineData("IpAddress", "aws:SourceIp", "10.0.0.0/8", false)]
    [InlineData("NotIpAddress", "aws:SourceIp", "10.0.0.0/8", true)]
    [InlineData("ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::*:root", true)]
    [InlineData("NumericLessThan", "aws:MultiFactorAuthAge", "3600", false)]
    [InlineData("Null", "aws:AssumedRoot", "true", true)]
    [InlineData("Null", "aws:AssumedRoot", "false", false)]
    public void Missing_keys_follow_AWS(string op, string key, string value, bool holds)
        => Assert.Equal(holds, PolicyEvaluator.ConditionHolds(new PolicyCondition(op, key, new[] { value }), R()));

    [Theory]
    [InlineData("StringEquals", "sts:TaskPolicyArn", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", true)]
    [InlineData("StringEquals", "sts:TaskPolicyArn", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", "arn:aws:iam::aws:policy/root-task/iamauditrootusercredentials", false)]
    [InlineData("StringEqualsIgnoreCase", "sts:TaskPolicyArn", "ARN:AWS:IAM::AWS:POLICY/ROOT-TASK/X", "arn:aws:iam::aws:policy/root-task/x", true)]
    [InlineData("StringLike", "sts:TaskPolicyArn", "arn:aws:iam::aws:policy/root-task/*", "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword", true)]
    [InlineData("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:root", "arn:aws:iam::210987654321:root", true)]
    [InlineData("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:root", "arn:aws:iam::210987654321:role/root", false)]
    [InlineData("IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.77", true)]
    [InlineData("IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.114.1", false)]
    [InlineData("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.114.1", true)]
    [InlineData("NumericLessThan", "aws:MultiFactorAuthAge", "3600", "120", true)]
    [InlineData("NumericLessThan", "aws:MultiFactorAuthAge", "3600", "86400", false)]
    [InlineData("DateGreaterThan", "aws:CurrentTime", "2026-01-01T00:00:00Z", "2026-11-23T00:00:00Z", true)]
    [InlineData("DateLessThan", "aws:CurrentTime", "2026-01-01T00:00:00Z", "2026-11-23T00:00:00Z", false)]
    [InlineData("Bool", "aws:MultiFactorAuthPresent", "true", "true", true)]
    [InlineData("Bool", "aws:MultiFactorAuthPresent", "false", "true", false)]
    public void Operators_compare_present_keys(string op, string key, string policyValue, string requestValue, bool holds)
        => Assert.Equal(holds, PolicyEvaluator.ConditionHolds(new PolicyCondition(op, key, new[] { policyValue }), R().With(key, requestValue)));

    [Fact]
    public void Condition_keys_are_case_insensitive_and_values_are_any_of()
    {
        var condition = new PolicyCondition("StringEquals", "AWS:PRINCIPALORGID", new[] { "o-aaa", "o-bbb" });

        Assert.True(PolicyEvaluator.ConditionHolds(condition, R().With("aws:PrincipalOrgID", "o-bbb")));
        Assert.False(PolicyEvaluator.ConditionHolds(condition, R().With("aws:PrincipalOrgID", "o-ccc")));
    }

    [Fact]
    public void Set_operators_work_on_multivalued_keys()
    {
        var any = new PolicyCondition("ForAnyValue:StringEquals", "aws:TagKeys", new[] { "env" });
        var all = new PolicyCondition("ForAllValues:StringEquals", "aws:TagKeys", new[] { "env", "team" });

        Assert.True(PolicyEvaluator.ConditionHolds(any, R().With("aws:TagKeys", "owner", "env")));
        Assert.False(PolicyEvaluator.ConditionHolds(all, R().With("aws:TagKeys", "owner", "env")));
        Assert.True(PolicyEvaluator.ConditionHolds(all, R().With("aws:TagKeys", "team", "env")));
    }

    [Fact]
    public void SCPs_bound_identity_policies_except_in_the_management_account()
    {
        var identity = new[] { P("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}") };
        var scps = new[]
        {
            P("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"),
            P("{\"Statement\":{\"Sid\":\"DenyAssumeRootFromMemberAccounts\",\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRoot\",\"Resource\":\"*\"}}"),
        };
        var allowListOnly = new[] { P("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}") };

        Assert.Equal(Decision.ExplicitDeny, PolicyEvaluator.Evaluate(R(), identity, scps));
        Assert.Equal(Decision.Allow, PolicyEvaluator.Evaluate(R(), identity, scps, isManagementAccount: true));
        Assert.Equal(Decision.ImplicitDeny, PolicyEvaluator.Evaluate(R(), identity, allowListOnly));
        Assert.Equal(Decision.ImplicitDeny, PolicyEvaluator.Evaluate(R(), new PolicyDocument[0], scps.Take(1)));
    }
}
