// The id of something new (an agency, a working group): lower-case letters, digits and hyphens, typed as is.
import type { RefObject } from "preact";
import { t } from "../i18n";
import type { Fields } from "./use-fields";

interface Props {
  id: string;
  label: string;
  value: string;
  setValue(value: string): void;
  inputRef: RefObject<HTMLInputElement | null>;
  fields: Fields;
}

export function IdField(p: Props) {
  const hint = `${p.id}-hint`;
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <input
        ref={p.inputRef}
        id={p.id}
        type="text"
        autocomplete="off"
        autocapitalize="none"
        spellcheck={false}
        maxLength={64}
        required
        dir="ltr"
        aria-describedby={hint}
        aria-invalid={p.fields.invalid("id")}
        value={p.value}
        onInput={(e) => p.setValue(e.currentTarget.value)}
      />
      <span id={hint} class="hint">{t("join.roomIdHint")}</span>
    </div>
  );
}
