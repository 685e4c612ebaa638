import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { Inbox } from "lucide-react";
import { MemberCard } from "~/components/MemberCard";
import { useT } from "~/i18n";
import { readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { NETWORK_INTENTS } from "~/lib/intents";
import { matchReasonText } from "~/lib/match-reasons";
import { runNetworkIntent, type NetworkIntentResult } from "~/lib/network-intents.server";
import { ConnectionAnswer } from "~/components/ConnectionAnswer";
import { pageMeta } from "~/lib/meta";
import networkStyles from "~/styles/network.css";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.network.title");
export const links = () => [{ rel: "stylesheet", href: networkStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const [matches, connections] = await Promise.all([
    context.services.network.matches(viewer, { limit: 12 }),
    context.services.network.connections(viewer),
  ]);
  const status = new Map(connections.filter((c) => c.status !== "declined").map((c) => [c.member.id, c.status]));
  const incoming = connections.filter((c) => c.status === "pending" && c.direction === "incoming");
  return { matches: matches.map((m) => ({ ...m, connection: status.get(m.member.id) ?? null })), incoming };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  return reply(await runNetworkIntent(context, viewer, await readForm(request)));
}

function ConnectButton({ memberId, name }: { memberId: string; name: string }) {
  const t = useT();
  const fetcher = useFetcher<NetworkIntentResult>();
  if (fetcher.data?.ok) return <p className="notice" role="status">{t("member.pending")}</p>;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value={NETWORK_INTENTS.connect} />
      <input type="hidden" name="memberId" value={memberId} />
      <button type="submit" className="small-button" disabled={fetcher.state !== "idle"} aria-label={`${t("member.connect")}: ${name}`}>
        {t("member.connect")}
      </button>
    </fetcher.Form>
  );
}

export default function NetworkHome() {
  const { matches, incoming } = useLoaderData<typeof loader>();
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="stack network-page">
      <h1>{t("network.title")}</h1>
      <nav className="sub-nav" aria-label={t("network.title")}>
        <Link to="/network/directory">{t("network.directory")}</Link>
        <Link to="/network/connections">{t("network.connections")}</Link>
        <Link to="/network/introductions">{t("network.introductions")}</Link>
        <Link to="/network/profile">{t("network.editProfile")}</Link>
        <Link to="/ledger">{t("nav.ledger")}</Link>
      </nav>
      {incoming.length ? (
        <section aria-labelledby="requests-title" className="stack" data-testid="incoming-requests">
          <h2 id="requests-title" className="search-group-head">
            <Inbox aria-hidden="true" size={20} /> {t("network.requests", { count: incoming.length })}
          </h2>
          <div className="grid member-grid">
            {incoming.map((c) => (
              <MemberCard key={c.id} member={c.member} labels={{ offers: t("member.offers"), needs: t("member.needs") }}>
                {c.note ? <p className="muted">“{c.note}”</p> : null}
                <ConnectionAnswer connectionId={c.id} name={c.member.name} busy={busy} />
              </MemberCard>
            ))}
          </div>
        </section>
      ) : null}
      <section aria-labelledby="matches-title" className="stack">
        <h2 id="matches-title">{t("network.matches")}</h2>
        <p className="muted">{t("network.matchesHelp")}</p>
        {matches.length === 0 ? (
          <p>
            {t("network.noMatches")} <Link to="/network/profile">{t("network.editProfile")}</Link>
          </p>
        ) : null}
        <div className="grid member-grid" data-testid="matches">
          {matches.map((m) => (
            <MemberCard key={m.member.id} member={m.member} labels={{ offers: t("member.offers"), needs: t("member.needs") }}>
              <ul className="reasons">
                {m.reasons.map((r) => (
                  <li key={r.kind} data-reason={r.kind}>
                    {matchReasonText(r, t)}
                  </li>
                ))}
              </ul>
              {m.connection === "accepted" ? (
                <p className="muted">{t("member.connected")}</p>
              ) : m.connection === "pending" ? (
                <p className="muted">{t("member.pending")}</p>
              ) : (
                <ConnectButton memberId={m.member.id} name={m.member.name} />
              )}
            </MemberCard>
          ))}
        </div>
      </section>
    </section>
  );
}
