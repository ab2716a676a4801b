using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using HubRealtime.Server.Configuration;
using HubRealtime.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace HubRealtime.Server.Authentication;

/// <summary>
/// The HMAC-SHA256 key that signs access tokens: 32 random bytes made once, kept Data-Protection
/// protected in the data directory (embedded) or in the Data Protection key table (Azure), so that a
/// restart, or another silo, accepts the tokens already issued.
/// </summary>
public sealed class JwtSigningKey
{
    public const string Purpose = "HubRealtime.Jwt.SigningKey.v1";
    private const string FileName = "jwt-signing-key.v1";
    private const string Partition = "jwt";
    private const string Row = "signing-key-v1";
    private const string Column = "Protected";

    private readonly Lazy<SymmetricSecurityKey> _key;

    public JwtSigningKey(IDataProtectionProvider dataProtection, IOptions<HubRealtimeOptions> options)
    {
        var protector = dataProtection.CreateProtector(Purpose);
        var storage = options.Value.Storage;
        _key = new Lazy<SymmetricSecurityKey>(() =>
        {
            var bytes = storage.Provider == StorageProvider.AzureStorage
                ? LoadOrCreateInTable(protector, new TableServiceClient(storage.ConnectionString).GetTableClient(DataProtectionSetup.KeyTableName))
                : LoadOrCreateInFile(protector, Path.Combine(storage.ResolvedDataDirectory, "keys", FileName));
            return new SymmetricSecurityKey(bytes) { KeyId = "hr-v1" };
        });
    }

    public SymmetricSecurityKey Key => _key.Value;

    private static byte[] LoadOrCreateInFile(IDataProtector protector, string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var fresh = Convert.ToBase64String(protector.Protect(RandomNumberGenerator.GetBytes(32)));
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, fresh);
            try
            {
                // No overwrite: if another process won the race, its key is the key.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temp);
            }
        }
        return protector.Unprotect(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    private static byte[] LoadOrCreateInTable(IDataProtector protector, TableClient table)
    {
        table.CreateIfNotExists();
        var existing = table.GetEntityIfExists<TableEntity>(Partition, Row);
        if (!existing.HasValue)
        {
            try
            {
                table.AddEntity(new TableEntity(Partition, Row)
                {
                    [Column] = Convert.ToBase64String(protector.Protect(RandomNumberGenerator.GetBytes(32))),
                });
            }
            catch (RequestFailedException error) when (error.Status == 409)
            {
                // Another silo stored it first: use theirs.
            }
            existing = table.GetEntityIfExists<TableEntity>(Partition, Row);
        }
        return protector.Unprotect(Convert.FromBase64String(existing.Value!.GetString(Column)));
    }
}
