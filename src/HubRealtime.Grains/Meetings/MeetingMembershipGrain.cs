using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Grains.Common;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Grains.Meetings;

/// <summary>The meetings one user (the key, a normalized e-mail) belongs to: the index behind "my meetings".</summary>
public sealed class MeetingMembershipGrain(
    [PersistentState("meetings", StorageNames.Grains)] IPersistentState<MeetingMembershipState> state) : Grain, IMeetingMembershipGrain
{
    /// <summary>Bounds the state; the oldest listings drop out first.</summary>
    internal const int MaxMeetings = 500;

    public Task<IReadOnlyList<string>> List(Caller caller)
    {
        if (!CallerAuthority.IsSystem(caller) &&
            !(EmailAddress.TryNormalize(caller?.UserId, out var email) && email == this.GetPrimaryKeyString()))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Only the user sees their meetings.");
        }
        return Task.FromResult<IReadOnlyList<string>>([.. state.State.MeetingIds]);
    }

    public async Task Add(Caller caller, string meetingId)
    {
        CallerAuthority.RequireSystem(caller);
        MeetingIds.ValidateMeetingId(meetingId);
        if (state.State.MeetingIds.Contains(meetingId))
        {
            return;
        }
        state.State.MeetingIds.Add(meetingId);
        if (state.State.MeetingIds.Count > MaxMeetings)
        {
            state.State.MeetingIds.RemoveAt(0);
        }
        await state.WriteOrRevertAsync();
    }

    public async Task Remove(Caller caller, string meetingId)
    {
        CallerAuthority.RequireSystem(caller);
        MeetingIds.ValidateMeetingId(meetingId);
        if (state.State.MeetingIds.Remove(meetingId))
        {
            await state.WriteOrRevertAsync();
        }
    }
}

[GenerateSerializer, Alias("HubRealtime.Grains.Meetings.MeetingMembershipState")]
public sealed class MeetingMembershipState
{
    [Id(0)] public List<string> MeetingIds { get; set; } = [];
}
