using System.Linq;
using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

/// <summary>
/// A runbook's role is taken by a platform's identity, never a person: MFA and source IP cannot hold, and the trust is
/// its one control. The rules judge the trust instead, and only when nobody else can take the role.
/// </summary>
public sealed class UnattendedTrustTests
{
    private const string AuditOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoot","Resource":"arn:aws:iam::222222222222:root","Condition":{"StringEquals":{"sts:TaskPolicyArn":"arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}}}]}""";
    private const string Provider = "arn:aws:iam::111111111111:oidc-provider/sts.windows.net/tenant/";

    private static string Federated(string conditions)
        => "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + Provider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":" + conditions + "}]}";

    private static string[] Rules(string trust)
        => AssumeRootRules.Analyze(new[] { PolicyParser.Parse(AuditOnly, "audit.json") }, PolicyType.Identity, null, PolicyParser.Parse(trust, "trust.json")).Select(f => f.RuleId).OrderBy(r => r).ToArray();

    [Fact]
    public void A_trust_bound_to_one_managed_identity_leaves_nothing_to_report()
        => Assert.Empty(Rules(Federated("""{"StringEquals":{"sts.windows.net/tenant/:aud":"api://rootaccess","sts.windows.net/tenant/:sub":"object-id"}}""")));

    [Theory]
    [InlineData("""{"StringEquals":{"sts.windows.net/tenant/:aud":"api://rootaccess"}}""", ":sub")]
    [InlineData("""{"StringEquals":{"sts.windows.net/tenant/:sub":"object-id"}}""", ":aud")]
    [InlineData("""{"StringLike":{"sts.windows.net/tenant/:aud":"api://rootaccess","sts.windows.net/tenant/:sub":"*"}}""", ":aud and")]
    [InlineData("""{"StringEquals":{"sts.windows.net/tenant/:aud":"api://rootaccess","sts.windows.net/tenant/:sub":"obj*"}}""", ":sub")]
    public void A_trust_any_identity_of_the_provider_passes_is_RA014_and_names_the_missing_claim(string conditions, string named)
    {
        var finding = AssumeRootRules.Analyze(new[] { PolicyParser.Parse(AuditOnly, "audit.json") }, PolicyType.Identity, null, PolicyParser.Parse(Federated(conditions), "trust.json")).Single();

        Assert.Equal("RA014", finding.RuleId);
        Assert.Equal(FindingSeverity.High, finding.Severity);
        Assert.Contains(named, finding.Detail, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"StringEquals":{"aws:SourceAccount":"111111111111"}}""", "")]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:ssm:*:111111111111:automation-execution/*"}}""", "")]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"*"}}""", "RA014")]
    [InlineData("""{}""", "RA014")]
    public void A_service_trust_must_name_the_account_it_acts_for(string conditions, string expected)
        => Assert.Equal(expected, string.Join(",", Rules("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole","Condition":""" + conditions + "}]}")));

    [Theory]
    [InlineData("""{"AWS":"arn:aws:iam::111111111111:root"}""")]
    [InlineData("\"*\"")]
    public void When_a_person_or_any_AWS_principal_could_take_the_role_MFA_and_source_IP_still_count(string principal)
        => Assert.Equal(new[] { "RA004", "RA006" }, Rules("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":""" + principal + ""","Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"}}}]}"""));

    // Trusts that look unattended but are not: people sign in through SAML and public identity providers; a Lambda
    // function's or an instance's code can be changed by whoever may update it; NotPrincipal admits everyone else.
    [Theory]
    [InlineData("""{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML"}""")]
    [InlineData("""{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}""")]
    [InlineData("""{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"}}}""")]
    [InlineData("""{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"sts:AssumeRole"}""")]
    public void A_trust_people_or_changeable_code_can_use_keeps_the_rules_for_people(string other)
        => Assert.Equal(new[] { "RA004", "RA006" }, Rules("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"}}},""" + other + "]}"));

    [Theory]
    [InlineData("""{"ArnLike":{"aws:SourceArn":"arn:aws:ssm:*:*:automation-execution/*"}}""")]
    [InlineData("""{"StringEquals":{"aws:SourceAccount":["111111111111","222222222222"]}}""")]
    public void A_service_trust_that_names_no_one_account_is_RA014(string conditions)
        => Assert.Equal("RA014", string.Join(",", Rules("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole","Condition":""" + conditions + "}]}")));

    [Fact]
    public void Two_subjects_are_not_one_identity()
        => Assert.Equal(new[] { "RA014" }, Rules(Federated("""{"StringEquals":{"sts.windows.net/tenant/:aud":"api://rootaccess","sts.windows.net/tenant/:sub":["object-id","other-id"]}}""")));

    [Fact]
    public void Without_a_trust_the_rules_are_as_before()
        => Assert.Equal(new[] { "RA004", "RA006" }, AssumeRootRules.Analyze(new[] { PolicyParser.Parse(AuditOnly, "audit.json") }, PolicyType.Identity).Select(f => f.RuleId).OrderBy(r => r).ToArray());
}
