// A labelled text input (or textarea) with its optional hint: the field every form writes.
import type { ComponentChildren, Ref } from "preact";

interface Props {
  /** The input's id: the label points at it, the hint is `${id}-hint`, and the tests find the input by it. */
  id: string;
  label: string;
  /** Shown under the input and read with it (aria-describedby). */
  hint?: string;
  value: string;
  setValue: (value: string) => void;
  /** Left to right for addresses, ids, codes and times; "auto" for names and titles in any script (none for passwords). */
  dir?: "ltr" | "auto";
  /** The aria-invalid attribute (Fields.invalid or the form's own mark). */
  invalid?: "true" | undefined;
  inputRef?: Ref<HTMLInputElement>;
  /** A textarea of this many rows instead of an input. */
  rows?: number;
  type?: "text" | "email" | "password" | "number" | "datetime-local";
  name?: string;
  /** The input's own class (the wrapper is always "field"). */
  inputClass?: string;
  autocomplete?: string;
  autocapitalize?: "none";
  spellcheck?: boolean;
  inputMode?: "numeric";
  maxLength?: number;
  min?: string;
  max?: string;
  step?: string;
  required?: boolean;
  /** When the input is left changed (e.g. to show the value normalized). */
  onCommit?: (value: string) => void;
  /** The wrapper's id, extra class and hidden state. */
  fieldId?: string;
  fieldClass?: string;
  fieldHidden?: boolean;
  /** Shown after the hint (a notice that belongs to the field). */
  children?: ComponentChildren;
}

export function TextField(p: Props) {
  const hint = p.hint === undefined ? undefined : `${p.id}-hint`;
  const shared = {
    id: p.id,
    class: p.inputClass,
    name: p.name,
    autocomplete: p.autocomplete,
    autocapitalize: p.autocapitalize,
    spellcheck: p.spellcheck,
    maxLength: p.maxLength,
    required: p.required,
    dir: p.dir,
    "aria-describedby": hint,
    "aria-invalid": p.invalid,
    value: p.value,
  };
  return (
    <div id={p.fieldId} class={p.fieldClass ? `field ${p.fieldClass}` : "field"} hidden={p.fieldHidden}>
      <label for={p.id}>{p.label}</label>
      {p.rows === undefined ? (
        <input
          {...shared}
          ref={p.inputRef ?? null}
          // Preact's types pair each input type with the ARIA roles it allows, and tsc cannot match a union of
          // types against them; this input sets no role, so any type fits (the lint sees only the attribute).
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
          type={(p.type ?? "text") as "text"}
          inputMode={p.inputMode}
          min={p.min}
          max={p.max}
          step={p.step}
          onInput={(e) => p.setValue(e.currentTarget.value)}
          onChange={p.onCommit && ((e) => p.onCommit?.(e.currentTarget.value))}
        />
      ) : (
        <textarea
          {...shared}
          rows={p.rows}
          onInput={(e) => p.setValue(e.currentTarget.value)}
          onChange={p.onCommit && ((e) => p.onCommit?.(e.currentTarget.value))}
        />
      )}
      {hint && <span id={hint} class="hint">{p.hint}</span>}
      {p.children}
    </div>
  );
}
