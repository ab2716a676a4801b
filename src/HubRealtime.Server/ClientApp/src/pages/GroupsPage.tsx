// My working groups, and a form to create one.
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { apiErrorText } from "../forms";
import { t } from "../i18n";
import { isValidRoomId, normalizeRoomId } from "../protocol";
import { navigate } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { IdField } from "../ui/IdField";
import { useAction } from "../ui/use-action";
import { useFields } from "../ui/use-fields";
import { TextField } from "../ui/TextField";

export function GroupsPage() {
  const [groups, setGroups] = useState<api.GroupInfo[] | null>(null);
  const [newId, setNewId] = useState("");
  const [newTitle, setNewTitle] = useState("");
  const action = useAction();
  const fields = useFields(action.setError);
  const idInput = useRef<HTMLInputElement>(null);
  const titleInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    api.get<api.GroupInfo[]>("/api/groups/mine").then(
      (mine) => {
        if (live) setGroups(mine);
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
    const groupId = normalizeRoomId(newId);
    setNewId(groupId);
    if (!isValidRoomId(groupId)) return fields.fail("id", idInput, t("validation.roomInvalid"));
    const title = newTitle.trim();
    if (!title) return fields.fail("title", titleInput, t("validation.titleRequired"));
    fields.ok("id", "title");
    await action.run(async () => {
      await api.post("/api/groups", { groupId, title });
      setNewId("");
      setNewTitle("");
      navigate({ page: "group", groupId });
    });
  };

  return (
    <section id="groups-view" class="auth-view" aria-labelledby="groups-heading">
      <div class="card">
        <h1 id="groups-heading">{t("groups.heading")}</h1>
        <ul id="group-list" class="item-list">
          {(groups ?? []).map((g) => (
            <li key={g.groupId} class="item" data-group-id={g.groupId}>
              <a class="item-link" href={`#/groups/${encodeURIComponent(g.groupId)}`} dir="auto">{g.title || g.groupId}</a>
              <span class="muted item-meta">{g.groupId}</span>
            </li>
          ))}
        </ul>
        <p id="groups-empty" class="muted" hidden={groups === null || groups.length > 0}>{t("groups.empty")}</p>
        <h2>{t("groups.create")}</h2>
        <form
          id="group-create-form"
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <IdField id="group-new-id" label={t("groups.id")} value={newId} setValue={setNewId} inputRef={idInput} fields={fields} />
          <TextField
            id="group-new-title"
            label={t("groups.title")}
            inputRef={titleInput}
            autocomplete="off"
            maxLength={200}
            required
            dir="auto"
            invalid={fields.invalid("title")}
            value={newTitle}
            setValue={setNewTitle}
          />
          <div class="actions">
            <button id="group-create-button" class="button button-primary" type="submit" disabled={action.busy} aria-busy={action.busy || undefined}>
              {t("groups.createSubmit")}
            </button>
          </div>
        </form>
        <ErrorBox id="groups-error" text={action.error} />
      </div>
    </section>
  );
}
