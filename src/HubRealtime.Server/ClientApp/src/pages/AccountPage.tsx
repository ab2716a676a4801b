// The signed-in user's account: who they are, two-factor state, password change, sign out everywhere.
import * as api from "../api";
import { t } from "../i18n";
import { navigate, profile, signedOut } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { useAction } from "../ui/use-action";

export function AccountPage() {
  const me = profile.value;
  const action = useAction();
  const agency = me?.agencyId
    ? `${me.agencyId} · ${t(me.agencyRole === "admin" ? "role.agencyAdmin" : "role.member")}`
    : me?.isHubAdmin ? t("account.hubAdmin") : "";
  return (
    <section id="account-view" class="auth-view" aria-labelledby="account-heading">
      <div class="card">
        <h1 id="account-heading">{t("account.heading")}</h1>
        <dl class="facts">
          <dt>{t("account.email")}</dt><dd id="account-email" dir="ltr">{me?.email ?? ""}</dd>
          <dt>{t("account.agency")}</dt><dd id="account-agency" dir="auto">{agency}</dd>
          <dt>{t("account.mfa")}</dt><dd id="account-mfa">{t(me?.mfaEnabled ? "account.mfaOn" : "account.mfaOff")}</dd>
        </dl>
        <div class="actions">
          <button id="account-mfa-button" class="button" type="button" hidden={me?.mfaEnabled === true} onClick={() => navigate({ page: "mfa" })}>
            {t("account.enrolMfa")}
          </button>
          <button id="account-password-button" class="button" type="button" onClick={() => navigate({ page: "password" })}>
            {t("account.changePassword")}
          </button>
          <button
            id="sign-out-everywhere"
            class="button"
            type="button"
            disabled={action.busy}
            aria-busy={action.busy || undefined}
            onClick={() => void action.run(async () => {
              await api.signOut(true);
              await signedOut();
            })}
          >
            {t("account.signOutEverywhere")}
          </button>
        </div>
        <ErrorBox id="account-error" text={action.error} />
      </div>
    </section>
  );
}
