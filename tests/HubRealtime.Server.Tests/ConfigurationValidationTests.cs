using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Tests;

public sealed class ConfigurationValidationTests
{
    [Fact]
    public void The_embedded_store_refuses_a_multi_silo_cluster_with_a_clear_message()
    {
        using var data = new TempDirectory();

        var error = Assert.ThrowsAny<Exception>(() => HubRealtimeServer.StartEmbedded(data.Path, new Dictionary<string, string?>
        {
            ["HubRealtime:Cluster:Mode"] = "AzureTable",
        }));

        var validation = Assert.IsType<OptionsValidationException>(Innermost<OptionsValidationException>(error));
        Assert.Contains(validation.Failures, f => f.Contains("single silo", StringComparison.Ordinal) && f.Contains("HubRealtime:Storage:Provider", StringComparison.Ordinal));
    }

    [Fact]
    public void Azure_storage_without_a_connection_string_is_refused_naming_the_setting()
    {
        var error = Assert.ThrowsAny<Exception>(() => HubRealtimeServer.StartAzure(""));

        var validation = Assert.IsType<OptionsValidationException>(Innermost<OptionsValidationException>(error));
        Assert.Contains(validation.Failures, f => f.Contains("HubRealtime:Storage:ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public void Equal_silo_and_gateway_ports_are_refused()
    {
        using var data = new TempDirectory();

        var error = Assert.ThrowsAny<Exception>(() => HubRealtimeServer.StartEmbedded(data.Path, new Dictionary<string, string?>
        {
            ["HubRealtime:Cluster:SiloPort"] = "40001",
            ["HubRealtime:Cluster:GatewayPort"] = "40001",
        }));

        Assert.Contains(Assert.IsType<OptionsValidationException>(Innermost<OptionsValidationException>(error)).Failures,
            f => f.Contains("must differ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short-1")]
    [InlineData("my-admin-password-2026")]
    [InlineData("   ")]
    public void An_admin_password_against_the_password_policy_stops_start_up_naming_the_setting(string password)
    {
        using var data = new TempDirectory();

        var error = Assert.ThrowsAny<Exception>(() => HubRealtimeServer.StartEmbedded(data.Path, new Dictionary<string, string?>
        {
            ["HubRealtime:Identity:AdminPassword"] = password,
        }));

        var validation = Assert.IsType<OptionsValidationException>(Innermost<OptionsValidationException>(error));
        Assert.Contains(validation.Failures, f => f.Contains("HubRealtime:Identity:AdminPassword", StringComparison.Ordinal));
    }

    private static Exception? Innermost<T>(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return e;
            }
        }
        return error;
    }
}
