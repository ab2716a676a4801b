// The new password and its confirmation, with the policy hint: the same pair wherever a password is set.
import type { RefObject } from "preact";
import { t } from "../i18n";
import type { Fields } from "./use-fields";

interface Props {
  /** Element ids: the tests and the labels address the inputs by them. */
  passwordId: string;
  confirmId: string;
  password: string;
  confirm: string;
  setPassword(value: string): void;
  setConfirm(value: string): void;
  passwordRef: RefObject<HTMLInputElement | null>;
  confirmRef: RefObject<HTMLInputElement | null>;
  /** The form's checks: the password field is named passwordField, the confirmation "confirm". */
  fields: Fields;
  passwordField: string;
}

export function NewPasswordFields(p: Props) {
  const hint = `${p.passwordId}-hint`;
  return (
    <>
      <div class="field">
        <label for={p.passwordId}>{t("password.new")}</label>
        <input
          ref={p.passwordRef}
          id={p.passwordId}
          type="password"
          autocomplete="new-password"
          maxLength={256}
          required
          aria-describedby={hint}
          aria-invalid={p.fields.invalid(p.passwordField)}
          value={p.password}
          onInput={(e) => p.setPassword(e.currentTarget.value)}
        />
        <span id={hint} class="hint">{t("password.policy")}</span>
      </div>
      <div class="field">
        <label for={p.confirmId}>{t("password.confirm")}</label>
        <input
          ref={p.confirmRef}
          id={p.confirmId}
          type="password"
          autocomplete="new-password"
          maxLength={256}
          required
          aria-invalid={p.fields.invalid("confirm")}
          value={p.confirm}
          onInput={(e) => p.setConfirm(e.currentTarget.value)}
        />
      </div>
    </>
  );
}
