using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Rooms;

/// <summary>A validated message waiting for the room's next group commit.</summary>
internal sealed class PendingSend(Caller caller, string clientMessageId, string text)
{
    public Caller Caller { get; } = caller;
    public string ClientMessageId { get; } = clientMessageId;
    public string Text { get; } = text;
    public (string Sender, string ClientId) Key => (Caller.UserId, ClientMessageId);
    public TaskCompletionSource<SendAck> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
