using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests;

public sealed class KeyRingEncryptionTests
{
    [Fact]
    public async Task With_a_certificate_configured_the_key_ring_is_stored_encrypted()
    {
        using var data = new TempDirectory("hubrealtime-keyring");
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=HubRealtime key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = data.Combine("keyring.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));

        await using (HubRealtimeServer.StartEmbedded(data.Combine("store"), new Dictionary<string, string?>
        {
            ["HubRealtime:DataProtection:CertificatePath"] = pfx,
            ["HubRealtime:DataProtection:CertificatePassword"] = "pfx-password",
        }))
        {
            // Starting creates the first key (the JWT signing key is protected with it).
        }

        var keys = Directory.GetFiles(data.Combine("store", "keys"), "key-*.xml");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var xml = await File.ReadAllTextAsync(key);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        }
    }
}
