using System.Diagnostics.Metrics;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Server.Realtime;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Server.Tests;

/// <summary>
/// Issue 8 §1.4: an expected refusal of a hub call is a Debug one-liner and a count in
/// "hubrealtime.hub.refusals", never an Error with a stack trace; a fault stays an Error.
/// </summary>
public sealed class HubRefusalLoggingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("hubrealtime-refusals");
    private readonly CapturingLoggerProvider _logs = new();
    private HubRealtimeServer _server = null!;

    public Task InitializeAsync()
    {
        _server = HubRealtimeServer.StartEmbedded(_data.Path, new Dictionary<string, string?>
        {
            // A small hub budget, so that a test can reach it quickly.
            ["HubRealtime:RateLimits:Hub:TokenLimit"] = "20",
            ["HubRealtime:RateLimits:Hub:TokensPerPeriod"] = "1",
            ["HubRealtime:RateLimits:Hub:PeriodSeconds"] = "60",
        }, web => web
            .ConfigureLogging(logging => logging.AddProvider(_logs).AddFilter<CapturingLoggerProvider>("HubRealtime", LogLevel.Debug))
            .ConfigureServices(services => services.Configure<HubOptions>(options => options.AddFilter<FaultOnTypingFilter>())));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _logs.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Refused_calls_log_one_debug_line_and_count_and_faults_still_log_an_error()
    {
        var counted = new List<(string Code, string Method)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this server's meter: other test servers in the process count their own refusals.
            if (instrument.Name == "hubrealtime.hub.refusals" && instrument.Meter.Scope == _server.Services.GetRequiredService<IMeterFactory>())
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var code = ""; var method = "";
            foreach (var tag in tags)
            {
                code = tag.Key == "code" ? (string)tag.Value! : code;
                method = tag.Key == "method" ? (string)tag.Value! : method;
            }
            lock (counted)
            {
                counted.AddRange(Enumerable.Repeat((code, method), (int)value));
            }
        });
        listener.Start();
        var roomId = await Rooms.CreateAsync(_server);
        await using var client = await RecordingClient.ConnectAsync(_server, "refused");

        var codes = new List<string>
        {
            (await Assert.ThrowsAsync<HubRealtimeException>(() => client.Hub.GetMissedAsync(roomId, 0, 10))).Code,
            (await Assert.ThrowsAsync<HubRealtimeException>(() => client.Hub.JoinRoomAsync(Rooms.NewId()))).Code,
        };
        await client.Hub.JoinRoomAsync(roomId);
        codes.Add((await Assert.ThrowsAsync<HubRealtimeException>(() => client.Hub.SendMessageAsync(roomId, "c-1", "   "))).Code);
        HubRealtimeException? limited = null;
        for (var i = 0; i < 30 && limited is null; i++)
        {
            try
            {
                await client.Hub.GetMissedAsync(roomId, 0, 1);
            }
            catch (HubRealtimeException error)
            {
                limited = error;
            }
        }
        codes.Add(limited?.Code ?? "none");

        Assert.Equal([ErrorCodes.NotInRoom, ErrorCodes.RoomNotFound, ErrorCodes.MessageEmpty, ErrorCodes.RateLimited], codes);
        var problems = _logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}")));
        var refusals = _logs.Entries.Where(e => e.Category == typeof(HubErrorFilter).FullName && e.Level == LogLevel.Debug).ToList();
        Assert.Equal(4, refusals.Count);
        Assert.All(refusals, e => Assert.Null(e.Exception));
        Assert.All(refusals, e => Assert.DoesNotContain('\n', e.Message));
        Assert.Contains(refusals, e => e.Message.Contains("GetMissed", StringComparison.Ordinal) && e.Message.Contains(ErrorCodes.NotInRoom, StringComparison.Ordinal));
        lock (counted)
        {
            Assert.Equal(
                [(ErrorCodes.MessageEmpty, "SendMessage"), (ErrorCodes.NotInRoom, "GetMissed"), (ErrorCodes.RateLimited, "GetMissed"), (ErrorCodes.RoomNotFound, "JoinRoom")],
                counted.Order());
        }
    }

    [Fact]
    public async Task A_fault_is_still_logged_as_an_error_with_its_exception()
    {
        var roomId = await Rooms.CreateAsync(_server);
        await using var client = await RecordingClient.ConnectAsync(_server, "faulty");
        await client.Hub.JoinRoomAsync(roomId);

        var error = await Assert.ThrowsAsync<HubRealtimeException>(() => client.Hub.TypingAsync(roomId));

        Assert.Equal(ErrorCodes.Internal, error.Code);
        var logged = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error && e.Category == typeof(HubErrorFilter).FullName);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    /// <summary>Stands for a bug: Typing throws an unexpected exception.</summary>
    private sealed class FaultOnTypingFilter : IHubFilter
    {
        public ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next) =>
            context.HubMethodName == "Typing" ? throw new InvalidOperationException("A bug.") : next(context);
    }
}
