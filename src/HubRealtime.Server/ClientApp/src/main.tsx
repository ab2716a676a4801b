import "./styles.css";
import { render } from "preact";
import { App } from "./app/App";
import { refreshSession, route } from "./app/state";
import { detectLanguage, setLanguage, t } from "./i18n";

async function boot(): Promise<void> {
  await setLanguage(detectLanguage(), false);
  const bootText = document.querySelector("#boot .boot-text");
  if (bootText) bootText.textContent = t("app.loading");
  render(<App />, document.getElementById("app")!);
  if (route.value.page !== "accept") await refreshSession();
  document.body.classList.remove("loading");
  document.getElementById("boot")?.remove();
}

void boot();
