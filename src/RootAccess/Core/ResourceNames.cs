using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace RootAccess.Core;

/// <summary>S3 bucket names and SQS queue URLs and names as AWS accepts them, with messages that say what is wrong.</summary>
public static class ResourceNames
{
    private static readonly Regex BucketChars = new("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant);
    private static readonly Regex IpAddress = new(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$", RegexOptions.CultureInvariant);
    private static readonly Regex QueueName = new("^[A-Za-z0-9_-]{1,80}(\\.fifo)?$", RegexOptions.CultureInvariant);
    private static readonly Regex QueueUrl = new(@"^https?://([A-Za-z0-9.-]+)(:[0-9]+)?/([0-9]{12})/([A-Za-z0-9_-]{1,80}(\.fifo)?)$", RegexOptions.CultureInvariant);
    private static readonly Regex SqsHost = new(@"^sqs\.([a-z]{2}(-[a-z]+)+-[0-9]+)\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant);

    /// <summary>Null when the bucket name is valid, else what is wrong with it.</summary>
    public static string? BucketNameProblem(string? name)
    {
        var text = name ?? string.Empty;
        const string Rules = "Bucket names are 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit, and are not IP addresses.";
        if (text.Length < 3 || text.Length > 63)
        {
            return $"'{text}' is {text.Length} characters long. {Rules}";
        }

        if (!BucketChars.IsMatch(text))
        {
            return $"'{text}' is not a valid S3 bucket name. {Rules}";
        }

        if (text.Contains("..") || text.Contains(".-") || text.Contains("-."))
        {
            return $"'{text}' has adjacent dots or a dot next to a hyphen. {Rules}";
        }

        if (IpAddress.IsMatch(text))
        {
            return $"'{text}' is formatted as an IP address. {Rules}";
        }

        if (new[] { "xn--", "sthree-", "amzn-s3-demo-" }.Any(p => text.StartsWith(p, StringComparison.Ordinal))
            || new[] { "-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3" }.Any(s => text.EndsWith(s, StringComparison.Ordinal)))
        {
            return $"'{text}' uses a prefix or suffix AWS reserves. {Rules}";
        }

        return null;
    }

    public static string? QueueNameProblem(string? name)
        => QueueName.IsMatch(name ?? string.Empty) ? null : $"'{name}' is not an SQS queue name: 1-80 letters, digits, hyphens and underscores, with '.fifo' at the end of FIFO queues.";

    /// <summary>The owner account and queue name of a queue URL such as https://sqs.us-east-1.amazonaws.com/123456789012/my-queue.</summary>
    public static bool TryParseQueueUrl(string? url, out AccountId accountId, out string queueName, out string? region)
    {
        accountId = default;
        queueName = string.Empty;
        region = null;
        var match = QueueUrl.Match(url ?? string.Empty);
        if (!match.Success)
        {
            return false;
        }

        accountId = AccountId.Parse(match.Groups[3].Value);
        queueName = match.Groups[4].Value;
        var host = SqsHost.Match(match.Groups[1].Value);
        region = host.Success ? host.Groups[1].Value : null;
        return true;
    }

    public static string QueueUrlProblem(string? url)
        => $"'{url}' is not an SQS queue URL. Use the form https://sqs.<region>.amazonaws.com/<12-digit account id>/<queue name> (Get-SQSQueue or the console shows it), or pass -AccountId and -QueueName.";
}
