namespace RootAccess.Core;

/// <summary>The kinds of resource whose policy a root session can unlock.</summary>
public enum ResourceType
{
    S3Bucket,
    SQSQueue,
}
