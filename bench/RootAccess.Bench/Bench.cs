using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using RootAccess.Aws;
using RootAccess.Simulator;

/// <summary>What every mode shares: the benchmark organization, its admin caller, and the SDK's own clients as a script would use them.</summary>
internal static class Bench
{
    public const string AdminKey = "AKIABENCHADMIN000001";
    public const string AdminSecret = "bench/admin/secret/000000000000000000000";

    public static SimulatorState Organization(int members)
    {
        var state = new SimulatorState
        {
            ManagementAccountId = "100000000000",
            Callers = new List<SimCaller> { new() { AccessKeyId = AdminKey, SecretAccessKey = AdminSecret, AccountId = "100000000000", Arn = "arn:aws:iam::100000000000:role/RootAccessAdmin" } },
        };
        state.Accounts.Add(new SimAccount { Id = "100000000000", Name = "management" });
        for (var i = 1; i <= members; i++)
        {
            var root = new SimRootUser();
            if (i % 2 == 0)
            {
                root.Password = new SimPassword();
            }

            if (i % 3 == 0)
            {
                root.AccessKeys.Add(new SimAccessKey { AccessKeyId = $"AKIA{i:D16}", LastUsedDate = DateTime.UtcNow });
            }

            state.Accounts.Add(new SimAccount { Id = (200000000000L + i).ToString(CultureInfo.InvariantCulture), Name = $"member-{i}", RootUser = root });
        }

        return state;
    }

    public static string Rate(double perSecond) => perSecond > 0 ? $"{perSecond:0}/s" : "off";

    // The SDK's STS client with its own default retries (the standard mode), as a script or a peer tool would use it.
    public static AmazonSecurityTokenServiceClient DefaultSts(string endpoint)
        => new(new BasicAWSCredentials(AdminKey, AdminSecret), new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint, AuthenticationRegion = "us-east-1" });


    // An audit session in one account, as an IAM client acting as its root user.
    public static async Task<IamClient> AuditSession(IAmazonSecurityTokenService sts, string endpoint, string account)
    {
        var session = await sts.AssumeRootAsync(new AssumeRootRequest
        {
            TargetPrincipal = account,
            TaskPolicyArn = new PolicyDescriptorType { Arn = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" },
            DurationSeconds = 900,
        });
        var credentials = new SessionAWSCredentials(session.Credentials.AccessKeyId, session.Credentials.SecretAccessKey, session.Credentials.SessionToken);
        return AwsClientFactory.CreateIam(new AwsContext(credentials, RegionEndpoint.USEast1, endpoint));
    }


    // Runs the peer in a child process against this process's simulator; an account it never reported is a failed one.
    public static Process StartBenchChild(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        if (!Environment.ProcessPath!.EndsWith("RootAccess.Bench", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(BenchOptions).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

}

internal sealed record Run(string Name, double Seconds, int Failed, int Throttles, int Peak, List<string> Log);
