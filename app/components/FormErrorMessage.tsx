import type { ReactNode } from "react";
import { useT } from "~/i18n";
import { errorWords } from "~/i18n/errors";

/**
 * Why a form action failed, above the form: its headline in the reader's words (`errors.<code>`, or the generic
 * line for a code the dictionary lacks), then the specific case: `message` (the action's FormError.message, already
 * in the reader's words) or the words of `details.reason`; then anything after.
 */
export function FormErrorMessage({
  code,
  message,
  details,
  children,
}: {
  code: string;
  message?: string;
  details?: Record<string, unknown>;
  children?: ReactNode;
}) {
  const t = useT();
  const words = errorWords(t, code, details);
  const detail = message || words.detail;
  const line = (
    <>
      {words.title}
      {detail && detail !== words.title ? <> {detail}</> : null}
    </>
  );
  if (!children) return <p className="form-error" role="alert">{line}</p>;
  return (
    <div className="form-error" role="alert">
      <p>{line}</p>
      {children}
    </div>
  );
}
