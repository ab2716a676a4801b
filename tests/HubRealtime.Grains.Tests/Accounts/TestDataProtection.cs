using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Grains.Tests.Accounts;

/// <summary>
/// One Data Protection key ring per test data directory, shared by both in-process silos: two rings
/// on one key folder could each create their own first key and fail to read each other's payloads.
/// </summary>
internal static class TestDataProtection
{
    private static readonly ConcurrentDictionary<string, IDataProtectionProvider> Providers = new();

    public static IDataProtectionProvider For(string dataDirectory) =>
        Providers.GetOrAdd(dataDirectory, directory => new ServiceCollection()
            .AddDataProtection()
            .SetApplicationName("HubRealtime")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(directory, "keys")))
            .Services.BuildServiceProvider()
            .GetRequiredService<IDataProtectionProvider>());
}
