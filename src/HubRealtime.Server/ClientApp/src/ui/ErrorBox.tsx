// The alert under a form: hidden when there is nothing to say, announced when there is.
export function ErrorBox({ id, text }: { id: string; text: string | null }) {
  return (
    <div id={id} class="alert" role="alert" aria-live="assertive" hidden={text === null}>
      {text ?? ""}
    </div>
  );
}
