using System;
using System.Collections.Generic;
using System.Globalization;
using RootAccess.Simulator;

namespace RootAccess.Tests;

/// <summary>Builds simulator organizations for tests, with root credentials that vary by a known rule.</summary>
internal static class OrgBuilder
{
    public const string ManagementAccountId = "100000000000";
    public const string AdminKey = "AKIATESTADMIN0000001";
    public const string AdminSecret = "test/admin/secret/do-not-leak/000000000";
    public const string MemberCallerKey = "AKIATESTMEMBER000001";
    public const string MemberCallerSecret = "test/member/secret/000000000000000000000";

    public static string MemberId(int i) => (200000000000L + i).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A management account plus <paramref name="members"/> active members. Member i has: a password when i % 2 == 0,
    /// an MFA device when i % 3 == 0, i % 4 access keys (the first Active, the rest Inactive), a signing certificate when i % 5 == 0.
    /// </summary>
    public static SimulatorState Organization(int members)
    {
        var state = new SimulatorState
        {
            OrganizationId = "o-test000001",
            ManagementAccountId = ManagementAccountId,
            Roots = new List<SimRoot> { new() { Id = "r-test", Name = "Root" } },
            OrganizationalUnits = new List<SimOrganizationalUnit>
            {
                new() { Id = "ou-test-aaaaaaaa", Name = "Workloads", ParentId = "r-test" },
                new() { Id = "ou-test-bbbbbbbb", Name = "Prod", ParentId = "ou-test-aaaaaaaa" },
            },
            Callers = new List<SimCaller>
            {
                new() { AccessKeyId = AdminKey, SecretAccessKey = AdminSecret, AccountId = ManagementAccountId, Arn = $"arn:aws:iam::{ManagementAccountId}:role/RootAccessAdmin" },
                new() { AccessKeyId = MemberCallerKey, SecretAccessKey = MemberCallerSecret, AccountId = MemberId(1), Arn = $"arn:aws:iam::{MemberId(1)}:role/Developer" },
            },
        };
        state.Accounts.Add(new SimAccount { Id = ManagementAccountId, Name = "management", Email = "mgmt@example.com", ParentId = "r-test" });
        for (var i = 1; i <= members; i++)
        {
            var root = new SimRootUser();
            if (i % 2 == 0)
            {
                root.Password = new SimPassword { CreateDate = new DateTime(2024, 1, i % 28 + 1, 0, 0, 0, DateTimeKind.Utc) };
            }

            if (i % 3 == 0)
            {
                root.MfaDevices.Add(new SimMfaDevice { SerialNumber = $"arn:aws:iam::{MemberId(i)}:mfa/root-account-mfa-device" });
            }

            for (var k = 0; k < i % 4; k++)
            {
                root.AccessKeys.Add(new SimAccessKey
                {
                    AccessKeyId = $"AKIA{i:D6}KEY{k:D7}",
                    Status = k == 0 ? "Active" : "Inactive",
                    LastUsedDate = k == 0 ? new DateTime(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc).AddDays(i) : null,
                    LastUsedService = k == 0 ? "s3" : null,
                    LastUsedRegion = k == 0 ? "us-east-1" : null,
                });
            }

            if (i % 5 == 0)
            {
                root.SigningCertificates.Add(new SimSigningCertificate { CertificateId = $"CERT{i:D26}" });
            }

            state.Accounts.Add(new SimAccount
            {
                Id = MemberId(i),
                Name = $"member-{i:D2}",
                Email = $"member{i}@example.com",
                ParentId = i % 3 == 0 ? "ou-test-bbbbbbbb" : i % 3 == 1 ? "ou-test-aaaaaaaa" : "r-test",
                RootUser = root,
            });
        }

        return state;
    }

    public const string LockedPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyAll\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    /// <summary>Gives member <paramref name="i"/> a locked bucket, an open bucket, a locked queue and a queue without policy.</summary>
    public static SimulatorState WithResources(SimulatorState state, int i)
    {
        var account = state.FindAccount(MemberId(i))!;
        account.Buckets.Add(new SimBucket { Name = Bucket(i, "locked"), Policy = LockedPolicy });
        account.Buckets.Add(new SimBucket { Name = Bucket(i, "open") });
        account.Queues.Add(new SimQueue { Name = "locked-queue", Policy = LockedPolicy.Replace("\"*\",\"Action", "{\"AWS\":\"*\"},\"Action") });
        account.Queues.Add(new SimQueue { Name = "open-queue" });
        return state;
    }

    public static string Bucket(int i, string kind) => $"{kind}-bucket-{MemberId(i)}";

    public static bool ExpectPassword(int i) => i % 2 == 0;

    public static int ExpectMfa(int i) => i % 3 == 0 ? 1 : 0;

    public static int ExpectKeys(int i) => i % 4;

    public static int ExpectCertificates(int i) => i % 5 == 0 ? 1 : 0;
}
