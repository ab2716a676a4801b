using System.Text.Json;
using System.Text.Json.Nodes;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Server.Tests;

/// <summary>The typed room event on the wire: camelCase, enums as strings, payloads and notices tagged by type.</summary>
public sealed class RoomEventJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly EventActor Ann = new("ann@agency.example", "Ann");

    private static RoomEvent Event(long seq, RoomEventKind kind, RoomEventPayload payload) => new("plenary", seq, kind, At, Ann, payload);

    public static TheoryData<RoomEvent> Events() =>
    [
        Event(1, RoomEventKind.Message, new MessagePayload("c-1", "hello", 7, At, false, [new ReactionSummary("👍", ["bo"])])),
        Event(2, RoomEventKind.Edit, new EditPayload(1, "hello, all")),
        Event(3, RoomEventKind.Delete, new DeletePayload(1)),
        Event(4, RoomEventKind.Reaction, new ReactionPayload(1, "👍", true, [new ReactionSummary("👍", ["ann@agency.example"])])),
        Event(5, RoomEventKind.Notice, new NoticePayload(RoomNoticeTypes.BreakoutsOpened,
            new BreakoutsOpenedNotice(1, [new BreakoutRoomNotice("m-x-1", "Room 1", MemberCount: 4)], At, [5, 1]))),
        Event(6, RoomEventKind.Notice, new NoticePayload(RoomNoticeTypes.BreakoutsClosed,
            new BreakoutsClosedNotice(1, [new BreakoutOutcomeNotice("m-x-1", "Room 1", 3, At, MemberCount: 4)]))),
        Event(7, RoomEventKind.Notice, new NoticePayload(RoomNoticeTypes.HelpRequested, new HelpRequestedNotice("bo@agency.example", "Bo", "m-x-1", "stuck"))),
        Event(8, RoomEventKind.Notice, new NoticePayload("custom.thing", new OtherNotice("""{"a":1}"""))),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_payload_round_trips_through_its_json(RoomEvent e)
    {
        var json = JsonSerializer.Serialize(e, RoomEventJson.Options);
        var back = JsonSerializer.Deserialize<RoomEvent>(json, RoomEventJson.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, RoomEventJson.Options));
        Assert.Equal(e.Payload.GetType(), back.Payload.GetType());
    }

    [Fact]
    public void The_envelope_and_a_notice_have_the_documented_shape()
    {
        var e = Event(5, RoomEventKind.Notice, new NoticePayload(RoomNoticeTypes.BreakoutsOpened,
            new BreakoutsOpenedNotice(1, [new BreakoutRoomNotice("m-x-1", "Room 1", MemberCount: 4)], At, [5, 1])));

        var json = JsonNode.Parse(JsonSerializer.Serialize(e, RoomEventJson.Options))!;

        Assert.Equal(("plenary", 5L, "notice"), ((string)json["roomId"]!, (long)json["seq"]!, (string)json["kind"]!));
        Assert.Equal(("ann@agency.example", "Ann"), ((string)json["actor"]!["userId"]!, (string)json["actor"]!["displayName"]!));
        Assert.Equal(At, (DateTimeOffset)json["time"]!);
        var payload = json["payload"]!;
        Assert.Equal(("notice", "breakouts.opened"), ((string)payload["type"]!, (string)payload["noticeType"]!));
        Assert.Equal(("breakouts.opened", 1, "m-x-1"), ((string)payload["notice"]!["type"]!, (int)payload["notice"]!["round"]!, (string)payload["notice"]!["rooms"]![0]!["roomId"]!));
    }

    [Fact]
    public void A_stored_notice_payload_reads_typed_and_writes_back_as_stored()
    {
        const string stored = """{"fromRoomId":null,"toRoomId":"m-x-2","displayName":"Bo","email":null}""";

        var body = RoomEvents.ParseNotice(RoomNoticeTypes.BreakoutsMoved, stored);

        Assert.Equal(new BreakoutsMovedNotice(null, "m-x-2", DisplayName: "Bo"), body);
        Assert.Equal(stored, RoomEvents.ToStoredJson(body));
        Assert.Equal(RoomNoticeTypes.BreakoutsMoved, RoomEvents.NoticeTypeOf(body));
        // A payload that lacks what its type requires is kept as is, never half read.
        Assert.Equal(new OtherNotice("""{"round":1}"""), RoomEvents.ParseNotice(RoomNoticeTypes.BreakoutsOpened, """{"round":1}"""));
    }
}
