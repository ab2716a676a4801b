using System.Diagnostics;
using Azure.Data.Tables;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains;
using HubRealtime.Grains.Storage.Azure;
using HubRealtime.Testing;
using Orleans.TestingHost;

namespace HubRealtime.Storage.Tests.ChatLog;

/// <summary>
/// A room on Azure Tables while the Azurite process is suspended: the sender hears back well inside the
/// call timeout, never "unavailable" for a message that gets stored, and a resend stores it exactly once.
/// Its own Azurite (suspending the shared one would freeze the other storage tests).
/// </summary>
public sealed class RoomOnSuspendedAzuriteTests : IAsyncLifetime
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);
    private static readonly Caller Ann = new("ann@agency.example", "Ann");

    private readonly AzuriteFixture _azurite = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var builder = new TestClusterBuilder(1);
        builder.Properties["AzureConnectionString"] = _azurite.ConnectionString;
        builder.Properties["HubRealtime:Storage:AttemptTimeout"] = "00:00:01";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task A_send_while_azurite_is_suspended_is_answered_in_time_and_a_resend_stores_it_exactly_once()
    {
        var pid = _azurite.ProcessId ?? throw new InvalidOperationException("This test suspends its own Azurite process; unset " + AzuriteFixture.ConnectionStringVariable + ".");
        var roomId = "room-" + Guid.NewGuid().ToString("N")[..16];
        var room = _cluster.GrainFactory.GetGrain<IRoomGrain>(roomId);
        await room.Create(Ann, "Frozen");
        await room.Send(Ann, new(Guid.NewGuid().ToString("N"), "before"));
        var id = Guid.NewGuid().ToString("N");

        HubRealtimeException error;
        var clock = Stopwatch.StartNew();
        await SignalAsync("STOP", pid);
        try
        {
            error = await Assert.ThrowsAsync<HubRealtimeException>(() => room.Send(Ann, new(id, "during")).WaitAsync(AnswerWithin));
        }
        finally
        {
            await SignalAsync("CONT", pid);
        }
        var took = clock.Elapsed;

        // The transaction was sent and went unanswered: it may land, so the answer is not "nothing stored".
        Assert.Equal(ErrorCodes.OutcomeUnknown, error.Code);
        Assert.True(took < AnswerWithin, $"answered after {took}");

        var resent = await room.Send(Ann, new(id, "during"));
        var next = await room.Send(Ann, new(Guid.NewGuid().ToString("N"), "after"));
        var store = new AzureTableChatLogStore(new TableServiceClient(_azurite.ConnectionString));
        var stored = await store.ReadRangeAsync(roomId, 1, 100, 100);
        Assert.Equal([1L, 2, 3], stored.Select(m => m.Seq));
        Assert.Single(stored, m => m.ClientMessageId == id);
        Assert.Equal((2L, 3L), (resent.Seq, next.Seq));
        Assert.Equal(stored.Select(m => m.Seq), (await room.GetHistoryAfter(Ann, 0, 50)).Events.Select(m => m.Seq));
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(AnswerWithin);
        Assert.Equal(0, kill.ExitCode);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddHubRealtimeGrains();
            silo.AddAzureStorage(silo.Configuration["AzureConnectionString"]!);
        }
    }
}
