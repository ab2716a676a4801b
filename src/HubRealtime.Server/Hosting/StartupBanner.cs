using HubRealtime.Server.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Hosting;

/// <summary>Says where the server listens and where it keeps data, once everything has started.</summary>
internal sealed partial class StartupBanner(
    IHostApplicationLifetime lifetime, IServer server, IOptions<HubRealtimeOptions> options, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var storage = options.Value.Storage;
            var where = storage.Provider == StorageProvider.Embedded ? storage.ResolvedDataDirectory : "Azure Storage";
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            LogReady(string.Join(", ", addresses), storage.Provider.ToString(), where);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "HubRealtime is ready at {Addresses} (storage: {Provider}, {Location})")]
    private partial void LogReady(string addresses, string provider, string location);
}
