using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Client;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests;

/// <summary>
/// Issue 8 §1.6: a string argument that is not valid UTF-16 (a lone surrogate, which the .NET and
/// browser clients cannot even send) answers invalid_argument, never an uncoded "Failed to invoke".
/// Spoken over a raw WebSocket in the JSON hub protocol, as a hostile client would.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class HubInvalidTextTests(EmbeddedServerFixture fixture)
{
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task A_lone_surrogate_in_a_string_argument_answers_invalid_argument_and_stores_nothing()
    {
        var roomId = await Rooms.CreateAsync(fixture.Server);
        var user = await fixture.Server.RegisterAsync("surrogate");
        using var socket = await ConnectAsync(await fixture.Server.TokenAsync(user));

        var joinBad = await InvokeAsync(socket, "1", "JoinRoom", $"[\"{roomId}\\ud800\"]");
        var join = await InvokeAsync(socket, "2", "JoinRoom", $"[\"{roomId}\"]");
        var send = await InvokeAsync(socket, "3", "SendMessage", $"[\"{roomId}\",{{\"clientMessageId\":\"c-1\",\"text\":\"hi \\ud800 there\"}}]");
        var low = await InvokeAsync(socket, "4", "SendMessage", $"[\"{roomId}\",{{\"clientMessageId\":\"c-2\",\"text\":\"\\udc00\"}}]");
        var pair = await InvokeAsync(socket, "5", "SendMessage", $"[\"{roomId}\",{{\"clientMessageId\":\"c-3\",\"text\":\"fine \\ud83d\\udc4b\"}}]");

        Assert.Equal(ErrorCodes.InvalidArgument, CodeOf(joinBad));
        Assert.Null(Error(join));
        Assert.Equal(ErrorCodes.InvalidArgument, CodeOf(send));
        Assert.Equal(ErrorCodes.InvalidArgument, CodeOf(low));
        Assert.Null(Error(pair));
        Assert.Equal(1, pair.GetProperty("result").GetProperty("seq").GetInt64());
        await using var reader = await RecordingClient.ConnectAsync(fixture.Server, "reader");
        var snapshot = await reader.Hub.JoinRoomAsync(roomId);
        Assert.Equal("fine 👋", Assert.Single(snapshot.Events).Text());
    }

    /// <summary>The code of a completion's error, read as every client reads it ("… HubException: code: text").</summary>
    private static string? CodeOf(JsonElement completion) => RoomHubClient.ParseError(Error(completion) ?? "")?.Code;

    private static string? Error(JsonElement completion) =>
        completion.TryGetProperty("error", out var error) ? error.GetString() : null;

    private async Task<RawHubConnection> ConnectAsync(string token)
    {
        var socket = new ClientWebSocket();
        var address = new UriBuilder(new Uri(fixture.Server.BaseAddress, RoomHubClient.HubPath))
        {
            Scheme = "ws",
            Query = "access_token=" + Uri.EscapeDataString(token),
        }.Uri;
        await socket.ConnectAsync(address, CancellationToken.None);
        var connection = new RawHubConnection(socket);
        await connection.SendAsync("""{"protocol":"json","version":1}""");
        Assert.Equal("{}", await connection.ReceiveAsync());
        return connection;
    }

    /// <summary>Sends one invocation with raw JSON arguments and returns its completion (skipping events and pings).</summary>
    private static async Task<JsonElement> InvokeAsync(RawHubConnection connection, string id, string target, string argumentsJson)
    {
        await connection.SendAsync($$"""{"type":1,"invocationId":"{{id}}","target":"{{target}}","arguments":{{argumentsJson}}}""");
        while (true)
        {
            var message = JsonDocument.Parse(await connection.ReceiveAsync()).RootElement;
            if (message.GetProperty("type").GetInt32() == 3 && message.GetProperty("invocationId").GetString() == id)
            {
                return message;
            }
        }
    }

    /// <summary>The JSON hub protocol by hand: records end with 0x1E, and one frame may hold several.</summary>
    private sealed class RawHubConnection(ClientWebSocket socket) : IDisposable
    {
        private readonly Queue<string> _records = new();

        public Task SendAsync(string json) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

        public async Task<string> ReceiveAsync()
        {
            if (_records.Count > 0)
            {
                return _records.Dequeue();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var bytes = new List<byte>();
            var buffer = new byte[16 * 1024];
            while (bytes.Count == 0 || bytes[^1] != (byte)RecordSeparator)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                bytes.AddRange(buffer.AsSpan(0, result.Count));
            }
            foreach (var record in Encoding.UTF8.GetString([.. bytes]).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                _records.Enqueue(record);
            }
            return _records.Dequeue();
        }

        public void Dispose() => socket.Dispose();
    }
}
