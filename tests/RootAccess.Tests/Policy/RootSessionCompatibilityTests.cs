using System.IO;
using System.Linq;
using RootAccess.Playground;
using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

/// <summary>SCPs that would deny what an AssumeRoot task session does, and the exempted document offered instead.</summary>
public sealed class RootSessionCompatibilityTests
{
    private static readonly string Folder = Path.Combine(ModuleLocator.RepositoryRoot(), "tests", "RootAccess.Tests", "Policies");

    // AWS's documented "restrict the root user" SCP shape: everything but a few actions, for arn:aws:iam::*:root.
    private const string NotActionRootDeny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"RestrictRootUser\",\"Effect\":\"Deny\",\"NotAction\":[\"iam:CreateVirtualMFADevice\",\"iam:EnableMFADevice\",\"iam:GetUser\",\"iam:ListMFADevices\",\"sts:GetSessionToken\"],\"Resource\":\"*\",\"Condition\":{\"StringLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::*:root\"]}}},{\"Sid\":\"DenyLeaving\",\"Effect\":\"Deny\",\"Action\":\"organizations:LeaveOrganization\",\"Resource\":\"*\"}]}";

    [Theory]
    [InlineData("scp-root-deny-no-exemption.json", "IAMAuditRootUserCredentials,IAMCreateRootUserPassword,IAMDeleteRootUserCredentials,S3UnlockBucketPolicy,SQSUnlockQueuePolicy")]
    [InlineData("scp-root-deny-exempt.json", "")]
    [InlineData("scp-deny-assume-root.json", "")]
    [InlineData("scp-full-access.json", "")]
    public void A_root_deny_without_the_exemption_blocks_every_task_session_and_the_exempted_one_none(string file, string blocked)
    {
        var scp = PolicyParser.Parse(File.ReadAllText(Path.Combine(Folder, file)), file);

        var blocks = RootSessionCompatibility.Blocks(new[] { scp });

        Assert.Equal(blocked.Split(',', System.StringSplitOptions.RemoveEmptyEntries), blocks.SelectMany(b => b.TaskPolicies).Distinct().OrderBy(t => t));
    }

    [Fact]
    public void A_NotAction_root_deny_is_found_and_its_exempted_document_still_denies_the_root_user_but_no_session()
    {
        var scp = PolicyParser.Parse(NotActionRootDeny, "RestrictRootUser");

        var block = Assert.Single(RootSessionCompatibility.Blocks(new[] { scp }));
        var exempted = PolicyParser.Parse(RootSessionCompatibility.Exempt(NotActionRootDeny, "RestrictRootUser"), "exempted");

        Assert.Equal("RestrictRootUser", block.Statement.Name);
        Assert.Contains("iam:DeleteLoginProfile", block.Actions);
        Assert.DoesNotContain("iam:GetUser", block.Actions); // in the NotAction list
        Assert.Empty(RootSessionCompatibility.Blocks(new[] { exempted }));
        // The real root user (no aws:AssumedRoot) is still denied; the statement it did not touch is unchanged.
        var rootUser = new PolicyRequest("iam:CreateAccessKey", "*", "arn:aws:iam::444444444444:root").With("aws:PrincipalArn", "arn:aws:iam::444444444444:root");
        Assert.Equal(Decision.ExplicitDeny, PolicyEvaluator.Evaluate(rootUser, new[] { PolicyDocument.AllowAll }, new[] { PolicyDocument.BesideFullAccess(exempted) }));
        Assert.Equal(Decision.Allow, PolicyEvaluator.Evaluate(RootSessionCompatibility.SessionRequest("iam:DeleteLoginProfile", "444444444444"), new[] { PolicyDocument.AllowAll }, new[] { PolicyDocument.BesideFullAccess(exempted) }));
        Assert.Empty(exempted.Statements[1].Conditions);
        Assert.DoesNotContain(AssumeRootRules.Analyze(new[] { PolicyDocument.BesideFullAccess(exempted) }, PolicyType.ServiceControl), f => f.RuleId == "RA010");
    }

    [Theory]
    [InlineData("aws:AssumedRoot")]
    [InlineData("AWS:AssumedRoot")]
    public void A_statement_that_already_conditions_on_AssumedRoot_is_left_to_the_admin_not_turned_round(string key)
    {
        // "Deny iam:* in root sessions" on purpose: exempting it would turn it onto the real root user.
        var written = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyRootSessions\",\"Effect\":\"Deny\",\"Action\":\"iam:*\",\"Resource\":\"*\",\"Condition\":{\"Null\":{\"" + key + "\":\"false\"}}}]}";
        var blocks = RootSessionCompatibility.Blocks(new[] { PolicyParser.Parse(written, "written") });

        var refused = Assert.Throws<System.InvalidOperationException>(() => RootSessionCompatibility.Exempt(written, "written"));

        Assert.NotEmpty(blocks);
        Assert.Contains("already has a condition on aws:AssumedRoot", refused.Message);
    }
}
