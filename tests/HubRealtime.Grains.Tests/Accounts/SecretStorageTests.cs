using System.Text;
using Microsoft.Data.Sqlite;
using OtpNet;
using static HubRealtime.Grains.Tests.Accounts.TestAccounts;

namespace HubRealtime.Grains.Tests.Accounts;

/// <summary>Issue 3 §1: no password, TOTP secret, recovery code or stamp in plain text in storage.</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class SecretStorageTests(RoomClusterFixture fixture)
{
    [Fact]
    public async Task No_secret_reaches_the_database_in_plain_text()
    {
        var user = await RegisterAsync(fixture.Grains, NewAgency(), prefix: "secrets");
        var enrolment = await user.Grain.BeginMfaEnrolment(user.Caller);
        var pendingSecret = enrolment.SecretBase32;
        var recovery = await user.Grain.ConfirmMfaEnrolment(user.Caller, Code(enrolment.SecretBase32));
        NextStep();
        await user.Grain.CheckPassword(Password);
        var session = (await user.Grain.CheckSecondFactor(Code(pendingSecret))).Session!;
        var newPassword = "the second passphrase of the test";
        var changed = await user.Grain.ChangePassword(user.Caller, Password, newPassword);

        var rawSecret = Base32Encoding.ToBytes(pendingSecret);
        var secrets = new List<string>
        {
            Password,
            newPassword,
            pendingSecret,
            Convert.ToBase64String(rawSecret),
            Convert.ToBase64String(rawSecret).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            Convert.ToHexString(rawSecret),
            Convert.ToHexStringLower(rawSecret),
            session.SecurityStamp,
            changed.SecurityStamp,
        };
        foreach (var code in recovery.Codes)
        {
            secrets.Add(code);
            secrets.Add(code.Replace("-", "", StringComparison.Ordinal));
        }

        // The state row itself, through SQLite: it is there, and holds none of them.
        var state = ReadUserState(user.Email);
        Assert.Contains(DisplayName, state, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, state, StringComparison.OrdinalIgnoreCase);
        }

        // Every byte of the database and its write-ahead log (audit entries included), as UTF-8 and UTF-16.
        var files = Directory.GetFiles(fixture.DataDirectory, "hubrealtime.db*").Select(ReadShared).ToList();
        Assert.Contains(files, bytes => Contains(bytes, Encoding.UTF8.GetBytes(user.Email)));
        foreach (var secret in secrets)
        {
            foreach (var bytes in files)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"A secret ({secret.Length} characters) is stored as UTF-8.");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"A secret ({secret.Length} characters) is stored as UTF-16.");
            }
        }
        foreach (var bytes in files)
        {
            Assert.False(Contains(bytes, rawSecret), "The raw TOTP secret is stored.");
        }
    }

    private string ReadUserState(string email)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(fixture.DataDirectory, "hubrealtime.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_state WHERE state_name = 'user' AND grain_id LIKE $g";
        command.Parameters.AddWithValue("$g", "%" + email);
        var data = Assert.IsType<byte[]>(command.ExecuteScalar());
        return Encoding.UTF8.GetString(data);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
