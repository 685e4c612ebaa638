import { useT, type MessageKey } from "~/i18n";

type Result =
  | { ok: true; kind: "added" | "saved" | "activated"; name: string }
  | { ok: true; kind: "deactivated"; name: string; moved: number; cancelled: number }
  | { ok: false; code: string; message: string; errors: Record<string, string> };

/** What a resource action did (added, saved, deactivated with its moved/cancelled counts), or why it failed. */
export function ResourceResultMessage({ result }: { result: Result | undefined }) {
  const t = useT();
  if (!result) return null;
  if (!result.ok) {
    const key = `errors.${result.code}` as MessageKey;
    return (
      <p className="form-error" role="alert">
        {t(key) === key ? t("errors.generic") : t(key)} {result.message ? <span className="muted">({result.message})</span> : null}
      </p>
    );
  }
  return (
    <div className="notice" role="status">
      {result.kind === "added" ? <p>{t("op.res.added", { name: result.name })}</p> : null}
      {result.kind === "saved" ? <p>{t("op.res.saved", { name: result.name })}</p> : null}
      {result.kind === "activated" ? <p>{t("op.res.activated", { name: result.name })}</p> : null}
      {result.kind === "deactivated" ? (
        <p>{t("op.res.deactivated", { name: result.name, moved: result.moved, cancelled: result.cancelled })}</p>
      ) : null}
    </div>
  );
}
