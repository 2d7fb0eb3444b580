using System.IO;
using System.Text.RegularExpressions;
using RootAccess.Core;
using RootAccess.Playground;
using RootAccess.Root;
using Xunit;

namespace RootAccess.Tests;

/// <summary>Buckets and queues are two implementations of one resource-policy interface, chosen once from the type.</summary>
public sealed class PolicyResourcesTests
{
    [Theory]
    [InlineData(ResourceType.S3Bucket, "bucket", "S3UnlockBucketPolicy", "arn:aws:s3:::logs")]
    [InlineData(ResourceType.SQSQueue, "queue", "SQSUnlockQueuePolicy", "arn:aws:sqs:eu-west-1:123456789012:logs")]
    public void Each_kind_says_what_differs(ResourceType type, string noun, string taskPolicy, string arn)
    {
        var kind = PolicyResources.For(type);

        Assert.Equal((type, noun, taskPolicy), (kind.Type, kind.Noun, kind.TaskPolicy));
        Assert.Equal(arn, kind.Arn("aws", "eu-west-1", "123456789012", "logs"));
        Assert.NotNull(kind.NameProblem("Not A Valid Name!"));
    }

    [Fact]
    public void A_queue_backup_must_carry_the_url_of_its_own_queue_and_a_bucket_backup_none()
    {
        var queue = new PolicyBackup { ResourceType = ResourceType.SQSQueue, AccountId = "123456789012", Name = "jobs", Region = "eu-west-1", QueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs" };

        Assert.Null(PolicyResources.Sqs.LocatorProblem(queue));
        queue.QueueUrl = "https://sqs.eu-west-1.amazonaws.com/210987654321/jobs";
        Assert.Contains("does not name queue jobs of account 123456789012", PolicyResources.Sqs.LocatorProblem(queue));
        Assert.Equal("an S3 backup carries a QueueUrl", PolicyResources.S3.LocatorProblem(queue));
    }

    [Fact]
    public void The_unlocker_and_the_backup_store_never_branch_on_the_kind()
    {
        var folder = Path.Combine(ModuleLocator.RepositoryRoot(), "src", "RootAccess", "Root", "ResourcePolicies");
        foreach (var file in new[] { "ResourcePolicyUnlocker.cs", "PolicyBackupStore.cs" })
        {
            var text = File.ReadAllText(Path.Combine(folder, file));
            Assert.False(Regex.IsMatch(text, "== ResourceType\\.|ResourceType\\.(S3Bucket|SQSQueue) \\?"), file);
        }
    }
}
