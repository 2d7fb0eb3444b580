using System.Management.Automation;
using System.Text.RegularExpressions;
using RootAccess.Core;

namespace RootAccess.Cmdlets;

/// <summary>Refuses what <see cref="AccountIdTransformationAttribute"/> could not read as an account id, saying what is accepted.</summary>
public sealed class ValidateAccountIdAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        if (element is not AccountId { IsValid: true })
        {
            throw new ValidationMetadataException(element is AccountId unreadable ? unreadable.Problem : AccountId.Describe(element?.ToString()));
        }
    }
}

/// <summary>Accepts the five task policy short names (any case) or their ARNs; the message lists them.</summary>
public sealed class ValidateTaskPolicyAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        if (!TaskPolicies.TryResolve(element?.ToString(), out _))
        {
            throw new ValidationMetadataException($"'{element}' is not an AWS root task policy. " + TaskPolicies.Accepted);
        }
    }
}

/// <summary>Accepts an organization root id (r-...) or an OU id (ou-...-...).</summary>
public sealed class ValidateParentIdAttribute : ValidateEnumeratedArgumentsAttribute
{
    private static readonly Regex Pattern = new("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", RegexOptions.CultureInvariant);

    protected override void ValidateElement(object element)
    {
        if (!Pattern.IsMatch(element?.ToString() ?? string.Empty))
        {
            throw new ValidationMetadataException($"'{element}' is not an organization root or OU id. Use a root id such as r-ab12 or an OU id such as ou-ab12-cdef5678 (Get-OrgAccount -Recurse shows each account's ParentId).");
        }
    }
}

/// <summary>Accepts S3 bucket names that follow AWS's naming rules.</summary>
public sealed class ValidateBucketNameAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        if (ResourceNames.BucketNameProblem(element?.ToString()) is { } problem)
        {
            throw new ValidationMetadataException(problem);
        }
    }
}

/// <summary>Accepts SQS queue URLs (https://sqs.&lt;region&gt;.amazonaws.com/&lt;account&gt;/&lt;name&gt;).</summary>
public sealed class ValidateQueueUrlAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        if (!ResourceNames.TryParseQueueUrl(element?.ToString(), out _, out _, out _))
        {
            throw new ValidationMetadataException(ResourceNames.QueueUrlProblem(element?.ToString()));
        }
    }
}

/// <summary>Accepts SQS queue names.</summary>
public sealed class ValidateQueueNameAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        if (ResourceNames.QueueNameProblem(element?.ToString()) is { } problem)
        {
            throw new ValidationMetadataException(problem);
        }
    }
}

/// <summary>Accepts durations such as 24h, 7d or a TimeSpan.</summary>
public sealed class ValidateDurationAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (!TimeWindows.TryParse(arguments?.ToString(), out _))
        {
            throw new ValidationMetadataException($"'{arguments}' is not a duration. " + TimeWindows.Accepted);
        }
    }
}

/// <summary>Accepts IPv4 or IPv6 addresses and CIDR ranges.</summary>
public sealed class ValidateIpRangeAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        if (!IpRange.TryParse(element?.ToString(), out _))
        {
            throw new ValidationMetadataException($"'{element}' is not an IP address or CIDR range. Use forms such as 203.0.113.10, 203.0.113.0/24 or 2001:db8::/32 (decimal parts without leading zeros, no IPv6 zone id).");
        }
    }
}

/// <summary>Accepts break-glass principal names that name someone: a pattern of wildcards alone would exempt everyone.</summary>
public sealed class ValidateBreakGlassPrincipalAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        if (Policy.BreakGlass.Refusal(element?.ToString() ?? string.Empty) is { } refusal)
        {
            throw new ValidationMetadataException(refusal);
        }
    }
}
