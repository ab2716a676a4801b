using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using HubRealtime.Server.Configuration;
using HubRealtime.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace HubRealtime.Server.Authentication;

/// <summary>
/// The HMAC-SHA256 key that signs access tokens: 32 random bytes made once, kept Data-Protection
/// protected in the data directory (embedded) or in the Data Protection key table (Azure), so that a
/// restart, or another silo, accepts the tokens already issued. If the stored key can no longer be
/// decrypted (the Data Protection key ring was lost or replaced), a new key replaces it: tokens issued
/// before stop working and their holders sign in again, instead of every token request failing forever.
/// </summary>
public sealed partial class JwtSigningKey
{
    public const string Purpose = "HubRealtime.Jwt.SigningKey.v1";
    private const string FileName = "jwt-signing-key.v1";
    private const string Partition = "jwt";
    private const string Row = "signing-key-v1";
    private const string Column = "Protected";

    private readonly Lazy<SymmetricSecurityKey> _key;

    private readonly ILogger _logger;

    public JwtSigningKey(IDataProtectionProvider dataProtection, IOptions<HubRealtimeOptions> options, ILogger<JwtSigningKey>? logger = null)
    {
        _logger = logger ?? NullLogger<JwtSigningKey>.Instance;
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

    private byte[] LoadOrCreateInFile(IDataProtector protector, string path)
    {
        if (!File.Exists(path))
        {
            WriteFile(protector, path, overwrite: false);
        }
        if (TryUnprotect(protector, File.ReadAllText(path).Trim()) is { } key)
        {
            return key;
        }
        LogKeyReplaced(path);
        WriteFile(protector, path, overwrite: true);
        return protector.Unprotect(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    private static void WriteFile(IDataProtector protector, string path, bool overwrite)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, NewProtectedKey(protector));
        try
        {
            // Without overwrite, if another process won the race, its key is the key.
            File.Move(temp, path, overwrite);
        }
        catch (IOException)
        {
            File.Delete(temp);
        }
    }

    private byte[] LoadOrCreateInTable(IDataProtector protector, TableClient table)
    {
        table.CreateIfNotExists();
        var existing = table.GetEntityIfExists<TableEntity>(Partition, Row);
        if (!existing.HasValue)
        {
            try
            {
                table.AddEntity(new TableEntity(Partition, Row) { [Column] = NewProtectedKey(protector) });
            }
            catch (RequestFailedException error) when (error.Status == 409)
            {
                // Another silo stored it first: use theirs.
            }
            existing = table.GetEntityIfExists<TableEntity>(Partition, Row);
        }
        if (TryUnprotect(protector, existing.Value!.GetString(Column)) is { } key)
        {
            return key;
        }
        LogKeyReplaced(table.Name);
        try
        {
            // Only over the entity we could not read: a silo that replaced it first wins.
            table.UpdateEntity(new TableEntity(Partition, Row) { [Column] = NewProtectedKey(protector) }, existing.Value.ETag, TableUpdateMode.Replace);
        }
        catch (RequestFailedException error) when (error.Status == 412)
        {
        }
        return protector.Unprotect(Convert.FromBase64String(table.GetEntity<TableEntity>(Partition, Row).Value.GetString(Column)));
    }

    private static string NewProtectedKey(IDataProtector protector) => Convert.ToBase64String(protector.Protect(RandomNumberGenerator.GetBytes(32)));

    private static byte[]? TryUnprotect(IDataProtector protector, string? stored)
    {
        try
        {
            return protector.Unprotect(Convert.FromBase64String(stored ?? ""));
        }
        catch (Exception error) when (error is CryptographicException or FormatException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The stored token signing key in {Location} cannot be decrypted (Data Protection key ring lost or replaced): a new key replaces it; tokens issued before are no longer accepted")]
    private partial void LogKeyReplaced(string location);
}
