// One agency (its admins and hub administrators): members, invitations, inviting, deactivating.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { apiErrorText } from "../forms";
import { formatFullTime, t, tKnown } from "../i18n";
import { profile } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { MemberRow, type MemberAction } from "../ui/MemberRow";
import { Option } from "../ui/Option";
import { useActions } from "../ui/use-action";
import { useFields, useFocusLater } from "../ui/use-fields";
import { TextField } from "../ui/TextField";

interface Loaded {
  agency: api.AgencyInfo;
  members: api.AgencyMember[];
  invitations: api.Invitation[];
}

const roleText = (role: string) => t(role === "admin" ? "role.agencyAdmin" : "role.member");

export function AgencyPage({ agencyId }: { agencyId: string }) {
  const me = profile.value;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("member");
  const [days, setDays] = useState("7");
  const [link, setLink] = useState<string | null>(null);
  const [copyStatus, setCopyStatus] = useState("");
  const actions = useActions();
  const fields = useFields(actions.setError);
  const focusLater = useFocusLater();
  const emailInput = useRef<HTMLInputElement>(null);
  const daysInput = useRef<HTMLInputElement>(null);
  const copyButton = useRef<HTMLButtonElement>(null);
  // The agency on the page now: answers for another one (the route moved on) are dropped.
  const shown = useRef(agencyId);
  shown.current = agencyId;

  const load = useCallback(async (id: string) => {
    const seg = api.seg(id);
    const [agency, members, invitations] = await Promise.all([
      api.get<api.AgencyInfo>(`/api/agencies/${seg}`),
      api.get<api.AgencyMember[]>(`/api/agencies/${seg}/members`),
      api.get<api.Invitation[]>(`/api/agencies/${seg}/invitations`),
    ]);
    if (shown.current === id) setLoaded({ agency, members, invitations });
  }, []);

  useEffect(() => {
    setLoaded(null);
    setLink(null);
    actions.setError(null);
    load(agencyId).catch((e: unknown) => {
      if (shown.current === agencyId) actions.setError(apiErrorText(e));
    });
  }, [agencyId]);

  /** Runs a change of the agency (its button busy meanwhile), then reads the agency again. */
  const change = (key: string, work: () => Promise<unknown>) =>
    void actions.run(key, async () => {
      await work();
      await load(agencyId);
    });

  const invite = async () => {
    const address = email.trim();
    if (!address.includes("@")) return fields.fail("email", emailInput, t("validation.emailInvalid"));
    const lifetime = Number(days);
    if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 30) return fields.fail("days", daysInput, t("agency.daysInvalid"));
    fields.ok("email", "days");
    setLink(null);
    await actions.run("invite", async () => {
      const issued = await api.post<{ acceptUrl: string }>(`/api/agencies/${api.seg(agencyId)}/invitations`, {
        email: address, role, lifetimeDays: lifetime,
      });
      setEmail("");
      // Shown once: the server keeps only a hash of the token.
      setLink(new URL(issued.acceptUrl, window.location.origin).toString());
      setCopyStatus("");
      focusLater(copyButton);
      await load(agencyId);
    });
  };

  const copyLink = () => {
    navigator.clipboard.writeText(link ?? "").then(
      () => setCopyStatus(t("mfa.copied")),
      () => setCopyStatus(t("mfa.copyFailed")),
    );
  };

  const agency = loaded?.agency ?? null;
  const toggling = actions.busy("toggle");
  const inviting = actions.busy("invite");
  return (
    <section id="agency-view" class="auth-view" aria-labelledby="agency-name">
      <div class="card card-wide">
        <h1 id="agency-name" dir="auto">{agency?.name ?? agencyId}</h1>
        <p id="agency-meta" class="muted" dir="ltr">
          {agency
            ? `${agency.agencyId} · ${agency.country} · ${tKnown(`kind.${agency.kind}`, agency.kind)}${agency.active ? "" : ` · ${t("agency.inactive")}`}`
            : ""}
        </p>
        <div class="actions">
          <button
            id="agency-toggle"
            class="button"
            type="button"
            hidden={!agency || me?.isHubAdmin !== true}
            disabled={toggling}
            aria-busy={toggling || undefined}
            onClick={() => {
              if (!agency) return;
              change("toggle", () => api.post(`/api/agencies/${api.seg(agency.agencyId)}/${agency.active ? "deactivate" : "reactivate"}`));
            }}
          >
            {agency ? t(agency.active ? "agency.deactivate" : "agency.reactivate") : ""}
          </button>
        </div>
        <h2>{t("agency.members")}</h2>
        <ul id="agency-members" class="item-list">
          {(loaded?.members ?? []).map((m) => {
            const roleKey = `role:${m.email}`;
            const statusKey = `status:${m.email}`;
            const roleLabel = t(m.role === "admin" ? "agency.makeMember" : "agency.makeAdmin");
            const statusLabel = t(m.active ? "agency.deactivate" : "agency.reactivate");
            const buttons: MemberAction[] = m.email === me?.email ? [] : [
              {
                label: roleLabel,
                named: (who) => `${roleLabel}: ${who}`,
                busy: actions.busy(roleKey),
                run: () => change(roleKey, () =>
                  api.post(`/api/users/${api.seg(m.email)}/agency-role`, { role: m.role === "admin" ? "member" : "admin" })),
              },
              {
                label: statusLabel,
                named: (who) => `${statusLabel}: ${who}`,
                busy: actions.busy(statusKey),
                run: () => change(statusKey, () =>
                  api.post(`/api/users/${api.seg(m.email)}/status`, { status: m.active ? "deactivated" : "active" })),
              },
            ];
            return (
              <MemberRow
                key={m.email}
                member={m}
                role={roleText(m.role)}
                warning={m.active ? undefined : t("agency.deactivated")}
                actions={buttons}
              />
            );
          })}
        </ul>
        <h2>{t("agency.invitations")}</h2>
        <ul id="agency-invitations" class="item-list">
          {(loaded?.invitations ?? []).map((i) => {
            const revokeKey = `revoke:${i.invitationId}`;
            return (
              <li key={i.invitationId} class="item" data-invitation-id={i.invitationId} data-status={i.status}>
                <span class="item-name" dir="ltr">{i.email}</span>
                <span class="badge">{roleText(i.role)}</span>
                <span class="badge">{tKnown(`invitation.${i.status}`, i.status)}</span>
                {i.status === "pending" && (
                  <>
                    <span class="muted item-meta">{t("agency.expires", { time: formatFullTime(i.expiresAt) })}</span>
                    <button
                      class="button button-small"
                      type="button"
                      aria-label={`${t("agency.revoke")}: ${i.email}`}
                      disabled={actions.busy(revokeKey)}
                      aria-busy={actions.busy(revokeKey) || undefined}
                      onClick={() => change(revokeKey, () =>
                        api.del(`/api/agencies/${api.seg(agencyId)}/invitations/${api.seg(i.invitationId)}`))}
                    >
                      {t("agency.revoke")}
                    </button>
                  </>
                )}
              </li>
            );
          })}
          {loaded?.invitations.length === 0 && <li class="muted">{t("agency.noInvitations")}</li>}
        </ul>
        <form
          id="invite-form"
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void invite();
          }}
        >
          <TextField
            id="invite-email"
            label={t("agency.inviteEmail")}
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
            <label for="invite-role">{t("agency.inviteRole")}</label>
            <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              <Option value="member">{t("role.member")}</Option>
              <Option value="admin">{t("role.agencyAdmin")}</Option>
            </select>
          </div>
          <TextField
            id="invite-days"
            label={t("agency.inviteDays")}
            inputRef={daysInput}
            type="number"
            min="1"
            max="30"
            required
            dir="ltr"
            invalid={fields.invalid("days")}
            value={days}
            setValue={setDays}
          />
          <div class="actions">
            <button id="invite-button" class="button button-primary" type="submit" disabled={inviting} aria-busy={inviting || undefined}>
              {t("agency.invite")}
            </button>
          </div>
        </form>
        <div id="invite-result" class="notice" hidden={link === null}>
          <p>{t("agency.inviteLinkIntro")}</p>
          <p><code id="invite-link" class="secret" dir="ltr">{link ?? ""}</code></p>
          <div class="actions">
            <button ref={copyButton} id="invite-copy" class="button" type="button" onClick={copyLink}>{t("agency.copyLink")}</button>
            <span id="invite-copy-status" class="hint" role="status" aria-live="polite">{copyStatus}</span>
          </div>
        </div>
        <ErrorBox id="agency-error" text={actions.error} />
      </div>
    </section>
  );
}
