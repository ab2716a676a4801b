// The id of something new (an agency, a working group): lower-case letters, digits and hyphens, typed as is.
import type { RefObject } from "preact";
import { t } from "../i18n";
import { TextField } from "./TextField";
import type { Fields } from "./use-fields";

interface Props {
  id: string;
  label: string;
  value: string;
  setValue: (value: string) => void;
  inputRef: RefObject<HTMLInputElement | null>;
  fields: Fields;
}

export function IdField(p: Props) {
  return (
    <TextField
      id={p.id}
      label={p.label}
      hint={t("join.roomIdHint")}
      inputRef={p.inputRef}
      autocomplete="off"
      autocapitalize="none"
      spellcheck={false}
      maxLength={64}
      required
      dir="ltr"
      invalid={p.fields.invalid("id")}
      value={p.value}
      setValue={p.setValue}
    />
  );
}
