namespace HubRealtime.Bench;

/// <summary>
/// What the meeting server host hands the load agent (as a JSON file): where to connect, the rooms, and
/// for every participant its identity and breakout room. Tokens are bearer tokens for HubRealtime, null
/// for the baseline (whose clients name themselves in the query).
/// </summary>
internal sealed record MeetingSeats(
    string Target,
    string ServerUrl,
    string PlenaryRoomId,
    string[] BreakoutRoomIds,
    MeetingSeat[] Seats,
    string RoomsHow)
{
    public void Write(string path) => File.WriteAllText(path, BenchJson.Write(this));

    public static MeetingSeats Read(string path) => BenchJson.Read<MeetingSeats>(File.ReadAllText(path));
}

/// <summary>One participant: its user id (also in every message it sends), its token, its breakout room (index into the breakout ids).</summary>
internal sealed record MeetingSeat(int Index, string UserId, string DisplayName, string? AccessToken, int Breakout);

/// <summary>The meeting's shape for N participants: R = ceil(N / room size) breakouts, participant i in breakout i mod R, all in the plenary.</summary>
internal sealed record MeetingPlan(int Participants, int Breakouts)
{
    /// <summary>The facilitator, who sends the plenary broadcasts (and chats in a breakout like everyone).</summary>
    public const int Facilitator = 0;

    public static MeetingPlan For(int participants, int roomSize) => new(participants, (participants + roomSize - 1) / roomSize);

    public string PlenaryRoomId => $"meet{Participants}-plenary";

    public string[] BreakoutRoomIds => [.. Enumerable.Range(0, Breakouts).Select(b => $"meet{Participants}-b{b}")];

    public int BreakoutOf(int participant) => participant % Breakouts;
}
