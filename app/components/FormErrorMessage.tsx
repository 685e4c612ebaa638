import type { ReactNode } from "react";
import { useT, type MessageKey } from "~/i18n";

/**
 * Why a form action failed, above the form: its code in the reader's words (`errors.<code>`, or the generic line for
 * a code the dictionary lacks), the service's detail in brackets when the page passes it, and anything after.
 */
export function FormErrorMessage({ code, message, children }: { code: string; message?: string; children?: ReactNode }) {
  const t = useT();
  const key = `errors.${code}` as MessageKey;
  const text = t(key);
  const line = (
    <>
      {text === key ? t("errors.generic") : text} {message ? <span className="muted">({message})</span> : null}
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
