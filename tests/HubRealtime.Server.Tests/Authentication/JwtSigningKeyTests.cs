using HubRealtime.Server.Authentication;
using HubRealtime.Server.Configuration;
using HubRealtime.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Tests.Authentication;

public sealed class JwtSigningKeyTests
{
    private readonly IDataProtectionProvider _dataProtection = new EphemeralDataProtectionProvider();

    [Fact]
    public void The_embedded_key_is_made_once_kept_protected_and_read_back()
    {
        using var data = new TempDirectory("hubrealtime-jwtkey");
        using var other = new TempDirectory("hubrealtime-jwtkey");

        var first = Key(new StorageOptions { DataDirectory = data.Path });
        var again = Key(new StorageOptions { DataDirectory = data.Path });
        var elsewhere = Key(new StorageOptions { DataDirectory = other.Path });
        var stored = File.ReadAllText(Directory.GetFiles(data.Combine("keys")).Single());

        Assert.Equal(32, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, elsewhere);
        Assert.NotEqual(Convert.ToBase64String(first), stored.Trim());
    }

    [Fact]
    public void A_key_the_key_ring_can_no_longer_decrypt_is_replaced_not_fatal()
    {
        using var data = new TempDirectory("hubrealtime-jwtkey");
        var storage = new StorageOptions { DataDirectory = data.Path };
        var original = Key(storage);

        // Another key ring (the old one lost): the stored key is unreadable to it.
        var newRing = new EphemeralDataProtectionProvider();
        var replaced = new JwtSigningKey(newRing, Options.Create(new HubRealtimeOptions { Storage = storage })).Key.Key;
        var readBack = new JwtSigningKey(newRing, Options.Create(new HubRealtimeOptions { Storage = storage })).Key.Key;
        var stored = File.ReadAllText(Directory.GetFiles(data.Combine("keys")).Single());

        Assert.Equal(32, replaced.Length);
        Assert.NotEqual(original, replaced);
        Assert.Equal(replaced, readBack);
        Assert.NotEqual(Convert.ToBase64String(replaced), stored.Trim());
    }

    private byte[] Key(StorageOptions storage) =>
        new JwtSigningKey(_dataProtection, Options.Create(new HubRealtimeOptions { Storage = storage })).Key.Key;
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureJwtSigningKeyTests(AzuriteFixture azurite)
{
    [Fact]
    public void Silos_sharing_a_storage_account_share_one_key()
    {
        var dataProtection = new EphemeralDataProtectionProvider();
        var options = Options.Create(new HubRealtimeOptions
        {
            Storage = new StorageOptions { Provider = StorageProvider.AzureStorage, ConnectionString = azurite.ConnectionString },
        });

        // The account is shared with the collection's servers: a key protected by this test's ephemeral
        // key ring must not outlive the test (a server could not read it), nor may theirs disturb it.
        DeleteStoredKey();
        try
        {
            var first = new JwtSigningKey(dataProtection, options).Key.Key;
            var second = new JwtSigningKey(dataProtection, options).Key.Key;
            var otherRing = new EphemeralDataProtectionProvider();
            var replaced = new JwtSigningKey(otherRing, options).Key.Key;
            var readBack = new JwtSigningKey(otherRing, options).Key.Key;

            Assert.Equal(32, first.Length);
            Assert.Equal(first, second);
            Assert.NotEqual(first, replaced);
            Assert.Equal(replaced, readBack);
        }
        finally
        {
            DeleteStoredKey();
        }
    }

    private void DeleteStoredKey()
    {
        var table = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString).GetTableClient(HubRealtime.Server.Hosting.DataProtectionSetup.KeyTableName);
        table.CreateIfNotExists();
        // JwtSigningKey's partition and row.
        table.DeleteEntity("jwt", "signing-key-v1");
    }
}

public sealed class IdentitySettingsValidationTests
{
    [Theory]
    [InlineData("HubRealtime:Identity:AccessTokenMinutes", "0")]
    [InlineData("HubRealtime:Identity:IdleTimeoutMinutes", "0")]
    [InlineData("HubRealtime:Identity:AdminEmail", "not-an-address")]
    public void A_bad_identity_setting_stops_the_start_naming_it(string key, string value)
    {
        using var data = new TempDirectory();

        var error = Assert.ThrowsAny<Exception>(() => HubRealtime.Testing.Server.HubRealtimeServer.StartEmbedded(data.Path, new Dictionary<string, string?> { [key] = value }));

        var validation = Innermost(error);
        Assert.NotNull(validation);
        Assert.Contains(validation.Failures, f => f.Contains(key, StringComparison.Ordinal));
    }

    private static OptionsValidationException? Innermost(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is OptionsValidationException found)
            {
                return found;
            }
            if (error is AggregateException aggregate && aggregate.InnerExceptions.Select(Innermost).FirstOrDefault(e => e is not null) is { } inner)
            {
                return inner;
            }
        }
        return null;
    }
}
