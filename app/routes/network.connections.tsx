import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback } from "react";
import { MemberCard } from "~/components/MemberCard";
import { useT } from "~/i18n";
import { readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { NETWORK_INTENTS } from "~/lib/intents";
import { runNetworkIntent, type NetworkIntentResult } from "~/lib/network-intents.server";
import { useSocketEvent } from "~/realtime/socket";

export const meta: MetaFunction = () => [{ title: "Connections · Jejaring" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return { connections: await context.services.network.connections(viewer) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  return reply(await runNetworkIntent(context, viewer, await readForm(request)));
}

export default function Connections() {
  const { connections } = useLoaderData<typeof loader>();
  const t = useT();
  const fetcher = useFetcher<NetworkIntentResult>();
  const revalidator = useRevalidator();
  const onNotification = useCallback(() => revalidator.revalidate(), [revalidator]);
  useSocketEvent("notification", onNotification);
  const labels = { offers: t("member.offers"), needs: t("member.needs") };
  const incoming = connections.filter((c) => c.status === "pending" && c.direction === "incoming");
  const outgoing = connections.filter((c) => c.status === "pending" && c.direction === "outgoing");
  const accepted = connections.filter((c) => c.status === "accepted");
  const section = (id: string, title: string, list: typeof connections, withActions: boolean) => (
    <section aria-labelledby={id} className="stack">
      <h2 id={id}>{title}</h2>
      {list.length === 0 ? <p className="muted">{t("connections.none")}</p> : null}
      <div className="grid">
        {list.map((c) => (
          <MemberCard key={c.id} member={c.member} labels={labels}>
            {c.note ? <p>“{c.note}”</p> : null}
            {withActions ? (
              <div className="actions">
                {([NETWORK_INTENTS.accept, NETWORK_INTENTS.decline] as const).map((intent) => (
                  <fetcher.Form method="post" key={intent}>
                    <input type="hidden" name="intent" value={intent} />
                    <input type="hidden" name="connectionId" value={c.id} />
                    <button type="submit" className={intent === NETWORK_INTENTS.accept ? "primary" : "small-button"} aria-label={`${t(`member.${intent}`)}: ${c.member.name}`}>
                      {t(`member.${intent}`)}
                    </button>
                  </fetcher.Form>
                ))}
              </div>
            ) : null}
          </MemberCard>
        ))}
      </div>
    </section>
  );
  return (
    <section className="stack">
      <p><Link to="/network">← {t("network.title")}</Link></p>
      <h1>{t("network.connections")}</h1>
      {section("incoming-title", t("connections.incoming"), incoming, true)}
      {section("accepted-title", t("connections.accepted"), accepted, false)}
      {section("outgoing-title", t("connections.outgoing"), outgoing, false)}
    </section>
  );
}
