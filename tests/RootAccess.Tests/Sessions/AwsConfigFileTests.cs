using System;
using System.IO;
using RootAccess.Root;
using Xunit;

namespace RootAccess.Tests;

public sealed class AwsConfigFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "rootaccess-config-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Sets_replaces_and_removes_one_profiles_region_and_leaves_every_other_line()
    {
        const string Other = "[default]\nregion = us-east-1\noutput = json\n\n[profile work]\nsso_session = corp\nregion = eu-central-1\n";
        File.WriteAllText(_path, Other);

        AwsConfigFile.SetRegion(_path, "audit-444", "eu-west-2");
        Assert.Equal("eu-west-2", AwsConfigFile.RegionOf(_path, "audit-444"));
        AwsConfigFile.SetRegion(_path, "audit-444", "ap-south-1");
        Assert.Equal("ap-south-1", AwsConfigFile.RegionOf(_path, "audit-444"));
        Assert.Equal("eu-central-1", AwsConfigFile.RegionOf(_path, "work"));
        Assert.Equal("us-east-1", AwsConfigFile.RegionOf(_path, "default"));

        AwsConfigFile.SetRegion(_path, "audit-444", null);
        Assert.Null(AwsConfigFile.RegionOf(_path, "audit-444"));
        Assert.DoesNotContain("audit-444", File.ReadAllText(_path), StringComparison.Ordinal);
        Assert.Equal(Other.TrimEnd('\n'), File.ReadAllText(_path).TrimEnd('\n'));

        AwsConfigFile.SetRegion(_path, "work", null);
        Assert.Contains("sso_session = corp", File.ReadAllText(_path), StringComparison.Ordinal);
        Assert.Contains("[profile work]", File.ReadAllText(_path), StringComparison.Ordinal);
    }
}
