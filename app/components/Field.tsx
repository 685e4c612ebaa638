import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

type Common = {
  label: string;
  hint?: string;
  error?: string;
  /** A fixed id (others link to it); otherwise generated. */
  id?: string;
  /** Announce the error as it appears (a field whose form has no error summary of its own). */
  announce?: boolean;
};
export type ControlProps = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

/**
 * The one place a field error is shown: label, hint and error around one control, wired with aria-describedby /
 * aria-invalid. `error` is the action's `errors[name]` (see app/lib/forms.ts `FormError`).
 */
export function FieldFrame({ label, hint, error, id: fixedId, announce, control, after }: Common & { control: (props: ControlProps) => ReactNode; after?: ReactNode }) {
  const generated = useId();
  const id = fixedId ?? generated;
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
      {after}
      {hint ? <span className="hint" id={hintId}>{hint}</span> : null}
      {error ? <span className="error" id={errorId} role={announce ? "alert" : undefined}>{error}</span> : null}
    </div>
  );
}

export const Field = forwardRef<HTMLInputElement, Common & InputHTMLAttributes<HTMLInputElement>>(function Field({ label, hint, error, id, announce, ...input }, ref) {
  return <FieldFrame label={label} hint={hint} error={error} id={id} announce={announce} control={(p) => <input ref={ref} {...p} {...input} />} />;
});

export function TextAreaField({ label, hint, error, id, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <FieldFrame label={label} hint={hint} error={error} id={id} control={(p) => <textarea {...p} {...input} />} />;
}

/** A select with its options as children. */
export function SelectField({ label, hint, error, id, children, ...select }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return <FieldFrame label={label} hint={hint} error={error} id={id} control={(p) => <select {...p} {...select}>{children}</select>} />;
}
