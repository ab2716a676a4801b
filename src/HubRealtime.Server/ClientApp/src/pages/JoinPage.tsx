// The start page (for now): join a room by its id, or create one. Joining opens the room's address.
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { isValidRoomId, normalizeRoomId } from "../protocol";
import { createAndOpenRoom, joinForm, openRoom } from "../room/room-controller";
import { IdField } from "../ui/IdField";
import { useFields } from "../ui/use-fields";
import { TextField } from "../ui/TextField";

/** `secondary`: a part of the home page (a second-level heading, no focus taken). */
export function JoinPage({ secondary = false }: { secondary?: boolean }) {
  const roomId = joinForm.roomId.value;
  const error = joinForm.error.value;
  const busy = joinForm.busy.value;
  const [title, setTitle] = useState("");
  const [createOpen, setCreateOpen] = useState(false);
  const idInput = useRef<HTMLInputElement>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const fields = useFields((text) => {
    joinForm.error.value = text === null ? null : { text };
  });

  // The page is for typing a room id: start there.
  useLayoutEffect(() => {
    if (!secondary) idInput.current?.focus();
  }, [secondary]);

  /** The id as the server wants it, or null (the field marked and focused) when it is not valid. */
  const checkedId = (): string | null => {
    const id = normalizeRoomId(roomId);
    joinForm.roomId.value = id;
    if (!isValidRoomId(id)) {
      fields.fail("id", idInput, t("validation.roomInvalid"));
      return null;
    }
    fields.ok("id");
    return id;
  };

  const join = () => {
    const id = checkedId();
    if (id) openRoom(id);
  };

  const create = async () => {
    const id = checkedId();
    if (!id) return;
    const trimmed = title.trim();
    if (!trimmed) return fields.fail("title", titleInput, t("validation.titleRequired"));
    fields.ok("title");
    if (await createAndOpenRoom(id, trimmed)) {
      setTitle("");
      setCreateOpen(false);
    }
  };

  return (
    <section id="join-view" class="join-view" aria-labelledby="join-heading">
      <div class="card">
        {secondary ? <h2 id="join-heading">{t("join.heading")}</h2> : <h1 id="join-heading">{t("join.heading")}</h1>}
        <p class="muted">{t("join.intro")}</p>
        <form
          id="join-form"
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            join();
          }}
        >
          <IdField
            id="room-id"
            label={t("join.roomId")}
            value={roomId}
            setValue={(v) => (joinForm.roomId.value = v)}
            inputRef={idInput}
            fields={fields}
          />
          <div class="actions">
            <button id="join-button" class="button button-primary" type="submit" disabled={busy !== null} aria-busy={busy === "join" ? "true" : undefined}>
              {t(busy === "join" ? "join.joining" : "join.submit")}
            </button>
          </div>
        </form>

        <details id="create-room" class="create-room" open={createOpen} onToggle={(e) => setCreateOpen(e.currentTarget.open)}>
          <summary>{t("create.summary")}</summary>
          <form
            id="create-form"
            class="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void create();
            }}
          >
            <p class="hint">{t("create.intro")}</p>
            <TextField
              id="create-title"
              label={t("create.title")}
              inputRef={titleInput}
              name="title"
              autocomplete="off"
              maxLength={200}
              required
              dir="auto"
              invalid={fields.invalid("title")}
              value={title}
              setValue={setTitle}
            />
            <div class="actions">
              <button id="create-button" class="button" type="submit" disabled={busy !== null} aria-busy={busy === "create" ? "true" : undefined}>
                {t(busy === "create" ? "create.creating" : "create.submit")}
              </button>
            </div>
          </form>
        </details>

        <div id="join-error" class="alert" role="alert" hidden={error === null}>
          <p id="join-error-text" class="alert-text">{error?.text ?? ""}</p>
          <p id="join-error-detail" class="alert-detail" dir="auto" hidden={!error?.detail}>{error?.detail ?? ""}</p>
        </div>
      </div>
    </section>
  );
}
