import { FormErrorMessage } from "~/components/FormErrorMessage";
import { useT } from "~/i18n";
import type { ResourceResult } from "~/lib/resource-intents.server";

/** What a resource action did (added, saved, deactivated with its moved/cancelled counts), or why it failed. */
export function ResourceResultMessage({ result }: { result: ResourceResult | undefined }) {
  const t = useT();
  if (!result) return null;
  if (!result.ok) return <FormErrorMessage code={result.code} message={result.message} />;
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
