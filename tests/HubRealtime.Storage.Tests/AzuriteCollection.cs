using HubRealtime.Testing;

namespace HubRealtime.Storage.Tests;

/// <summary>One Azurite for every test class that talks to Azure storage; those classes run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
