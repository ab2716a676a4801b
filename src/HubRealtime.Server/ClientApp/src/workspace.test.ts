import { describe, expect, it } from "vitest";
import {
  asksForHelp,
  changesMeetings,
  endedRounds,
  meetingAlerts,
  openHelpTotal,
  applyActivity,
  applyReadPosition,
  happeningNow,
  orderedMeetings,
  totals,
  watchedRoomIds,
  type WorkspaceMeeting,
  type WorkspaceRoom,
  type WorkspaceView,
} from "./workspace";

const room = (roomId: string, over: Partial<WorkspaceRoom> = {}): WorkspaceRoom => ({
  roomId, title: roomId, lastSeq: 10, readSeq: 10, unread: 0, mentions: 0, closed: false, ...over,
});
const meeting = (meetingId: string, state: WorkspaceMeeting["state"], round = false): WorkspaceMeeting => ({
  meetingId, title: meetingId, startsAt: "2026-12-03T10:00:00+00:00", endsAt: "2026-12-03T12:00:00+00:00", timeZone: "UTC",
  role: "participant", state,
  sessions: [{ sessionId: "s1", title: "Main", plenary: room(`m-${meetingId}-s1`), round: round ? { round: 1, deadline: null, myRoomId: `m-${meetingId}-s1-r1-2`, myRoomName: "Room 2" } : null }],
});
const view = (over: Partial<WorkspaceView> = {}): WorkspaceView => ({
  groups: [{ groupId: "cyber", room: room("wg-cyber") }],
  meetings: [meeting("ended", "ended"), meeting("live", "live", true), meeting("soon", "upcoming")],
  rooms: [room("lobby")],
  at: "2026-12-03T11:00:00+00:00",
  ...over,
});

describe("workspace", () => {
  it("counts others' new messages as unread and mentions of me as mentions", () => {
    const next = applyActivity(view(), { roomId: "lobby", lastSeq: 13, messages: [
      { seq: 11, senderId: "bo@x", mentions: [] },
      { seq: 12, senderId: "me@x", mentions: [] },
      { seq: 13, senderId: "bo@x", mentions: ["me@x"] },
    ] }, "me@x");
    expect(next.rooms[0]).toMatchObject({ lastSeq: 13, unread: 2, mentions: 1 });
    expect(totals(next)).toEqual({ unread: 2, mentions: 1 });
  });

  it("skips activity the view already holds and rooms it does not list", () => {
    const v = view();
    expect(applyActivity(v, { roomId: "lobby", lastSeq: 10, messages: [{ seq: 10, senderId: "bo@x", mentions: ["me@x"] }] }, "me@x")).toBe(v);
    expect(applyActivity(v, { roomId: "elsewhere", lastSeq: 99, messages: [{ seq: 99, senderId: "bo@x", mentions: [] }] }, "me@x")).toBe(v);
  });

  it("updates a group's and a meeting's rooms too", () => {
    const msg = { seq: 11, senderId: "bo@x", mentions: ["me@x"] };
    let v = applyActivity(view(), { roomId: "wg-cyber", lastSeq: 11, messages: [msg] }, "me@x");
    v = applyActivity(v, { roomId: "m-live-s1", lastSeq: 11, messages: [msg] }, "me@x");
    expect(v.groups[0]!.room).toMatchObject({ unread: 1, mentions: 1 });
    expect(v.meetings[1]!.sessions[0]!.plenary).toMatchObject({ unread: 1, mentions: 1 });
  });

  it("clears counts when the read position reaches the end, and never moves back", () => {
    const busy = view({ rooms: [room("lobby", { lastSeq: 14, readSeq: 10, unread: 3, mentions: 2 })] });
    const partly = applyReadPosition(busy, { roomId: "lobby", readSeq: 12, mentions: 1 });
    expect(partly.rooms[0]).toMatchObject({ readSeq: 12, unread: 3, mentions: 1 });
    const read = applyReadPosition(partly, { roomId: "lobby", readSeq: 14, mentions: 0 });
    expect(read.rooms[0]).toMatchObject({ readSeq: 14, unread: 0, mentions: 0 });
    expect(applyReadPosition(read, { roomId: "lobby", readSeq: 11, mentions: 5 })).toBe(read);
  });

  it("lists live meetings first and says what is happening now", () => {
    const v = view({ rooms: [room("lobby", { unread: 2 }), room("quiet")], groups: [{ groupId: "cyber", room: room("wg-cyber", { unread: 1, mentions: 1 }) }] });
    expect(orderedMeetings(v).map((m) => m.state)).toEqual(["live", "upcoming", "ended"]);
    const now = happeningNow(v);
    expect(now.live.map((m) => m.meetingId)).toEqual(["live"]);
    expect(now.rounds.map((r) => r.round.myRoomName)).toEqual(["Room 2"]);
    expect(now.active.map((a) => a.room.roomId)).toEqual(["wg-cyber", "lobby"]);
    expect(now.upcoming.map((m) => m.meetingId)).toEqual(["soon"]);
  });

  it("watches every listed room once", () => {
    expect(watchedRoomIds(view({ rooms: [room("lobby"), room("wg-cyber")] }))).toEqual(["wg-cyber", "m-ended-s1", "m-live-s1", "m-soon-s1", "lobby"]);
  });

  it("watches the facilitators' rooms too, and hears meeting notices apart from messages", () => {
    const live = meeting("live", "live");
    const facilitating: WorkspaceMeeting = { ...live, role: "facilitator", sessions: [{ ...live.sessions[0]!, facilitatorRoomId: "m-live-s1-f", openHelp: 2 }] };
    const v = view({ meetings: [facilitating] });
    expect(watchedRoomIds(v)).toContain("m-live-s1-f");
    const help = { roomId: "m-live-s1-f", lastSeq: 3, messages: [], notices: ["help.requested"] };
    expect(changesMeetings(help)).toBe(true);
    expect(asksForHelp(v, help)).toBe(true);
    // The same notice in a room that is not a facilitators' room plays nothing; a message is no meeting change.
    expect(asksForHelp(v, { ...help, roomId: "lobby" })).toBe(false);
    expect(changesMeetings({ roomId: "lobby", lastSeq: 4, messages: [{ seq: 4, senderId: "bo@x", mentions: [] }] })).toBe(false);
    expect(changesMeetings({ roomId: "m-live-s1", lastSeq: 5, messages: [], notices: ["breakouts.opened"] })).toBe(true);
    expect(openHelpTotal(v)).toBe(2);
    expect(meetingAlerts(v).help).toEqual([{ meetingId: "live", sessionId: "s1", meetingTitle: "live", sessionTitle: "Main", count: 2 }]);
  });

  it("offers a participant their room while a round runs, and the way back once it ended", () => {
    const during = view();
    expect(meetingAlerts(during).rooms).toEqual([{ meetingId: "live", sessionId: "s1", meetingTitle: "live", sessionTitle: "Main", roomName: "Room 2" }]);
    const after = view({ meetings: [meeting("ended", "ended"), meeting("live", "live", false), meeting("soon", "upcoming")] });
    expect(meetingAlerts(after).rooms).toEqual([]);
    expect(endedRounds(during, after)).toEqual([{ meetingId: "live", sessionId: "s1", meetingTitle: "live", sessionTitle: "Main" }]);
    // Nothing ended when the round goes on, or was never the participant's.
    expect(endedRounds(during, during)).toEqual([]);
    expect(endedRounds(after, after)).toEqual([]);
  });
});
