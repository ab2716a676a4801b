// The new password and its confirmation, with the policy hint: the same pair wherever a password is set.
import type { RefObject } from "preact";
import { t } from "../i18n";
import { TextField } from "./TextField";
import type { Fields } from "./use-fields";

interface Props {
  /** Element ids: the tests and the labels address the inputs by them. */
  passwordId: string;
  confirmId: string;
  password: string;
  confirm: string;
  setPassword: (value: string) => void;
  setConfirm: (value: string) => void;
  passwordRef: RefObject<HTMLInputElement | null>;
  confirmRef: RefObject<HTMLInputElement | null>;
  /** The form's checks: the password field is named passwordField, the confirmation "confirm". */
  fields: Fields;
  passwordField: string;
}

export function NewPasswordFields(p: Props) {
  return (
    <>
      <TextField
        id={p.passwordId}
        label={t("password.new")}
        hint={t("password.policy")}
        inputRef={p.passwordRef}
        type="password"
        autocomplete="new-password"
        maxLength={256}
        required
        invalid={p.fields.invalid(p.passwordField)}
        value={p.password}
        setValue={p.setPassword}
      />
      <TextField
        id={p.confirmId}
        label={t("password.confirm")}
        inputRef={p.confirmRef}
        type="password"
        autocomplete="new-password"
        maxLength={256}
        required
        invalid={p.fields.invalid("confirm")}
        value={p.confirm}
        setValue={p.setConfirm}
      />
    </>
  );
}
