using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using RootAccess.Cmdlets;
using RootAccess.Core;
using RootAccess.Root;
using Xunit;

namespace RootAccess.Tests;

/// <summary>An account id is typed once, at the binder: text, ARNs, sessions and objects become <see cref="AccountId"/>, the partition kept.</summary>
public sealed class AccountIdBindingTests
{
    private static readonly AccountIdTransformationAttribute Transformation = new();

    private static AccountId One(object? input) => Assert.IsType<AccountId>(Transformation.Transform(null!, input));

    [Fact]
    public void Text_and_ARNs_become_account_ids_and_an_ARN_keeps_its_partition()
    {
        Assert.Equal(("123456789012", null), (One(" 123456789012 ").Value, One("123456789012").Partition));
        var gov = One("arn:aws-us-gov:iam::123456789012:root");
        Assert.Equal(("123456789012", "aws-us-gov"), (gov.Value, gov.Partition));
        Assert.Equal("aws-cn", One(new PSObject("arn:aws-cn:iam::123456789012:root")).Partition);
    }

    [Fact]
    public void A_session_gives_its_account_in_the_sessions_partition_never_parsed_back_from_text()
    {
        var session = new RootSession(AccountId.Parse("123456789012"), "IAMAuditRootUserCredentials", "ASIAEXAMPLE", DateTime.UtcNow.AddMinutes(5), "us-gov-west-1", new RootSessionCredentials("ASIAEXAMPLE", "secret", "token", DateTime.UtcNow.AddMinutes(5)), "aws-us-gov");

        var bound = One(session);

        Assert.Equal(("123456789012", "aws-us-gov"), (bound.Value, bound.Partition));
        Assert.Equal("aws-us-gov", session.Partition);
    }

    [Fact]
    public void Objects_and_hashtables_with_an_AccountId_bind_and_arrays_bind_element_by_element()
    {
        Assert.Equal("210987654321", One(PSObject.AsPSObject(new Hashtable { ["AccountId"] = "210987654321" })).Value);
        var row = new PSObject();
        row.Properties.Add(new PSNoteProperty("AccountId", "arn:aws:iam::210987654321:root"));
        Assert.Equal("aws", One(row).Partition);

        var many = Assert.IsType<object?[]>(Transformation.Transform(null!, new object[] { "123456789012", row }));
        Assert.Equal(new[] { "123456789012", "210987654321" }, many.Cast<AccountId>().Select(a => a.Value));
    }

    [Theory]
    [InlineData("12345678901", "11 digits")]
    [InlineData("prod-account", "is not an AWS account id")]
    [InlineData("arn:aws-xx:iam::123456789012:root", "not an AWS partition")]
    public void Text_that_is_not_an_id_is_held_unreadable_and_validation_refuses_it_saying_why(string text, string problem)
    {
        var held = One(text);

        Assert.False(held.IsValid);
        Assert.Equal(string.Empty, held.Value);
        var validate = typeof(ValidateAccountIdAttribute).GetMethod("ValidateElement", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var refused = Assert.IsType<ValidationMetadataException>(Assert.Throws<System.Reflection.TargetInvocationException>(() => validate.Invoke(new ValidateAccountIdAttribute(), [held])).InnerException);
        Assert.Contains(problem, refused.Message);
        Assert.Contains("12-digit", refused.Message);
    }

    [Fact]
    public async Task A_typed_parameter_binds_a_pipeline_of_objects_and_refuses_a_bad_one_before_any_call()
    {
        await using var org = await SimulatedOrganization.StartAsync(OrgBuilder.Organization(2));

        var result = org.Run($"[pscustomobject]@{{ AccountId = 'arn:aws:iam::{OrgBuilder.MemberId(1)}:root' }}, [pscustomobject]@{{ AccountId = 'nope' }} | Get-RootCredentialStatus");

        var row = Assert.Single(result.Output);
        Assert.Equal(OrgBuilder.MemberId(1), row.Properties["AccountId"].Value);
        Assert.Contains("'nope' is not an AWS account id", Assert.Single(result.Errors).Exception.Message);
        Assert.Equal(1, org.Simulator.CallCount("AssumeRoot"));
    }
}
