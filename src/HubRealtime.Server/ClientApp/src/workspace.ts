// The signed-in user's workspace (docs/protocol.md, "Workspace"): groups, meetings and rooms with unread and
// mention counts, as GET /api/me/workspace answers, kept current from the hub's RoomActivity and
// ReadPositionChanged events. No framework: the sidebar and the home page render what these functions return.

export const WORKSPACE_URL = "/api/me/workspace";
export const WorkspaceMethods = { markRead: "MarkRead", watchActivity: "WatchActivity" } as const;
export const WorkspaceEvents = { roomActivity: "RoomActivity", readPositionChanged: "ReadPositionChanged" } as const;
/** At most this many rooms are watched per connection (the server's bound). */
const MAX_WATCHED_ROOMS = 200;

export interface WorkspaceRoom {
  roomId: string;
  title: string;
  lastSeq: number;
  readSeq: number;
  unread: number;
  mentions: number;
  closed: boolean;
}
export interface WorkspaceGroup { groupId: string; room: WorkspaceRoom }
export interface WorkspaceRound { round: number; deadline: string | null; myRoomId: string | null; myRoomName: string | null }
export interface WorkspaceSession {
  sessionId: string;
  title: string;
  plenary: WorkspaceRoom;
  round: WorkspaceRound | null;
  /** Facilitators only: their room (watched for help notices) and the session's open help requests. */
  facilitatorRoomId?: string | null;
  openHelp?: number;
}
export type MeetingState = "live" | "upcoming" | "ended";
export interface WorkspaceMeeting {
  meetingId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  role: "facilitator" | "participant" | "observer";
  state: MeetingState;
  sessions: WorkspaceSession[];
}
export interface WorkspaceView { groups: WorkspaceGroup[]; meetings: WorkspaceMeeting[]; rooms: WorkspaceRoom[]; at: string }
export interface ActivityMessage { seq: number; senderId: string; mentions: string[] }
export interface RoomActivity { roomId: string; lastSeq: number; messages: ActivityMessage[]; notices?: string[] }
export interface ReadPosition { roomId: string; readSeq: number; mentions: number }

/** Every room of the view (groups', meetings' plenaries, others), each once. */
function allRooms(view: WorkspaceView): WorkspaceRoom[] {
  const seen = new Map<string, WorkspaceRoom>();
  for (const g of view.groups) seen.set(g.room.roomId, g.room);
  for (const m of view.meetings) for (const s of m.sessions) seen.set(s.plenary.roomId, s.plenary);
  for (const r of view.rooms) if (!seen.has(r.roomId)) seen.set(r.roomId, r);
  return [...seen.values()];
}

/** The facilitators' rooms of the view's sessions (facilitators only): help notices arrive there. */
function facilitatorRoomIds(view: WorkspaceView): string[] {
  return view.meetings.flatMap((m) => m.sessions.flatMap((s) => (s.facilitatorRoomId ? [s.facilitatorRoomId] : [])));
}

/** The rooms to watch for activity (bounded like the server): the listed rooms, then the facilitators' rooms. */
export function watchedRoomIds(view: WorkspaceView): string[] {
  const rooms = allRooms(view).map((r) => r.roomId);
  return [...new Set([...rooms, ...facilitatorRoomIds(view)])].slice(0, MAX_WATCHED_ROOMS);
}

/** Notices after which the meeting's part of the workspace (rounds, help counts, sessions) is read again. */
export function changesMeetings(activity: RoomActivity): boolean {
  return (activity.notices ?? []).some((n) => n.startsWith("breakouts.") || n.startsWith("help.") || n === "meeting.roster");
}

/** A new help request in one of this facilitator's rooms (the tone plays for it). */
export function asksForHelp(view: WorkspaceView, activity: RoomActivity): boolean {
  return (activity.notices ?? []).includes("help.requested") && facilitatorRoomIds(view).includes(activity.roomId);
}

/** One session of a meeting, as the app-wide meeting alerts name it. */
export interface MeetingSessionRef { meetingId: string; sessionId: string; meetingTitle: string; sessionTitle: string }

export interface MeetingAlerts {
  /** Facilitators: sessions with open help requests. */
  help: (MeetingSessionRef & { count: number })[];
  /** Participants: open rounds with a room of theirs. */
  rooms: (MeetingSessionRef & { roomName: string })[];
}

function ref(m: WorkspaceMeeting, s: WorkspaceSession): MeetingSessionRef {
  return { meetingId: m.meetingId, sessionId: s.sessionId, meetingTitle: m.title, sessionTitle: s.title };
}

/** What the app shows on every page about live meetings: help waiting, and rooms to go to. */
export function meetingAlerts(view: WorkspaceView): MeetingAlerts {
  const live = view.meetings.filter((m) => m.state === "live");
  return {
    help: live.flatMap((m) => m.sessions.filter((s) => (s.openHelp ?? 0) > 0).map((s) => ({ ...ref(m, s), count: s.openHelp ?? 0 }))),
    rooms: live.flatMap((m) => m.sessions.flatMap((s) =>
      s.round?.myRoomId ? [{ ...ref(m, s), roomName: s.round.myRoomName ?? "" }] : [])),
  };
}

/** Total open help requests over the facilitator's live meetings (the title and navigation badges). */
export function openHelpTotal(view: WorkspaceView): number {
  return meetingAlerts(view).help.reduce((n, h) => n + h.count, 0);
}

/**
 * Sessions whose round this participant was placed in and which has ended between two views (the app
 * offers the way back to the plenary for these).
 */
export function endedRounds(before: WorkspaceView, after: WorkspaceView): MeetingSessionRef[] {
  const open = new Set(meetingAlerts(before).rooms.map((r) => `${r.meetingId}/${r.sessionId}`));
  const still = new Set(meetingAlerts(after).rooms.map((r) => `${r.meetingId}/${r.sessionId}`));
  return after.meetings.flatMap((m) => m.sessions
    .filter((s) => open.has(`${m.meetingId}/${s.sessionId}`) && !still.has(`${m.meetingId}/${s.sessionId}`) && s.round === null)
    .map((s) => ref(m, s)));
}

function mapRooms(view: WorkspaceView, roomId: string, change: (room: WorkspaceRoom) => WorkspaceRoom): WorkspaceView {
  let changed = false;
  const apply = (room: WorkspaceRoom): WorkspaceRoom => {
    if (room.roomId !== roomId) return room;
    const next = change(room);
    if (next !== room) changed = true;
    return next;
  };
  const next: WorkspaceView = {
    ...view,
    groups: view.groups.map((g) => {
      const room = apply(g.room);
      return room === g.room ? g : { ...g, room };
    }),
    meetings: view.meetings.map((m) => {
      const sessions = m.sessions.map((s) => {
        const plenary = apply(s.plenary);
        return plenary === s.plenary ? s : { ...s, plenary };
      });
      return sessions.some((s, i) => s !== m.sessions[i]) ? { ...m, sessions } : m;
    }),
    rooms: view.rooms.map(apply),
  };
  return changed ? next : view;
}

/**
 * A watched room stored new events: messages of others after the read position count as unread, those that
 * mention `me` as mentions. Activity the view already holds (seq <= lastSeq) is skipped.
 */
export function applyActivity(view: WorkspaceView, activity: RoomActivity, me: string): WorkspaceView {
  return mapRooms(view, activity.roomId, (room) => {
    if (activity.lastSeq <= room.lastSeq) return room;
    const fresh = activity.messages.filter((m) => m.seq > room.lastSeq && m.seq > room.readSeq && m.senderId !== me);
    return {
      ...room,
      lastSeq: activity.lastSeq,
      unread: room.unread + fresh.length,
      mentions: room.mentions + fresh.filter((m) => m.mentions.includes(me)).length,
    };
  });
}

/** The read position moved (in any tab): unread after it is gone, the mentions are the server's. */
export function applyReadPosition(view: WorkspaceView, position: ReadPosition): WorkspaceView {
  return mapRooms(view, position.roomId, (room) => {
    if (position.readSeq < room.readSeq) return room;
    const unread = position.readSeq >= room.lastSeq ? 0 : room.unread;
    if (room.readSeq === position.readSeq && room.unread === unread && room.mentions === position.mentions) return room;
    return { ...room, readSeq: position.readSeq, unread, mentions: position.mentions };
  });
}

/** Meetings as the sidebar lists them: live first, then upcoming, then ended (the server's order within each). */
export function orderedMeetings(view: WorkspaceView): WorkspaceMeeting[] {
  const rank: Record<MeetingState, number> = { live: 0, upcoming: 1, ended: 2 };
  return view.meetings.map((m, i) => ({ m, i })).sort((a, b) => rank[a.m.state] - rank[b.m.state] || a.i - b.i).map((x) => x.m);
}

export interface RunningRound { meeting: WorkspaceMeeting; session: WorkspaceSession; round: WorkspaceRound }
export interface ActiveRoom { room: WorkspaceRoom; kind: "group" | "meeting" | "room"; meetingId?: string; sessionId?: string }
export interface HappeningNow {
  live: WorkspaceMeeting[];
  rounds: RunningRound[];
  active: ActiveRoom[];
  upcoming: WorkspaceMeeting[];
}

/** What the landing page shows: live meetings and their open rounds, rooms with unread messages (mentions first), upcoming meetings. */
export function happeningNow(view: WorkspaceView): HappeningNow {
  const live = view.meetings.filter((m) => m.state === "live");
  const rounds = live.flatMap((meeting) =>
    meeting.sessions.flatMap((session) => (session.round ? [{ meeting, session, round: session.round }] : [])));
  const active: ActiveRoom[] = [
    ...view.groups.map((g): ActiveRoom => ({ room: g.room, kind: "group" })),
    ...view.meetings.flatMap((m) => m.sessions.map((s): ActiveRoom => ({ room: s.plenary, kind: "meeting", meetingId: m.meetingId, sessionId: s.sessionId }))),
    ...view.rooms.map((r): ActiveRoom => ({ room: r, kind: "room" })),
  ].filter((a) => a.room.unread > 0 || a.room.mentions > 0)
    .sort((a, b) => b.room.mentions - a.room.mentions || b.room.unread - a.room.unread);
  return { live, rounds, active, upcoming: view.meetings.filter((m) => m.state === "upcoming") };
}

/** Totals for the title and the collapsed sidebar button. */
export function totals(view: WorkspaceView): { unread: number; mentions: number } {
  return allRooms(view).reduce((t, r) => ({ unread: t.unread + r.unread, mentions: t.mentions + r.mentions }), { unread: 0, mentions: 0 });
}
