using System.Linq;
using RootAccess.Policy;
using Xunit;

namespace RootAccess.Tests;

public sealed class PolicyParserTests
{
    [Fact]
    public void Every_shape_AWS_accepts_parses()
    {
        var policy = PolicyParser.Parse("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"sts:AssumeRoot","Resource":["arn:aws:iam::1:root"],"Condition":{"StringEquals":{"sts:TaskPolicyArn":"x"},"Bool":{"aws:MultiFactorAuthPresent":true},"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}},
              {"Sid":"Two","Effect":"Deny","NotAction":["iam:*"],"NotResource":"*","Principal":"*"},
              {"Effect":"Allow","Action":"sts:AssumeRole","NotPrincipal":{"AWS":["arn:aws:iam::1:root"],"Service":"ec2.amazonaws.com"}}
            ]}
            """, "shapes");

        Assert.Equal("2012-10-17", policy.Version);
        Assert.Equal(3, policy.Statements.Count);
        Assert.Equal(new[] { "StringEquals", "Bool", "NumericLessThan" }, policy.Statements[0].Conditions.Select(c => c.Operator));
        Assert.Equal("true", policy.Statements[0].Conditions[1].Values.Single());
        Assert.True(policy.Statements[1].NotAction && policy.Statements[1].NotResource);
        Assert.Equal("Two", policy.Statements[1].Name);
        Assert.Equal("*", policy.Statements[1].Principals!["*"].Single());
        Assert.True(policy.Statements[2].NotPrincipal);
        Assert.Equal("statement 3", policy.Statements[2].Name);
        Assert.Single(PolicyParser.Parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\"}}", "object").Statements);
    }

    [Theory]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRoot\"", "not valid JSON", 1L)]
    [InlineData("{\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"*\"}\n  ]\n}", "not valid JSON", 3L)]
    [InlineData("[]", "a JSON object with a Statement", null)]
    [InlineData("{\"Version\":\"2012-10-17\"}", "has no Statement", null)]
    [InlineData("{\"Statement\":[]}", "Statement is empty", null)]
    [InlineData("{\"Statement\":\"Allow\"}", "must be an object or an array", null)]
    [InlineData("{\"Statement\":{\"Effect\":\"Permit\",\"Action\":\"*\"}}", "Effect must be", null)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\"}}", "needs Action or NotAction", null)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"iam:*\"}}", "has both Action and NotAction", null)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":5}}", "must be a string or an array of strings", null)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Condition\":{\"StringMatches\":{\"a\":\"b\"}}}}", "unknown condition operator 'StringMatches'", null)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Condition\":{\"ForSomeValues:StringEquals\":{\"a\":\"b\"}}}}", "unknown condition operator", null)]
    [InlineData("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Principal\":\"arn:aws:iam::1:root\"}}", "Principal as a string must be", null)]
    public void Malformed_documents_say_where_and_what_was_expected(string json, string expected, long? line)
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse(json, "bad.json"));

        Assert.Contains(expected, error.Message);
        Assert.StartsWith("bad.json", error.Message);
        Assert.Equal(line, error.Line);
    }
}
