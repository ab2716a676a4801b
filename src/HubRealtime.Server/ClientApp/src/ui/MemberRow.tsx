// One member in a list of members (an agency's, a working group's): name, e-mail, role and the buttons that act on them.

/** A button of the row; each names the member it acts on, since the list repeats the same buttons. */
export interface MemberAction {
  label: string;
  /** The button's accessible name, given the member's name. */
  named: (who: string) => string;
  busy: boolean;
  run: () => void;
}

interface Props {
  member: { email: string; displayName?: string | undefined };
  /** The role, as shown. */
  role: string;
  /** A badge in the warning style after the role (e.g. the account is deactivated). */
  warning?: string | undefined;
  /** None on one's own row: one leaves a list another way. */
  actions: readonly MemberAction[];
}

export function MemberRow({ member, role, warning, actions }: Props) {
  const who = member.displayName || member.email;
  return (
    <li class="item" data-email={member.email}>
      <span class="item-name" dir="auto">{who}</span>
      <span class="muted item-meta" dir="ltr">{member.email}</span>
      <span class="badge">{role}</span>
      {warning && <span class="badge badge-bad">{warning}</span>}
      {actions.map((a, i) => (
        <button
          key={i}
          class="button button-small"
          type="button"
          aria-label={a.named(who)}
          disabled={a.busy}
          aria-busy={a.busy || undefined}
          onClick={a.run}
        >
          {a.label}
        </button>
      ))}
    </li>
  );
}
