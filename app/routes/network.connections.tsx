import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { ArrowLeft, MessageSquare, UserMinus } from "lucide-react";
import { useCallback } from "react";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { MemberCard } from "~/components/MemberCard";
import { useT } from "~/i18n";
import { readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { NETWORK_INTENTS } from "~/lib/intents";
import { runNetworkIntent } from "~/lib/network-intents.server";
import { useSocketEvent } from "~/realtime/socket";
import { ConnectionAnswer } from "~/components/ConnectionAnswer";
import { pageMeta } from "~/lib/meta";
import networkStyles from "~/styles/network.css";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.connections.title");
export const links = () => [{ rel: "stylesheet", href: networkStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return { connections: await context.services.network.connections(viewer) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const result = await runNetworkIntent(context, viewer, await readForm(request));
  // Removing ends on the plain list (the confirmation's ?remove= goes), saying what happened.
  if (result.ok && result.kind === "removed") throw redirect("/network/connections?removed=1");
  return reply(result);
}

type ConnectionRow = ReturnType<typeof useLoaderData<typeof loader>>["connections"][number];

export default function Connections() {
  const { connections } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const confirming = params.get("remove");
  const revalidator = useRevalidator();
  const onNotification = useCallback(() => revalidator.revalidate(), [revalidator]);
  useSocketEvent("notification", onNotification);
  const labels = { offers: t("member.offers"), needs: t("member.needs") };
  const incoming = connections.filter((c) => c.status === "pending" && c.direction === "incoming");
  const outgoing = connections.filter((c) => c.status === "pending" && c.direction === "outgoing");
  const accepted = connections.filter((c) => c.status === "accepted");
  const live = incoming.length + outgoing.length + accepted.length;

  /** Remove (accepted) or withdraw (my request): a link to the confirmation first, which works without JavaScript. */
  const removal = (c: ConnectionRow) => {
    const withdraw = c.status === "pending";
    if (confirming !== c.id) {
      return (
        <div className="connection-actions">
          {withdraw ? null : (
            <Link to={`/messages/${c.member.id}`} className="small-button" aria-label={t("messages.actionTo", { name: c.member.name })}>
              <MessageSquare aria-hidden="true" size={16} /> {t("messages.action")}
            </Link>
          )}
          <Link to={`?remove=${c.id}#c-${c.id}`} preventScrollReset className="small-button" aria-label={`${t(withdraw ? "connections.withdraw" : "connections.remove")}: ${c.member.name}`}>
            {withdraw ? t("connections.withdraw") : t("connections.remove")}
          </Link>
        </div>
      );
    }
    return (
      <div className="connection-confirm" role="group" aria-labelledby={`confirm-${c.id}`} data-testid="remove-confirm">
        <p id={`confirm-${c.id}`}>
          <strong>{t(withdraw ? "connections.withdrawConfirm" : "connections.removeConfirm", { name: c.member.name })}</strong>
        </p>
        <p className="muted small">{t(withdraw ? "connections.withdrawHelp" : "connections.removeHelp")}</p>
        <div className="connection-actions">
          <Form method="post">
            <input type="hidden" name="intent" value={NETWORK_INTENTS.remove} />
            <input type="hidden" name="connectionId" value={c.id} />
            <button type="submit" className="danger" disabled={busy}>
              <UserMinus aria-hidden="true" size={16} /> {withdraw ? t("connections.withdrawYes") : t("connections.removeYes")}
            </button>
          </Form>
          <Link to="." preventScrollReset className="button secondary">{t("connections.keep")}</Link>
        </div>
      </div>
    );
  };

  const section = (id: string, title: string, list: ConnectionRow[], actions: (c: ConnectionRow) => JSX.Element | null, none: string) => (
    <section aria-labelledby={id} className="stack">
      <h2 id={id}>
        {title} <span className="muted">({list.length})</span>
      </h2>
      {list.length === 0 ? <p className="muted">{none}</p> : null}
      <div className="grid member-grid">
        {list.map((c) => (
          <div key={c.id} id={`c-${c.id}`} data-testid="connection" data-status={c.status} data-direction={c.direction}>
            <MemberCard member={c.member} labels={labels}>
              {c.note ? <p className="muted">“{c.note}”</p> : null}
              {actions(c)}
            </MemberCard>
          </div>
        ))}
      </div>
    </section>
  );

  const answer = (c: ConnectionRow) => <ConnectionAnswer connectionId={c.id} name={c.member.name} busy={busy} />;

  return (
    <section className="stack network-page">
      <p>
        <Link to="/network" className="back-link"><ArrowLeft aria-hidden="true" size={16} /> {t("network.title")}</Link>
      </p>
      <h1>{t("network.connections")}</h1>
      {params.get("removed") ? <p className="notice" role="status">{t("connections.removed")}</p> : null}
      {result?.ok ? <p className="notice" role="status">{t(result.kind === "accepted" ? "connections.acceptedNow" : "connections.declinedNow")}</p> : null}
      {result && !result.ok ? <FormErrorMessage code={result.code} /> : null}
      {live === 0 ? (
        <div className="card empty-state" data-testid="connections-empty">
          <p><strong>{t("connections.emptyTitle")}</strong></p>
          <p>{t("connections.emptyHelp")}</p>
          <p className="cluster">
            <Link to="/network" className="button">{t("connections.seeMatches")}</Link>
            <Link to="/network/directory" className="button secondary">{t("connections.findPeople")}</Link>
          </p>
        </div>
      ) : (
        <>
          {section("incoming-title", t("connections.incoming"), incoming, answer, t("connections.noIncoming"))}
          {section("accepted-title", t("connections.accepted"), accepted, removal, t("connections.noAccepted"))}
          {section("outgoing-title", t("connections.outgoing"), outgoing, removal, t("connections.noOutgoing"))}
        </>
      )}
    </section>
  );
}
