// An <option> whose value attribute is always on the page. Preact 11 writes only the value property, and
// skips even that when the option's text equals its value (the audit scopes): the attribute would be
// missing, and the page is searched by option[value=...].
import type { ComponentChildren } from "preact";

export function Option({ value, children }: { value: string; children: ComponentChildren }) {
  return <option value={value} ref={(o) => { o?.setAttribute("value", value); }}>{children}</option>;
}
