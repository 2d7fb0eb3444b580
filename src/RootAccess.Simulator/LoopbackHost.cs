using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RootAccess.Simulator;

/// <summary>A quiet Kestrel server on 127.0.0.1 that hands every request to one delegate.</summary>
public static class LoopbackHost
{
    /// <summary>Starts the server (port 0 picks a free one) and returns it with its base address.</summary>
    public static async Task<(WebApplication App, string Endpoint)> StartAsync(RequestDelegate handler, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            options.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            // As AWS's endpoints do, idle keep-alive connections are closed and the number held open is bounded, so a
            // client that never closes its connections (one client per account, never disposed) cannot exhaust the
            // process's file descriptors.
            options.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(5);
            options.Limits.MaxConcurrentConnections = 4096;
            options.Limits.MaxConcurrentUpgradedConnections = 16;
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, address);
    }
}
