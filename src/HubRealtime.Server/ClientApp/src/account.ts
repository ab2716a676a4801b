// Sign-in (password, then code), forced password change, MFA enrolment, account page, invitation acceptance.
import * as api from "./api";
import { byId, el } from "./dom";
import { apiErrorText, busy, invalid, onSubmit, passwordProblem, showError, valid } from "./forms";
import { t } from "./i18n";
import { acceptedEmail } from "./app/state";

export interface AccountHost {
  showView(view: HTMLElement): void;
  profile(): api.Profile | null;
  /** A sign-in step finished: route to what the session needs next. */
  signedIn(): Promise<void>;
  signedOut(): Promise<void>;
}

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

export class AccountPages {
  private readonly ui = {
    signinView: byId("signin-view"),
    signinForm: byId<HTMLFormElement>("signin-form"),
    email: byId<HTMLInputElement>("signin-email"),
    password: byId<HTMLInputElement>("signin-password"),
    signinButton: byId<HTMLButtonElement>("signin-button"),
    codeForm: byId<HTMLFormElement>("code-form"),
    code: byId<HTMLInputElement>("signin-code"),
    codeButton: byId<HTMLButtonElement>("code-button"),
    codeBack: byId<HTMLButtonElement>("code-back"),
    signinError: byId("signin-error"),
    signinNote: byId("signin-note"),
    passwordView: byId("password-view"),
    passwordForced: byId("password-forced"),
    passwordForm: byId<HTMLFormElement>("password-form"),
    current: byId<HTMLInputElement>("current-password"),
    newPassword: byId<HTMLInputElement>("new-password"),
    confirm: byId<HTMLInputElement>("confirm-password"),
    passwordButton: byId<HTMLButtonElement>("password-button"),
    passwordError: byId("password-error"),
    mfaView: byId("mfa-view"),
    mfaSetup: byId("mfa-setup"),
    mfaForced: byId("mfa-forced"),
    mfaQr: byId("mfa-qr"),
    mfaSecret: byId("mfa-secret"),
    mfaForm: byId<HTMLFormElement>("mfa-form"),
    mfaCode: byId<HTMLInputElement>("mfa-code"),
    mfaButton: byId<HTMLButtonElement>("mfa-button"),
    mfaDone: byId("mfa-done"),
    recoveryCodes: byId("recovery-codes"),
    copyCodes: byId<HTMLButtonElement>("copy-codes"),
    copyStatus: byId("copy-status"),
    codesSaved: byId<HTMLInputElement>("codes-saved"),
    mfaContinue: byId<HTMLButtonElement>("mfa-continue"),
    mfaError: byId("mfa-error"),
    acceptView: byId("accept-view"),
    acceptBody: byId("accept-body"),
    acceptAgency: byId("accept-agency"),
    acceptEmail: byId("accept-email"),
    acceptRole: byId("accept-role"),
    acceptForm: byId<HTMLFormElement>("accept-form"),
    acceptName: byId<HTMLInputElement>("accept-name"),
    acceptPassword: byId<HTMLInputElement>("accept-password"),
    acceptConfirm: byId<HTMLInputElement>("accept-confirm"),
    acceptButton: byId<HTMLButtonElement>("accept-button"),
    acceptError: byId("accept-error"),
  };
  private acceptToken = "";
  private recovery: string[] = [];

  constructor(private readonly host: AccountHost) {
    const ui = this.ui;
    onSubmit(ui.signinForm, () => this.submitPassword());
    onSubmit(ui.codeForm, () => this.submitCode());
    ui.codeBack.addEventListener("click", () => this.showSignIn(null, null));
    onSubmit(ui.passwordForm, () => this.submitPasswordChange());
    onSubmit(ui.mfaForm, () => this.submitMfa());
    ui.copyCodes.addEventListener("click", () => void this.copyRecovery());
    ui.codesSaved.addEventListener("change", () => {
      ui.mfaContinue.disabled = !ui.codesSaved.checked;
    });
    ui.mfaContinue.addEventListener("click", () => {
      this.recovery = [];
      ui.recoveryCodes.replaceChildren();
      if (window.location.hash.startsWith("#/mfa")) window.location.hash = "#/account";
      else void this.host.signedIn();
    });
    onSubmit(ui.acceptForm, () => this.submitAccept());
  }

  // ---- sign-in --------------------------------------------------------------------------------
  /** email: just accepted an invitation for it (filled in, with a note). */
  showSignIn(error: api.ApiError | null, email: string | null): void {
    const ui = this.ui;
    this.host.showView(ui.signinView);
    ui.signinForm.hidden = false;
    ui.codeForm.hidden = true;
    ui.password.value = "";
    ui.code.value = "";
    ui.signinNote.hidden = email === null;
    if (email) ui.email.value = email;
    showError(ui.signinError, error ? apiErrorText(error) : null);
    (ui.email.value ? ui.password : ui.email).focus();
  }

  /** After accepting an invitation: the sign-in page with the e-mail filled in and a note. */
  private signInAfterAccept(email: string): void {
    acceptedEmail.value = email;
    window.location.hash = "#/";
  }

  private async submitPassword(): Promise<void> {
    const ui = this.ui;
    const email = ui.email.value.trim();
    if (!email) return invalid(ui.email, ui.signinError, t("signin.emailRequired"));
    if (!ui.password.value) return invalid(ui.password, ui.signinError, t("signin.passwordRequired"));
    valid(ui.email, ui.password);
    await busy(ui.signinButton, ui.signinError, async () => {
      const answer = await api.signIn(email, ui.password.value);
      ui.password.value = "";
      if (answer.status === "second-factor-required") {
        ui.signinForm.hidden = true;
        ui.codeForm.hidden = false;
        ui.code.value = "";
        ui.code.focus();
        return;
      }
      await this.host.signedIn();
    });
  }

  private async submitCode(): Promise<void> {
    const ui = this.ui;
    const code = ui.code.value.replace(/\s+/g, "");
    if (!code) return invalid(ui.code, ui.signinError, t("signin.codeRequired"));
    valid(ui.code);
    await busy(ui.codeButton, ui.signinError, async () => {
      try {
        await api.secondFactor(code);
      } catch (error) {
        ui.code.value = "";
        ui.code.focus();
        throw error;
      }
      await this.host.signedIn();
    });
  }

  // ---- password ----------------------------------------------------------------------------------
  showPassword(forced: boolean): void {
    const ui = this.ui;
    this.host.showView(ui.passwordView);
    ui.passwordForced.hidden = !forced;
    ui.current.value = "";
    ui.newPassword.value = "";
    ui.confirm.value = "";
    showError(ui.passwordError, null);
    ui.current.focus();
  }

  private async submitPasswordChange(): Promise<void> {
    const ui = this.ui;
    if (!ui.current.value) return invalid(ui.current, ui.passwordError, t("signin.passwordRequired"));
    const problem = passwordProblem(ui.newPassword.value, ui.confirm.value);
    if (problem) return invalid(problem === "password.mismatch" ? ui.confirm : ui.newPassword, ui.passwordError, t(problem));
    valid(ui.current, ui.newPassword, ui.confirm);
    await busy(ui.passwordButton, ui.passwordError, async () => {
      await api.changePassword(ui.current.value, ui.newPassword.value);
      ui.current.value = ui.newPassword.value = ui.confirm.value = "";
      if (window.location.hash.startsWith("#/password")) window.location.hash = "#/account";
      else await this.host.signedIn();
    });
  }

  // ---- MFA enrolment ---------------------------------------------------------------------------------
  async showMfa(forced: boolean): Promise<void> {
    const ui = this.ui;
    this.host.showView(ui.mfaView);
    if (this.recovery.length > 0) return; // the codes stay until "I saved them"
    ui.mfaForced.hidden = !forced;
    ui.mfaSetup.hidden = false;
    ui.mfaDone.hidden = true;
    ui.mfaCode.value = "";
    ui.mfaQr.replaceChildren();
    ui.mfaSecret.textContent = "";
    showError(ui.mfaError, null);
    try {
      const enrolment = await api.beginMfa();
      const svg = importSvg(enrolment.qrSvg);
      if (svg) ui.mfaQr.append(svg);
      ui.mfaSecret.textContent = enrolment.secret;
      ui.mfaCode.focus();
    } catch (error) {
      showError(ui.mfaError, apiErrorText(error));
    }
  }

  private async submitMfa(): Promise<void> {
    const ui = this.ui;
    const code = ui.mfaCode.value.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(code)) return invalid(ui.mfaCode, ui.mfaError, t("mfa.codeInvalid"));
    valid(ui.mfaCode);
    await busy(ui.mfaButton, ui.mfaError, async () => {
      this.recovery = await api.confirmMfa(code);
      ui.mfaSetup.hidden = true;
      ui.mfaDone.hidden = false;
      ui.mfaQr.replaceChildren();
      ui.mfaSecret.textContent = "";
      ui.recoveryCodes.replaceChildren(...this.recovery.map((c) => el("li", "recovery-code", c)));
      ui.codesSaved.checked = false;
      ui.mfaContinue.disabled = true;
      ui.copyStatus.textContent = "";
      ui.copyCodes.focus();
    });
  }

  private async copyRecovery(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.recovery.join("\n"));
      this.ui.copyStatus.textContent = t("mfa.copied");
    } catch {
      this.ui.copyStatus.textContent = t("mfa.copyFailed");
    }
  }

  // ---- invitation -------------------------------------------------------------------------------------
  async showAccept(token: string): Promise<void> {
    const ui = this.ui;
    this.host.showView(ui.acceptView);
    ui.acceptBody.hidden = true;
    showError(ui.acceptError, null);
    this.acceptToken = token;
    try {
      const invitation = await api.getInvitation(token);
      ui.acceptAgency.textContent = invitation.agencyId;
      ui.acceptEmail.textContent = invitation.email;
      ui.acceptRole.textContent = t(invitation.role === "admin" ? "role.agencyAdmin" : "role.member");
      ui.acceptBody.hidden = false;
      ui.acceptBody.dataset["email"] = invitation.email;
      if (invitation.status !== "pending") {
        ui.acceptBody.hidden = true;
        const code = invitation.status === "accepted" ? "invitation_used" : `invitation_${invitation.status}`;
        showError(ui.acceptError, apiErrorText(new api.ApiError(409, code, "")));
        return;
      }
      ui.acceptName.focus();
    } catch (error) {
      showError(ui.acceptError, apiErrorText(error));
    }
  }

  private async submitAccept(): Promise<void> {
    const ui = this.ui;
    const name = ui.acceptName.value.trim();
    if (!name) return invalid(ui.acceptName, ui.acceptError, t("validation.nameRequired"));
    const problem = passwordProblem(ui.acceptPassword.value, ui.acceptConfirm.value);
    if (problem) return invalid(problem === "password.mismatch" ? ui.acceptConfirm : ui.acceptPassword, ui.acceptError, t(problem));
    valid(ui.acceptName, ui.acceptPassword, ui.acceptConfirm);
    await busy(ui.acceptButton, ui.acceptError, async () => {
      await api.acceptInvitation(this.acceptToken, name, ui.acceptPassword.value);
      ui.acceptPassword.value = ui.acceptConfirm.value = "";
      this.signInAfterAccept(ui.acceptBody.dataset["email"] ?? "");
    });
  }
}

