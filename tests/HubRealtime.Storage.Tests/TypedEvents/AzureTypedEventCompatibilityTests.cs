using System.Globalization;
using Azure.Data.Tables;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage.Azure;
using HubRealtime.Testing;

namespace HubRealtime.Storage.Tests.TypedEvents;

/// <summary>
/// Chat log rows in Azure Tables exactly as the release before typed events wrote them (written here
/// property by property, not through the store) read back as typed events.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureTypedEventCompatibilityTests(AzuriteFixture azurite)
{
    private static string RowKey(long seq) => "m" + (long.MaxValue - seq).ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity Row(long seq, string client, string sender, string name, string text, int minutes, int kind,
        long? target = null, long? replyTo = null, string? notice = null, int? editedMinutes = null, bool deleted = false, string reactions = "")
    {
        var at = LegacyRoomEvents.At.AddMinutes(minutes);
        var row = new TableEntity(LegacyRoomEvents.Room, RowKey(seq))
        {
            ["Seq"] = seq, ["ClientMessageId"] = client, ["SenderId"] = sender, ["SenderName"] = name, ["Text"] = text,
            ["SentAt"] = at, ["SentAtUtcTicks"] = at.UtcTicks, ["Kind"] = kind, ["Deleted"] = deleted, ["Reactions"] = reactions,
        };
        for (var i = 1; i < 8; i++)
        {
            row["Reactions" + i] = "";
        }
        if (target is { } t) { row["TargetSeq"] = t; }
        if (replyTo is { } r) { row["ReplyToSeq"] = r; }
        if (notice is not null) { row["NoticeType"] = notice; }
        if (editedMinutes is { } e) { row["EditedAtUtcTicks"] = LegacyRoomEvents.At.AddMinutes(e).UtcTicks; }
        return row;
    }

    [Fact]
    public async Task Rows_of_every_kind_in_the_previous_format_read_as_typed_events()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var tableName = $"Legacy{Guid.NewGuid():N}";
        var table = service.GetTableClient(tableName);
        await table.CreateIfNotExistsAsync();
        const string thumbs = """[{"E":"👍","U":["bo@agency.example"]}]""";
        TableEntity[] rows =
        [
            Row(1, "c-1", "ann@agency.example", "Ann", "hello, all", 0, 0, editedMinutes: 2, reactions: thumbs),
            Row(2, "c-2", "bo@agency.example", "Bo", "", 1, 0, replyTo: 1, deleted: true),
            Row(3, "", "ann@agency.example", "Ann", "hello, all", 2, 1, target: 1, editedMinutes: 2),
            Row(4, "", "bo@agency.example", "Bo", "👍", 3, 3, target: 1, reactions: thumbs),
            Row(5, "", "bo@agency.example", "Bo", "", 4, 2, target: 2, deleted: true),
            Row(6, "", "fac@agency.example", "Fac", LegacyRoomEvents.OpenedJson, 5, 4, notice: "breakouts.opened"),
            Row(7, "", "mod@agency.example", "Mod", """{"userId":"bo@agency.example","muted":true}""", 6, 4, notice: "participant.muted"),
            Row(8, "", "#system", "", """{"a":1}""", 7, 4, notice: "custom.thing"),
            Row(9, "", "#system", "", "{}", 8, 4, notice: "breakouts.closing"),
        ];
        foreach (var row in rows)
        {
            await table.AddEntityAsync(row);
        }
        await table.AddEntityAsync(new TableEntity(LegacyRoomEvents.Room, "c|ann@agency.example|c-1")
        {
            ["Seq"] = 1L, ["SenderId"] = "ann@agency.example", ["ClientMessageId"] = "c-1",
        });

        var store = new AzureTableChatLogStore(service, tableName);

        Assert.Equal(9, await store.GetLastSeqAsync(LegacyRoomEvents.Room));
        LegacyRoomEvents.AssertTyped(await store.ReadRangeAsync(LegacyRoomEvents.Room, 1, 100, 100));
        Assert.Equal(1, (await store.FindByClientMessageIdAsync(LegacyRoomEvents.Room, "ann@agency.example", "c-1"))!.Seq);
    }

    [Fact]
    public async Task A_row_from_before_the_event_stream_reads_as_a_plain_typed_message()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var tableName = $"Legacy{Guid.NewGuid():N}";
        var table = service.GetTableClient(tableName);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("lobby", RowKey(1))
        {
            ["Seq"] = 1L, ["ClientMessageId"] = "c-1", ["SenderId"] = "ann@agency.example", ["SenderName"] = "Ann",
            ["Text"] = "first ever", ["SentAt"] = LegacyRoomEvents.At, ["SentAtUtcTicks"] = LegacyRoomEvents.At.UtcTicks,
        });

        var read = Assert.Single(await new AzureTableChatLogStore(service, tableName).ReadRangeAsync("lobby", 1, 1, 1));
        var e = RoomEvents.FromRow(read);

        var message = Assert.IsType<MessagePayload>(e.Payload);
        Assert.Equal(("c-1", "first ever", (long?)null, (DateTimeOffset?)null, false, 0), (message.ClientMessageId, message.Text, message.ReplyToSeq, message.EditedAt, message.Deleted, message.Reactions.Count));
        Assert.Equal((RoomEventKind.Message, "Ann"), (e.Kind, e.Actor.DisplayName));
    }
}
