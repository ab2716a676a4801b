// Two-step sign-in enrolment: scan the QR (or type the key), confirm a code, keep the recovery codes.
import { signal } from "@preact/signals";
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { apiErrorText } from "../forms";
import { t } from "../i18n";
import { navigate, refreshSession, route } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { useActions } from "../ui/use-action";
import { useFields, useFocusLater } from "../ui/use-fields";
import { TextField } from "../ui/TextField";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Parses the server's QR SVG and imports it as nodes: no markup is ever assigned as HTML. */
function importSvg(markup: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  const root = doc.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== "svg" || doc.getElementsByTagName("parsererror").length > 0) return null;
  for (const bad of Array.from(root.querySelectorAll("script, style, foreignObject, iframe, a"))) bad.remove();
  for (const node of [root, ...Array.from(root.querySelectorAll("*"))]) {
    for (const attr of Array.from(node.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name === "style" || name.endsWith("href")) node.removeAttribute(attr.name);
    }
  }
  const svg = document.importNode(root, true) as unknown as SVGSVGElement;
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  return svg;
}

/** The recovery codes just issued: they stay on the page, whatever shows it again, until "I saved them". */
const recovery = signal<readonly string[]>([]);

export function MfaPage({ forced }: { forced: boolean }) {
  const codes = recovery.value;
  // "done" once the codes are issued; it stays so while "Continue" hands the page over.
  const [phase, setPhase] = useState<"setup" | "done">(() => (recovery.peek().length > 0 ? "done" : "setup"));
  const [enrolment, setEnrolment] = useState<api.MfaEnrolment | null>(null);
  const [code, setCode] = useState("");
  const [saved, setSaved] = useState(false);
  const [copyStatus, setCopyStatus] = useState("");
  const actions = useActions();
  const fields = useFields(actions.setError);
  const focusLater = useFocusLater();
  const qr = useRef<HTMLDivElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const copyButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (recovery.peek().length > 0) return; // the codes stay until "I saved them"
    let live = true;
    api.beginMfa().then(
      (started) => {
        if (!live) return;
        setEnrolment(started);
        focusLater(codeInput);
      },
      (e: unknown) => {
        if (live) actions.setError(apiErrorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, []);

  // The QR code: the server's SVG, imported as nodes (never as markup) into the empty container.
  useEffect(() => {
    const box = qr.current;
    if (!box) return;
    box.replaceChildren();
    const svg = enrolment ? importSvg(enrolment.qrSvg) : null;
    if (svg) box.append(svg);
  }, [enrolment]);

  const submit = async () => {
    const entered = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(entered)) return fields.fail("code", codeInput, t("mfa.codeInvalid"));
    fields.ok("code");
    await actions.run("confirm", async () => {
      recovery.value = await api.confirmMfa(entered);
      setPhase("done");
      setEnrolment(null);
      setSaved(false);
      setCopyStatus("");
      focusLater(copyButton);
    });
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(recovery.peek().join("\n"));
      setCopyStatus(t("mfa.copied"));
    } catch {
      setCopyStatus(t("mfa.copyFailed"));
    }
  };

  const done = () => {
    recovery.value = [];
    // Enrolled from the account page: back there; the forced step: on to where the session goes next. Both
    // read the session again (the account page shows two-factor sign-in as on).
    if (route.value.page === "mfa") navigate({ page: "account" });
    void refreshSession();
  };

  const showCodes = phase === "done";
  const confirming = actions.busy("confirm");
  return (
    <section id="mfa-view" class="auth-view" aria-labelledby="mfa-heading">
      <div class="card">
        <h1 id="mfa-heading">{t("mfa.heading")}</h1>
        <div id="mfa-setup" hidden={showCodes}>
          <p id="mfa-forced" class="muted" hidden={!forced}>{t("mfa.forced")}</p>
          <p>{t("mfa.step1")}</p>
          <div ref={qr} id="mfa-qr" class="qr" role="img" aria-label={t("mfa.qrLabel")}></div>
          <p><span>{t("mfa.secretLabel")}</span> <code id="mfa-secret" class="secret" dir="ltr">{enrolment?.secret ?? ""}</code></p>
          <form
            id="mfa-form"
            class="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <TextField
              id="mfa-code"
              label={t("mfa.code")}
              inputRef={codeInput}
              inputMode="numeric"
              autocomplete="one-time-code"
              maxLength={8}
              required
              dir="ltr"
              invalid={fields.invalid("code")}
              value={code}
              setValue={setCode}
            />
            <div class="actions">
              <button id="mfa-button" class="button button-primary" type="submit" disabled={confirming} aria-busy={confirming || undefined}>
                {t("mfa.confirm")}
              </button>
            </div>
          </form>
        </div>
        <div id="mfa-done" hidden={!showCodes}>
          <h2 id="recovery-heading">{t("mfa.recoveryHeading")}</h2>
          <p>{t("mfa.recoveryIntro")}</p>
          <ol id="recovery-codes" class="recovery-codes" dir="ltr">
            {codes.map((c, i) => <li key={i} class="recovery-code">{c}</li>)}
          </ol>
          <div class="actions">
            <button ref={copyButton} id="copy-codes" class="button" type="button" onClick={() => void copy()}>{t("mfa.copy")}</button>
            <span id="copy-status" class="hint" role="status" aria-live="polite">{copyStatus}</span>
          </div>
          <div class="check-field">
            <input id="codes-saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
            <label for="codes-saved">{t("mfa.saved")}</label>
          </div>
          <div class="actions">
            <button id="mfa-continue" class="button button-primary" type="button" disabled={!saved} onClick={done}>{t("mfa.continue")}</button>
          </div>
        </div>
        <ErrorBox id="mfa-error" text={actions.error} />
      </div>
    </section>
  );
}
