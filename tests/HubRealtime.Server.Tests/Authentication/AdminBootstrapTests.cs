using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Server.Tests.Authentication;

public sealed partial class AdminBootstrapTests
{
    [GeneratedRegex("One-time password \\(shown only now; it must be changed at first sign-in\\): (\\S+)")]
    private static partial Regex PasswordLine();

    [Fact]
    public async Task Without_a_configured_password_a_random_one_is_logged_once_must_be_changed_and_tokens_survive_a_restart()
    {
        using var data = new TempDirectory("hubrealtime-bootstrap");
        var logs = new LogCapture();
        string password;
        string token;
        await using (var first = LoggingServer.Start(data.Path, logs))
        {
            password = PasswordLine().Match(Assert.Single(logs.Messages, m => PasswordLine().IsMatch(m))).Groups[1].Value;
            using var client = new AuthClient(first.BaseAddress);

            var signIn = await client.SignInAsync(AuthServerFixture.AdminEmail, password);
            var me = await Problems.JsonOf(await client.Http.GetAsync("/api/auth/me"));
            var elsewhere = await client.Http.GetAsync("/api/rooms/lobby");
            var change = await client.PostAsync("/api/auth/password", new { currentPassword = password, newPassword = "Quiet-river-stone-2031" });
            var meAfter = await Problems.JsonOf(await client.Http.GetAsync("/api/auth/me"));
            using var api = new HttpClient { BaseAddress = first.BaseAddress };
            var tokenResponse = await api.PostAsJsonAsync("/api/auth/token", new { email = AuthServerFixture.AdminEmail, password = "Quiet-river-stone-2031" });
            token = (await Problems.JsonOf(tokenResponse)).GetProperty("accessToken").GetString()!;

            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            Assert.True(me.GetProperty("mustChangePassword").GetBoolean());
            Assert.Equal((HttpStatusCode.Forbidden, "password_change_required"), (elsewhere.StatusCode, await Problems.CodeOf(elsewhere)));
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
            Assert.False(meAfter.GetProperty("mustChangePassword").GetBoolean());
        }

        await using (var second = LoggingServer.Start(data.Path, logs))
        {
            using var client = new AuthClient(second.BaseAddress);
            var signIn = await client.SignInAsync(AuthServerFixture.AdminEmail, "Quiet-river-stone-2031");

            // The signing key survived the restart: a token of the first run still works.
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            me.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var meResponse = await client.Http.SendAsync(me);

            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            Assert.Equal(HttpStatusCode.OK, meResponse.StatusCode);
            Assert.Single(logs.Messages, m => PasswordLine().IsMatch(m));
        }
    }

    private sealed class LoggingServer(WebApplicationFactory<Program> factory, Uri baseAddress) : IAsyncDisposable
    {
        public Uri BaseAddress { get; } = baseAddress;

        public static LoggingServer Start(string dataDirectory, LogCapture logs)
        {
            var settings = AuthServerFixture.Settings(adminPassword: "");
            var ports = FreePorts.Get(2);
            settings["HubRealtime:Storage:Provider"] = "Embedded";
            settings["HubRealtime:Storage:DataDirectory"] = dataDirectory;
            settings["Urls"] = "http://127.0.0.1:0";
            settings["HubRealtime:Cluster:SiloPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["HubRealtime:Cluster:GatewayPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["HubRealtime:Cluster:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..12];
            var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            {
                foreach (var (key, value) in settings)
                {
                    web.UseSetting(key, value);
                }
                web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(logs));
            });
            factory.UseKestrel(0);
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new LoggingServer(factory, new Uri(new Uri(address), "/"));
        }

        public ValueTask DisposeAsync() => factory.DisposeAsync();
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category.EndsWith("AdminBootstrap", StringComparison.Ordinal))
                {
                    owner.Messages.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
