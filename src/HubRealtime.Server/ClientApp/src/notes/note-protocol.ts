// The notes part of the hub protocol (hub /hubs/room): method and event names and their shapes.
import type { DeltaJson, NoteCursorPosition, NoteOp } from "./note-sync";

export const NoteMethods = {
  open: "OpenNote",
  close: "CloseNote",
  submit: "SubmitNoteOp",
  getOps: "GetNoteOps",
  moveCursor: "MoveNoteCursor",
  lock: "LockNote",
  history: "GetNoteHistory",
  version: "GetNoteVersion",
  restore: "RestoreNote",
  list: "ListNotes",
  create: "CreateNote",
} as const;

export const NoteEvents = { ops: "NoteOps", cursor: "NoteCursor", state: "NoteState" } as const;

/** Every room's shared note. */
export const MAIN_NOTE = "main";

/** GetNoteOps answers at most this many ops. */
export const NOTE_OPS_PAGE = 500;

export interface NoteCapabilities {
  read: boolean;
  write: boolean;
  lock: boolean;
}

export interface NoteSnapshot {
  noteId: string;
  roomId: string;
  doc: string;
  rev: number;
  document: DeltaJson;
  capabilities: NoteCapabilities;
  locked: boolean;
  readOnly: boolean;
  cursors: NoteCursorEvent[];
}

export interface NoteOpsEvent {
  noteId: string;
  ops: NoteOp[];
}

export interface NoteCursorEvent {
  noteId: string;
  userId: string;
  displayName: string;
  /** 0–11: an entry of the 12-colour palette. */
  color: number;
  cursor: NoteCursorPosition | null;
}

export interface NoteStateEvent {
  noteId: string;
  locked: boolean;
  readOnly: boolean;
}

export interface NoteEditorSummary {
  userId: string;
  displayName: string;
  revisions: number;
}

/** Revisions fromRev–toRev, none more than 10 minutes after the one before it. */
export interface NoteEditSession {
  fromRev: number;
  toRev: number;
  started: string;
  ended: string;
  editors: NoteEditorSummary[];
}

/** Newest first; nextBeforeRev continues (0: the start was reached). */
export interface NoteHistoryPage {
  sessions: NoteEditSession[];
  lastRev: number;
  nextBeforeRev: number;
}

export interface NoteVersion {
  noteId: string;
  rev: number;
  document: DeltaJson;
  at: string | null;
}

/** main: title "", createdAt and createdBy null. */
export interface NoteInfo {
  noteId: string;
  doc: string;
  title: string;
  createdAt: string | null;
  createdBy: string | null;
}
