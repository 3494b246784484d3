import type { Failure } from "./form-action.ts";

/** The error of a form (with details that belong to no field), announced to screen readers. */
export function FormError({ failure, message }: { failure?: Failure | null; message?: string | null }) {
  const text = message ?? failure?.message;
  if (!text) return null;
  return (
    <div className="form-error" role="alert">
      <p>{text}</p>
      {failure?.other.length ? (
        <ul>
          {failure.other.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A confirmation after a successful action. */
export function FormSuccess({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-success" role="status">
      {message}
    </p>
  );
}
