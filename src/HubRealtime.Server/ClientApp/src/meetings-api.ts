// The meetings HTTP API (docs/protocol.md, "Meetings"): types as the client uses them, normalized
// so that enums may arrive as numbers or as names.
import { del, get, post, seg } from "./api";

export type MeetingRole = "facilitator" | "participant" | "observer";
export type BreakoutPhase = "none" | "draft" | "open" | "closed";
export type AssignmentMode = "none" | "manual" | "random" | "balanced" | "selfSelect" | "csv";

export interface MeetingSummary {
  meetingId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  role: MeetingRole;
}

export interface PersonView {
  email: string;
  displayName: string;
  agencyId?: string | null;
  country?: string | null;
}

export interface BreakoutRoom {
  roomId: string;
  name: string;
  members: string[];
}

export interface BreakoutOutcome {
  roomId: string;
  name: string;
  members: string[];
  messageCount: number;
  closedAt: string;
  /** The round it belonged to (0 for outcomes stored before rounds were recorded) and when it opened. */
  round?: number;
  openedAt?: string | null;
  /** The members' names at closing (participants get these, and no e-mails in members). */
  memberNames?: string[] | null;
  /** The last revision of the room's note at closing (0 or absent: nobody wrote in it). */
  noteRev?: number;
}

export interface BreakoutView {
  round: number;
  phase: BreakoutPhase;
  mode: AssignmentMode;
  rooms: BreakoutRoom[];
  myRoomId: string | null;
  opensAt: string | null;
  deadline: string | null;
  warningMinutes: number[];
  selfSelectCap: number | null;
  outcomes: BreakoutOutcome[];
}

export interface SessionView {
  sessionId: string;
  title: string;
  plenaryRoomId: string;
  facilitatorRoomId: string | null;
  breakouts: BreakoutView;
  /** Open help requests, oldest first (facilitators only; [] for others). */
  helpRequests?: HelpRequestView[];
}

/** A help request still open: state of the meeting, so every facilitator sees the same queue. */
export interface HelpRequestView {
  requestId: number;
  email: string;
  displayName: string;
  roomId: string;
  text: string;
  at: string;
}

export interface MeetingView extends MeetingSummary {
  facilitators: PersonView[];
  participants: PersonView[];
  sessions: SessionView[];
}

const ROLES: readonly MeetingRole[] = ["participant", "facilitator", "observer"];
const PHASES: readonly BreakoutPhase[] = ["none", "draft", "open", "closed"];
const MODES: readonly AssignmentMode[] = ["none", "manual", "random", "balanced", "selfSelect", "csv"];

function named<T extends string>(names: readonly T[], value: unknown, fallback: T): T {
  if (typeof value === "number") return names[value] ?? fallback;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    return names.find((n) => n.toLowerCase() === lower) ?? fallback;
  }
  return fallback;
}

function normalizeBreakouts(b: BreakoutView | null | undefined): BreakoutView {
  return {
    round: b?.round ?? 0,
    phase: named(PHASES, b?.phase, "none"),
    mode: named(MODES, b?.mode, "none"),
    rooms: (b?.rooms ?? []).map((r) => ({ roomId: r.roomId, name: r.name, members: r.members ?? [] })),
    myRoomId: b?.myRoomId ?? null,
    opensAt: b?.opensAt ?? null,
    deadline: b?.deadline ?? null,
    warningMinutes: b?.warningMinutes ?? [],
    selfSelectCap: b?.selfSelectCap ?? null,
    outcomes: b?.outcomes ?? [],
  };
}

function normalizeMeeting(m: MeetingView): MeetingView {
  return {
    ...m,
    role: named(ROLES, m.role, "participant"),
    facilitators: m.facilitators ?? [],
    participants: m.participants ?? [],
    sessions: (m.sessions ?? []).map((s) => ({ ...s, breakouts: normalizeBreakouts(s.breakouts) })),
  };
}

const base = (meetingId: string, sessionId: string): string =>
  `/api/meetings/${seg(meetingId)}/sessions/${seg(sessionId)}`;
const breakouts = (meetingId: string, sessionId: string, action: string): string =>
  `${base(meetingId, sessionId)}/breakouts/${action}`;

export async function mine(): Promise<MeetingSummary[]> {
  const list = await get<MeetingSummary[]>("/api/meetings/mine");
  return list.map((m) => ({ ...m, role: named(ROLES, m.role, "participant") }));
}

export interface NewMeetingRequest {
  meetingId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  sessions: { sessionId: string; title: string }[];
  facilitators: string[];
  participants: string[];
  agencies: string[];
  groups: string[];
  retentionDays?: number;
}

export async function create(request: NewMeetingRequest): Promise<MeetingView> {
  return normalizeMeeting(await post<MeetingView>("/api/meetings", request));
}

export async function meeting(meetingId: string): Promise<MeetingView> {
  return normalizeMeeting(await get<MeetingView>(`/api/meetings/${seg(meetingId)}`));
}

const act = async (url: string, body: unknown): Promise<BreakoutView> =>
  normalizeBreakouts(await post<BreakoutView>(url, body));

export const draft = (m: string, s: string, names: string[]): Promise<BreakoutView> =>
  act(breakouts(m, s, "draft"), { names });

export interface AssignRequest {
  mode: Exclude<AssignmentMode, "none">;
  assignments?: { email: string; roomId: string }[];
  cap?: number;
  csv?: string;
}

export const assign = (m: string, s: string, request: AssignRequest): Promise<BreakoutView> =>
  act(breakouts(m, s, "assign"), request);

/** A null template: the rooms' notes start empty. */
export const open = (m: string, s: string, durationMinutes: number, warningMinutes: number[], noteTemplate: string | null = null): Promise<BreakoutView> =>
  act(breakouts(m, s, "open"), noteTemplate === null ? { durationMinutes, warningMinutes } : { durationMinutes, warningMinutes, noteTemplate });

export const extend = (m: string, s: string, minutes: number): Promise<unknown> =>
  post(breakouts(m, s, "extend"), { minutes });

export const move = (m: string, s: string, email: string, roomId: string): Promise<unknown> =>
  post(breakouts(m, s, "move"), { email, roomId });

export const closeAll = (m: string, s: string): Promise<unknown> => post(breakouts(m, s, "close"), {});

export const choose = (m: string, s: string, roomId: string): Promise<unknown> =>
  post(breakouts(m, s, "choose"), { roomId });

export const broadcast = (m: string, s: string, text: string): Promise<unknown> =>
  post(`${base(m, s)}/broadcast`, { text });

export const help = (m: string, s: string, text: string): Promise<unknown> => post(`${base(m, s)}/help`, { text });
/** Facilitators: the request leaves every facilitator's queue (again: no change). */
export const resolveHelp = (m: string, s: string, requestId: number): Promise<unknown> =>
  post(`${base(m, s)}/help/${requestId}/resolve`, {});

export interface PeopleChange {
  participants?: string[];
  facilitators?: string[];
  agencies?: string[];
  groups?: string[];
}

/** Facilitators: adds people; answers the meeting as the caller sees it. */
export async function addPeople(meetingId: string, change: PeopleChange): Promise<MeetingView> {
  return normalizeMeeting(await post<MeetingView>(`/api/meetings/${seg(meetingId)}/people`, change));
}

/** Facilitators: removes someone from the meeting and all its rooms. */
export const removePerson = (meetingId: string, email: string): Promise<unknown> =>
  del(`/api/meetings/${seg(meetingId)}/people/${seg(email)}`);
