using System.Linq;
using System.Reflection;
using RootAccess.Simulator;
using Xunit;

namespace RootAccess.Tests;

/// <summary>The simulator's services see a narrow context, never the simulator; errors come from one table per protocol.</summary>
public sealed class SimulatorShapeTests
{
    private static readonly Assembly Simulator = typeof(AwsSimulator).Assembly;

    [Fact]
    public void No_service_takes_the_simulator_itself()
    {
        var services = Simulator.GetTypes().Where(t => t.Name.EndsWith("Service", System.StringComparison.Ordinal) && t.IsClass).ToList();

        Assert.Equal(7, services.Count);
        foreach (var service in services)
        {
            var fields = service.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
            Assert.DoesNotContain(fields, f => f.FieldType == typeof(AwsSimulator));
            Assert.All(service.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic), c => Assert.DoesNotContain(c.GetParameters(), p => p.ParameterType == typeof(AwsSimulator)));
        }
    }

    [Theory]
    [InlineData("sts", "Query", "Throttling", "InvalidClientTokenId")]
    [InlineData("iam", "Query", "Throttling", "InvalidClientTokenId")]
    [InlineData("organizations", "Json", "TooManyRequestsException", "UnrecognizedClientException")]
    [InlineData("cloudtrail", "Json", "TooManyRequestsException", "InvalidClientTokenId")]
    [InlineData("events", "Json", "TooManyRequestsException", "UnrecognizedClientException")]
    [InlineData("sqs", "SqsJson", "RequestThrottled", "UnrecognizedClientException")]
    [InlineData("s3", "Rest", "SlowDown", "InvalidAccessKeyId")]
    public void Each_service_has_its_protocols_errors_in_the_one_table(string service, string protocol, string throttle, string unknownKey)
    {
        var shape = ErrorShape.Of(service);

        Assert.Equal(protocol, shape.Protocol.ToString());
        Assert.Equal(throttle, shape.QuotaError().Code);
        Assert.Equal(throttle, shape.Fault(FaultKind.Throttle, service, "Op", null).Code);
        Assert.Equal(unknownKey, shape.UnknownKey.Code);
        Assert.NotSame(shape.QuotaError(), shape.QuotaError());
    }
}
