import { Form } from "@remix-run/react";
import { Check, X } from "lucide-react";
import { useT } from "~/i18n";
import { NETWORK_INTENTS } from "~/lib/intents";

/** Accept or decline a connection request: two plain forms (they work without JavaScript). */
export function ConnectionAnswer({ connectionId, name, busy }: { connectionId: string; name: string; busy: boolean }) {
  const t = useT();
  return (
    <div className="connection-actions">
      {([NETWORK_INTENTS.accept, NETWORK_INTENTS.decline] as const).map((intent) => (
        <Form method="post" key={intent} preventScrollReset>
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="connectionId" value={connectionId} />
          <button type="submit" disabled={busy} className={intent === NETWORK_INTENTS.accept ? "primary" : "small-button"} aria-label={`${t(`member.${intent}`)}: ${name}`}>
            {intent === NETWORK_INTENTS.accept ? <Check aria-hidden="true" size={16} /> : <X aria-hidden="true" size={16} />} {t(`member.${intent}`)}
          </button>
        </Form>
      ))}
    </div>
  );
}
