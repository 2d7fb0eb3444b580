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
        RaiseOpenFileLimit();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            options.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            // As AWS's endpoints do, idle keep-alive connections are closed, so a client that never closes its
            // connections (one client per account, never disposed) does not hold the process's file descriptors.
            options.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(5);
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, address);
    }

    // A client that opens thousands of connections at once (one SDK client per account, all accounts at once) needs a
    // descriptor per connection: on Linux the soft limit (often 1,024) is raised to the hard one, as servers do.
    private static void RaiseOpenFileLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            if (getrlimit(RlimitNoFile, out var limit) == 0 && limit.Current < limit.Maximum)
            {
                limit.Current = limit.Maximum;
                _ = setrlimit(RlimitNoFile, ref limit);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
        {
            // No libc to ask: the limit stays as it is.
        }
    }

    private const int RlimitNoFile = 7;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out ResourceLimit limit);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref ResourceLimit limit);
}
