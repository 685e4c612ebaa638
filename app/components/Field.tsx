import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";

type Common = { label: string; hint?: string; error?: string };
type ControlProps = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

/** Label, hint and error around one control, wired with aria-describedby / aria-invalid. */
function FieldFrame({ label, hint, error, control }: Common & { control: (props: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control({
        id,
        ...(error ? { "aria-invalid": true as const } : {}),
        ...(hintId || errorId ? { "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") } : {}),
      })}
      {hint ? <span className="hint" id={hintId}>{hint}</span> : null}
      {error ? <span className="error" id={errorId}>{error}</span> : null}
    </div>
  );
}

export function Field({ label, hint, error, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return <FieldFrame label={label} hint={hint} error={error} control={(p) => <input {...p} {...input} />} />;
}

export function TextAreaField({ label, hint, error, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <FieldFrame label={label} hint={hint} error={error} control={(p) => <textarea {...p} {...input} />} />;
}
