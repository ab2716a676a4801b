// Every agency (hub administrators), and a form to create one.
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { apiErrorText } from "../forms";
import { t, tKnown } from "../i18n";
import { isValidRoomId, normalizeRoomId } from "../protocol";
import { navigate } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { IdField } from "../ui/IdField";
import { Option } from "../ui/Option";
import { useAction } from "../ui/use-action";
import { useFields } from "../ui/use-fields";
import { TextField } from "../ui/TextField";

export function AgenciesPage() {
  const [agencies, setAgencies] = useState<api.AgencyInfo[]>([]);
  const [newId, setNewId] = useState("");
  const [name, setName] = useState("");
  const [country, setCountry] = useState("");
  const [kind, setKind] = useState("police");
  const action = useAction();
  const fields = useFields(action.setError);
  const idInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const countryInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    api.get<api.AgencyInfo[]>("/api/agencies").then(
      (all) => {
        if (live) setAgencies(all);
      },
      (e: unknown) => {
        if (live) action.setError(apiErrorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const create = async () => {
    const agencyId = normalizeRoomId(newId);
    setNewId(agencyId);
    if (!isValidRoomId(agencyId)) return fields.fail("id", idInput, t("validation.roomInvalid"));
    const agencyName = name.trim();
    if (!agencyName) return fields.fail("name", nameInput, t("validation.nameRequired"));
    const code = country.trim().toUpperCase();
    setCountry(code);
    if (!/^[A-Z]{2}$/.test(code)) return fields.fail("country", countryInput, t("agencies.countryHint"));
    fields.ok("id", "name", "country");
    await action.run(async () => {
      await api.post("/api/agencies", { agencyId, name: agencyName, country: code, kind });
      setNewId("");
      setName("");
      setCountry("");
      navigate({ page: "agency", agencyId });
    });
  };

  return (
    <section id="agencies-view" class="auth-view" aria-labelledby="agencies-heading">
      <div class="card card-wide">
        <h1 id="agencies-heading">{t("agencies.heading")}</h1>
        <ul id="agency-list" class="item-list">
          {agencies.map((a) => (
            <li key={a.agencyId} class="item" data-agency-id={a.agencyId}>
              <a class="item-link" href={`#/agencies/${encodeURIComponent(a.agencyId)}`} dir="auto">{a.name}</a>
              <span class="muted item-meta" dir="ltr">{`${a.agencyId} · ${a.country}`}</span>
              <span class="badge">{tKnown(`kind.${a.kind}`, a.kind)}</span>
              {!a.active && <span class="badge badge-bad">{t("agency.inactive")}</span>}
            </li>
          ))}
        </ul>
        <h2>{t("agencies.create")}</h2>
        <form
          id="agency-create-form"
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <IdField id="agency-new-id" label={t("agencies.id")} value={newId} setValue={setNewId} inputRef={idInput} fields={fields} />
          <TextField
            id="agency-new-name"
            label={t("agencies.name")}
            inputRef={nameInput}
            autocomplete="organization"
            maxLength={200}
            required
            dir="auto"
            invalid={fields.invalid("name")}
            value={name}
            setValue={setName}
          />
          <TextField
            id="agency-new-country"
            label={t("agencies.country")}
            hint={t("agencies.countryHint")}
            inputRef={countryInput}
            autocomplete="country"
            maxLength={2}
            required
            dir="ltr"
            invalid={fields.invalid("country")}
            value={country}
            setValue={setCountry}
          />
          <div class="field">
            <label for="agency-new-kind">{t("agencies.kind")}</label>
            <select id="agency-new-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
              <Option value="police">{t("kind.police")}</Option>
              <Option value="prosecution">{t("kind.prosecution")}</Option>
              <Option value="ministry">{t("kind.ministry")}</Option>
              <Option value="internationalOrganization">{t("kind.internationalOrganization")}</Option>
              <Option value="other">{t("kind.other")}</Option>
            </select>
          </div>
          <div class="actions">
            <button id="agency-create-button" class="button button-primary" type="submit" disabled={action.busy} aria-busy={action.busy || undefined}>
              {t("agencies.createSubmit")}
            </button>
          </div>
        </form>
        <ErrorBox id="agencies-error" text={action.error} />
      </div>
    </section>
  );
}
