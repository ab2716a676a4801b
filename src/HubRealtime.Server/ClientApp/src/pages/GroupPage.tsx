// One working group: its members (add, remove), leaving it, and the link to its chat.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { apiErrorText } from "../forms";
import { t, tKnown } from "../i18n";
import { navigate, profile } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { MemberRow, type MemberAction } from "../ui/MemberRow";
import { Option } from "../ui/Option";
import { useActions } from "../ui/use-action";
import { useFields } from "../ui/use-fields";
import { TextField } from "../ui/TextField";

export function GroupPage({ groupId }: { groupId: string }) {
  const myEmail = profile.value?.email;
  const [info, setInfo] = useState<api.GroupInfo | null>(null);
  const [members, setMembers] = useState<api.GroupMember[]>([]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("participant");
  const actions = useActions();
  const fields = useFields(actions.setError);
  const emailInput = useRef<HTMLInputElement>(null);
  // The group on the page now: answers for another one (the route moved on) are dropped.
  const shown = useRef(groupId);
  shown.current = groupId;

  const loadMembers = useCallback(async (id: string) => {
    const list = await api.get<api.GroupMember[]>(`/api/groups/${api.seg(id)}/members`);
    if (shown.current === id) setMembers(list);
  }, []);

  useEffect(() => {
    let live = true;
    setInfo(null);
    setMembers([]);
    actions.setError(null);
    void (async () => {
      try {
        const found = await api.get<api.GroupInfo>(`/api/groups/${api.seg(groupId)}`);
        if (!live) return;
        setInfo(found);
        await loadMembers(groupId);
      } catch (e) {
        if (live) actions.setError(apiErrorText(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [groupId]);

  const addMember = async () => {
    const address = email.trim();
    if (!address.includes("@")) return fields.fail("email", emailInput, t("validation.emailInvalid"));
    fields.ok("email");
    await actions.run("add", async () => {
      await api.post(`/api/groups/${api.seg(groupId)}/members`, { email: address, role });
      setEmail("");
      await loadMembers(groupId);
    });
  };

  const leaving = actions.busy("leave");
  const adding = actions.busy("add");
  return (
    <section id="group-view" class="auth-view" aria-labelledby="group-title">
      <div class="card">
        <h1 id="group-title" dir="auto">{info?.title || groupId}</h1>
        <p class="muted" dir="ltr">#<span id="group-id-label">{groupId}</span></p>
        <div class="actions">
          <a id="group-chat-link" class="button button-primary" href={info ? `#/room/${encodeURIComponent(info.roomId)}` : "#/"}>
            {t("groups.openChat")}
          </a>
          <button
            id="group-leave"
            class="button"
            type="button"
            disabled={leaving}
            aria-busy={leaving || undefined}
            onClick={() => void actions.run("leave", async () => {
              await api.post(`/api/groups/${api.seg(groupId)}/leave`);
              navigate({ page: "groups" });
            })}
          >
            {t("groups.leave")}
          </button>
        </div>
        <h2>{t("groups.members")}</h2>
        <ul id="group-members" class="item-list">
          {members.map((m) => {
            const removeKey = `remove:${m.email}`;
            // One's own membership ends with "Leave group".
            const buttons: MemberAction[] = m.email === myEmail ? [] : [{
              label: t("groups.remove"),
              named: (who) => t("groups.removeNamed", { name: who }),
              busy: actions.busy(removeKey),
              run: () => void actions.run(removeKey, async () => {
                await api.del(`/api/groups/${api.seg(groupId)}/members/${api.seg(m.email)}`);
                await loadMembers(groupId);
              }),
            }];
            return <MemberRow key={m.email} member={m} role={tKnown(`role.${m.role}`, m.role)} actions={buttons} />;
          })}
        </ul>
        <form
          id="member-add-form"
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void addMember();
          }}
        >
          <TextField
            id="member-email"
            label={t("groups.memberEmail")}
            inputRef={emailInput}
            type="email"
            autocomplete="off"
            maxLength={254}
            required
            dir="ltr"
            invalid={fields.invalid("email")}
            value={email}
            setValue={setEmail}
          />
          <div class="field">
            <label for="member-role">{t("groups.memberRole")}</label>
            <select id="member-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              <Option value="participant">{t("role.participant")}</Option>
              <Option value="facilitator">{t("role.facilitator")}</Option>
              <Option value="owner">{t("role.owner")}</Option>
            </select>
          </div>
          <div class="actions">
            <button id="member-add-button" class="button" type="submit" disabled={adding} aria-busy={adding || undefined}>
              {t("groups.addMember")}
            </button>
          </div>
        </form>
        <ErrorBox id="group-error" text={actions.error} />
      </div>
    </section>
  );
}
