// Password change: forced (the session may do nothing else first) or asked for from the account page.
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { passwordProblem } from "../forms";
import { t } from "../i18n";
import { navigate, refreshSession, route } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { useAction } from "../ui/use-action";
import { useFields } from "../ui/use-fields";
import { NewPasswordFields } from "../ui/NewPasswordFields";
import { TextField } from "../ui/TextField";

export function PasswordPage({ forced }: { forced: boolean }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const action = useAction();
  const fields = useFields(action.setError);
  const currentInput = useRef<HTMLInputElement>(null);
  const nextInput = useRef<HTMLInputElement>(null);
  const confirmInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    currentInput.current?.focus();
  }, []);

  const submit = async () => {
    if (!current) return fields.fail("current", currentInput, t("signin.passwordRequired"));
    const problem = passwordProblem(next, confirm);
    if (problem) {
      return problem === "password.mismatch"
        ? fields.fail("confirm", confirmInput, t(problem))
        : fields.fail("new", nextInput, t(problem));
    }
    fields.ok("current", "new", "confirm");
    await action.run(async () => {
      await api.changePassword(current, next);
      setCurrent("");
      setNext("");
      setConfirm("");
      // Changed from the account page: back there; the forced step: on to where the session goes next. Both
      // read the session again.
      if (route.value.page === "password") navigate({ page: "account" });
      await refreshSession();
    });
  };

  return (
    <section id="password-view" class="auth-view" aria-labelledby="password-heading">
      <div class="card">
        <h1 id="password-heading">{t("password.heading")}</h1>
        <p id="password-forced" class="muted" hidden={!forced}>{t("password.forced")}</p>
        <form
          id="password-form"
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <TextField
            id="current-password"
            label={t("password.current")}
            inputRef={currentInput}
            type="password"
            autocomplete="current-password"
            maxLength={256}
            required
            invalid={fields.invalid("current")}
            value={current}
            setValue={setCurrent}
          />
          <NewPasswordFields
            passwordId="new-password"
            confirmId="confirm-password"
            password={next}
            confirm={confirm}
            setPassword={setNext}
            setConfirm={setConfirm}
            passwordRef={nextInput}
            confirmRef={confirmInput}
            fields={fields}
            passwordField="new"
          />
          <div class="actions">
            <button id="password-button" class="button button-primary" type="submit" disabled={action.busy} aria-busy={action.busy || undefined}>
              {t("password.submit")}
            </button>
          </div>
        </form>
        <ErrorBox id="password-error" text={action.error} />
      </div>
    </section>
  );
}
