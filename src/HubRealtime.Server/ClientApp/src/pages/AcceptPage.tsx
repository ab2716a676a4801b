// Accepting an invitation (#/accept/<token>, signed out): name and password, then the sign-in page.
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { apiErrorText, passwordProblem } from "../forms";
import { t } from "../i18n";
import { acceptedEmail, navigate } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { useAction } from "../ui/use-action";
import { useFields, useFocusLater } from "../ui/use-fields";
import { NewPasswordFields } from "../ui/NewPasswordFields";
import { TextField } from "../ui/TextField";

export function AcceptPage({ token }: { token: string }) {
  const [invitation, setInvitation] = useState<api.InvitationInfo | null>(null);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const action = useAction();
  const fields = useFields(action.setError);
  const focusLater = useFocusLater();
  const nameInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const confirmInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    setInvitation(null);
    action.setError(null);
    api.getInvitation(token).then(
      (found) => {
        if (!live) return;
        if (found.status !== "pending") {
          const code = found.status === "accepted" ? "invitation_used" : `invitation_${found.status}`;
          action.setError(apiErrorText(new api.ApiError(409, code, "")));
          return;
        }
        setInvitation(found);
        focusLater(nameInput);
      },
      (e: unknown) => {
        if (live) action.setError(apiErrorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, [token]);

  const submit = async () => {
    if (!invitation) return;
    const displayName = name.trim();
    if (!displayName) return fields.fail("name", nameInput, t("validation.nameRequired"));
    const problem = passwordProblem(password, confirm);
    if (problem) {
      return problem === "password.mismatch"
        ? fields.fail("confirm", confirmInput, t(problem))
        : fields.fail("password", passwordInput, t(problem));
    }
    fields.ok("name", "password", "confirm");
    await action.run(async () => {
      await api.acceptInvitation(token, displayName, password);
      setPassword("");
      setConfirm("");
      // The sign-in page fills in the e-mail and says the account is ready.
      acceptedEmail.value = invitation.email;
      navigate({ page: "home" });
    });
  };

  return (
    <section id="accept-view" class="auth-view" aria-labelledby="accept-heading">
      <div class="card">
        <h1 id="accept-heading">{t("accept.heading")}</h1>
        <div id="accept-body" hidden={invitation === null} data-email={invitation?.email}>
          <dl class="facts">
            <dt>{t("accept.agency")}</dt><dd id="accept-agency" dir="ltr">{invitation?.agencyId ?? ""}</dd>
            <dt>{t("accept.email")}</dt><dd id="accept-email" dir="ltr">{invitation?.email ?? ""}</dd>
            <dt>{t("accept.role")}</dt>
            <dd id="accept-role">{invitation ? t(invitation.role === "admin" ? "role.agencyAdmin" : "role.member") : ""}</dd>
          </dl>
          <form
            id="accept-form"
            class="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <TextField
              id="accept-name"
              label={t("accept.name")}
              inputRef={nameInput}
              autocomplete="name"
              maxLength={80}
              required
              dir="auto"
              invalid={fields.invalid("name")}
              value={name}
              setValue={setName}
            />
            <NewPasswordFields
              passwordId="accept-password"
              confirmId="accept-confirm"
              password={password}
              confirm={confirm}
              setPassword={setPassword}
              setConfirm={setConfirm}
              passwordRef={passwordInput}
              confirmRef={confirmInput}
              fields={fields}
              passwordField="password"
            />
            <div class="actions">
              <button id="accept-button" class="button button-primary" type="submit" disabled={action.busy} aria-busy={action.busy || undefined}>
                {t("accept.submit")}
              </button>
            </div>
          </form>
        </div>
        <ErrorBox id="accept-error" text={action.error} />
      </div>
    </section>
  );
}
