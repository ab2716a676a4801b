// Sign-in: e-mail and password, then (when the account has two-step sign-in) the code.
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { apiErrorText } from "../forms";
import { t } from "../i18n";
import { acceptedEmail, refreshSession } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { useActions } from "../ui/use-action";
import { useFields, useFocusLater } from "../ui/use-fields";
import { TextField } from "../ui/TextField";

/** error: why the session ended (or could not be read), shown on arrival. */
export function SignInPage({ error }: { error: api.ApiError | null }) {
  const [step, setStep] = useState<"password" | "code">("password");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [note, setNote] = useState(false);
  const actions = useActions();
  const fields = useFields(actions.setError);
  const focusLater = useFocusLater();
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  /** Back to the first step; accepted: the e-mail of an invitation just accepted (filled in, with a note). */
  const restart = (reason: api.ApiError | null, accepted: string | null) => {
    setStep("password");
    setPassword("");
    setCode("");
    setNote(accepted !== null);
    if (accepted) setEmail(accepted);
    actions.setError(reason ? apiErrorText(reason) : null);
    const filled = accepted || emailInput.current?.value;
    focusLater(filled ? passwordInput : emailInput);
  };

  useEffect(() => {
    // The note of an accepted invitation is shown once.
    const accepted = acceptedEmail.peek();
    acceptedEmail.value = null;
    restart(error, accepted);
  }, [error]);

  const submitPassword = async () => {
    const address = email.trim();
    if (!address) return fields.fail("email", emailInput, t("signin.emailRequired"));
    if (!password) return fields.fail("password", passwordInput, t("signin.passwordRequired"));
    fields.ok("email", "password");
    await actions.run("password", async () => {
      const answer = await api.signIn(address, password);
      setPassword("");
      if (answer.status === "second-factor-required") {
        setStep("code");
        setCode("");
        focusLater(codeInput);
        return;
      }
      await refreshSession();
    });
  };

  const submitCode = async () => {
    const entered = code.replace(/\s+/g, "");
    if (!entered) return fields.fail("code", codeInput, t("signin.codeRequired"));
    fields.ok("code");
    await actions.run("code", async () => {
      try {
        await api.secondFactor(entered);
      } catch (e) {
        setCode("");
        focusLater(codeInput);
        throw e;
      }
      await refreshSession();
    });
  };

  const passwordBusy = actions.busy("password");
  const codeBusy = actions.busy("code");
  return (
    <section id="signin-view" class="auth-view" aria-labelledby="signin-heading">
      <div class="card">
        <h1 id="signin-heading">{t("signin.heading")}</h1>
        <p class="muted">{t("signin.intro")}</p>
        <p id="signin-note" class="notice" role="status" hidden={!note}>{t("accept.done")}</p>
        <form
          id="signin-form"
          class="form"
          noValidate
          hidden={step !== "password"}
          onSubmit={(e) => {
            e.preventDefault();
            void submitPassword();
          }}
        >
          <TextField
            id="signin-email"
            label={t("signin.email")}
            inputRef={emailInput}
            name="email"
            type="email"
            autocomplete="username"
            maxLength={254}
            required
            dir="ltr"
            invalid={fields.invalid("email")}
            value={email}
            setValue={setEmail}
          />
          <TextField
            id="signin-password"
            label={t("signin.password")}
            inputRef={passwordInput}
            name="password"
            type="password"
            autocomplete="current-password"
            maxLength={256}
            required
            invalid={fields.invalid("password")}
            value={password}
            setValue={setPassword}
          />
          <div class="actions">
            <button id="signin-button" class="button button-primary" type="submit" disabled={passwordBusy} aria-busy={passwordBusy || undefined}>
              {t("signin.submit")}
            </button>
          </div>
        </form>
        <form
          id="code-form"
          class="form"
          noValidate
          hidden={step !== "code"}
          onSubmit={(e) => {
            e.preventDefault();
            void submitCode();
          }}
        >
          <p>{t("signin.codeIntro")}</p>
          <TextField
            id="signin-code"
            label={t("signin.code")}
            hint={t("signin.codeHint")}
            inputRef={codeInput}
            name="code"
            autocomplete="one-time-code"
            maxLength={32}
            required
            dir="ltr"
            invalid={fields.invalid("code")}
            value={code}
            setValue={setCode}
          />
          <div class="actions">
            <button id="code-button" class="button button-primary" type="submit" disabled={codeBusy} aria-busy={codeBusy || undefined}>
              {t("signin.verify")}
            </button>
            <button id="code-back" class="button" type="button" onClick={() => restart(null, null)}>{t("signin.back")}</button>
          </div>
        </form>
        <ErrorBox id="signin-error" text={actions.error} />
      </div>
    </section>
  );
}
