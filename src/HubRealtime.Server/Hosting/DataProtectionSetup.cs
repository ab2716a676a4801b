using System.Security.Cryptography.X509Certificates;
using Azure.Data.Tables;
using HubRealtime.Server.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Hosting;

/// <summary>
/// Data Protection (cookies, antiforgery, and the account secrets the user grains encrypt) with keys that
/// outlive a restart: in the data directory on the embedded store, in an Azure Table otherwise, where
/// every silo of a cluster shares them.
/// </summary>
internal static class DataProtectionSetup
{
    public const string KeyTableName = "HubDataProtectionKeys";

    public static void AddHubRealtimeDataProtection(this WebApplicationBuilder builder, HubRealtimeOptions options)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("HubRealtime");
        if (options.Storage.Provider == StorageProvider.AzureStorage)
        {
            var table = new TableServiceClient(options.Storage.ConnectionString).GetTableClient(KeyTableName);
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(
                new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new AzureTableXmlRepository(table)));
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.Storage.ResolvedDataDirectory, "keys")));
        }

        // The key ring protects cookies and the accounts' secrets: encrypted at rest with a certificate
        // whose private key lives elsewhere (a mounted secret), when one is configured.
        var certificate = options.DataProtection;
        if (!string.IsNullOrWhiteSpace(certificate.CertificatePath))
        {
            var cert = X509CertificateLoader.LoadPkcs12FromFile(certificate.CertificatePath, certificate.CertificatePassword);
            if (!cert.HasPrivateKey)
            {
                throw new OptionsValidationException(HubRealtimeOptions.Section, typeof(HubRealtimeOptions),
                    [$"HubRealtime:DataProtection:CertificatePath '{certificate.CertificatePath}' holds no private key."]);
            }
            dataProtection.ProtectKeysWithCertificate(cert);
        }
    }
}
