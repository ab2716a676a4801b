// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import type { MeetingView } from "../meetings-api";

const view: MeetingView = {
  meetingId: "m1", title: "Spring meeting", startsAt: "2026-03-01T06:00:00Z", endsAt: "2026-03-01T08:00:00Z",
  timeZone: "UTC", role: "participant", facilitators: [], participants: [{ email: "a@example.org", displayName: "Amal" }],
  sessions: [{
    sessionId: "s1", title: "Day one", plenaryRoomId: "m-m1-s1", facilitatorRoomId: null,
    breakouts: {
      round: 1, phase: "closed", mode: "balanced", rooms: [], myRoomId: null, opensAt: null, deadline: null,
      warningMinutes: [], selfSelectCap: null,
      outcomes: [{
        roomId: "m-m1-s1-r1-1", name: "North", members: ["a@example.org"], messageCount: 3,
        round: 1, openedAt: "2026-03-01T06:30:00Z", closedAt: "2026-03-01T06:50:00Z", noteRev: 4,
      }, {
        roomId: "m-m1-s1-r1-2", name: "South", members: [], messageCount: 0,
        round: 1, openedAt: "2026-03-01T06:30:00Z", closedAt: "2026-03-01T06:50:00Z", noteRev: 0,
      }],
    },
  }],
} as unknown as MeetingView;

vi.mock("../meetings-api", () => ({ meeting: vi.fn(() => Promise.resolve(structuredClone(view))) }));

const { MeetingPages } = await import("../meetings");
const { BackToPlenary, MeetingPanel } = await import("./MeetingPanel");

afterEach(() => {
  document.body.replaceChildren();
});

describe("MeetingPanel", () => {
  it("follows the room the chat opens: where I am, back to the plenary, the outcomes", async () => {
    let chat: string | null = null;
    const pages = new MeetingPages({
      connection: () => Promise.resolve({ isConnected: false, invoke: () => Promise.resolve({ events: [] }) } as never),
      userId: () => "me@example.org",
      presentIn: () => [],
      openChat: (roomId) => {
        chat = roomId;
        return Promise.resolve(true);
      },
      chatRoomId: () => chat,
      announce: () => undefined,
      refreshMessages: () => undefined,
    });
    const root = document.createElement("div");
    document.body.append(root);
    render(<><BackToPlenary pages={pages} /><MeetingPanel pages={pages} /></>, root);
    expect(root.querySelector<HTMLElement>("#meeting-panel")?.hidden).toBe(true);

    await act(() => pages.show("m1", ""));
    expect(root.querySelector<HTMLElement>("#meeting-panel")?.hidden).toBe(false);
    expect(root.querySelector("#meeting-title")?.textContent).toBe("Spring meeting");
    expect(root.querySelector("#meeting-where")?.textContent).toBe("You are in the plenary.");
    expect(root.querySelector<HTMLElement>("#back-to-plenary")?.hidden).toBe(true);
    expect(root.querySelector<HTMLElement>("#help-box")?.hidden).toBe(false);
    // The record, round by round, with people's names.
    const round = root.querySelector("#outcome-rounds > li[data-round='1']");
    expect(round?.querySelector(".outcome-round-heading")?.textContent).toContain("Round 1");
    expect(round?.querySelector(".outcome-round-heading")?.textContent).toContain("6:30");
    expect(round?.querySelectorAll("li.outcome[data-room-id='m-m1-s1-r1-1']")).toHaveLength(1);
    expect(round?.querySelector(".outcome-members")?.textContent).toBe("Amal");
    // A room's note, at its final revision, opens on the room's page; a room nobody wrote a note in offers none.
    const notes = round?.querySelector<HTMLAnchorElement>("li.outcome[data-room-id='m-m1-s1-r1-1'] .open-notes");
    expect(notes?.textContent).toBe("Notes (revision 4)");
    expect(notes?.getAttribute("href")).toBe("#/room/m-m1-s1-r1-1");
    expect(round?.querySelector("li.outcome[data-room-id='m-m1-s1-r1-2'] .open-notes")).toBeNull();

    // Reading a transcript: the chat shows the closed room, the way back is offered.
    await act(async () => {
      root.querySelector<HTMLButtonElement>(".read-transcript")?.click();
      await Promise.resolve();
    });
    expect(chat).toBe("m-m1-s1-r1-1");
    expect(root.querySelector("#meeting-where")?.textContent).toContain("North");
    expect(root.querySelector<HTMLElement>("#back-to-plenary")?.hidden).toBe(false);

    await act(async () => {
      root.querySelector<HTMLButtonElement>("#back-to-plenary")?.click();
      await Promise.resolve();
    });
    expect(chat).toBe("m-m1-s1");
    expect(root.querySelector<HTMLElement>("#back-to-plenary")?.hidden).toBe(true);

    await act(() => pages.leave());
    expect(root.querySelector<HTMLElement>("#meeting-panel")?.hidden).toBe(true);
  });
});
