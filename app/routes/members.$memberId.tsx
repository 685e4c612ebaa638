import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { MessageSquare } from "lucide-react";
import { useCallback } from "react";
import { TextAreaField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { Avatar } from "~/components/Avatar";
import { TagList } from "~/components/MemberCard";
import { useT } from "~/i18n";
import { readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { idParam, orNotFound, requireMember } from "~/lib/guards.server";
import { NETWORK_INTENTS } from "~/lib/intents";
import { runNetworkIntent, type NetworkIntentResult } from "~/lib/network-intents.server";
import { useSocketEvent } from "~/realtime/socket";
import { pageMeta } from "~/lib/meta";
import networkStyles from "~/styles/network.css";

export const links = () => [{ rel: "stylesheet", href: networkStyles }];
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.member.title", data?.member.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const id = idParam(context, params.memberId);
  return {
    member: await orNotFound(context.services.network.member(viewer, id)),
    max: context.limits.maxLengths(context.schemas.network.ConnectionCreate),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  return reply(await runNetworkIntent(context, viewer, await readForm(request)));
}

export default function MemberPage() {
  const { member, max } = useLoaderData<typeof loader>();
  const t = useT();
  const fetcher = useFetcher<NetworkIntentResult>();
  const [params] = useSearchParams();
  const introductionId = params.get("introduction");
  const revalidator = useRevalidator();
  // Their answer arrives as a notification: refresh to show the new state (and their contact links).
  const onNotification = useCallback(() => revalidator.revalidate(), [revalidator]);
  useSocketEvent("notification", onNotification);
  const c = member.connection;
  return (
    <section className="stack network-page">
      <p><Link to="/network">← {t("network.title")}</Link></p>
      <header className="member-head">
        <Avatar id={member.id} name={member.name} size="xl" photoUrl={member.photoUrl} label={member.photoUrl ? t("member.photoAlt", { name: member.name }) : undefined} />
        <div>
          <h1>{member.name}</h1>
          {member.headline ? <p>{member.headline}</p> : null}
          <p className="muted">{[member.businessName, member.city].filter(Boolean).join(" · ")}</p>
        </div>
      </header>
      {member.bio ? <p>{member.bio}</p> : null}
      <section className="card">
        <TagList label={t("member.specialties")} tags={member.specialties} />
        <TagList label={t("member.offers")} tags={member.offers} />
        <TagList label={t("member.needs")} tags={member.needs} />
      </section>
      <section className="card" aria-labelledby="links-title">
        <h2 id="links-title">{t("member.links")}</h2>
        {member.links === null ? (
          <p className="muted">{t("member.linksHidden")}</p>
        ) : (
          <ul data-testid="contact-links">
            {member.links.map((l) => (
              <li key={l}>
                <a href={l} rel="noopener noreferrer nofollow" target="_blank">{l}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-live="polite" data-testid="connection-state" data-status={c?.status ?? "none"}>
        {fetcher.data && !fetcher.data.ok ? <FormErrorMessage code={fetcher.data.code} /> : null}
        {member.isSelf ? (
          <p>{t("member.you")}</p>
        ) : c?.status === "accepted" ? (
          <>
            <p>{t("member.connected")}</p>
            <p className="cluster">
              <Link to={`/messages/${member.id}`} className="button primary" data-testid="message-member">
                <MessageSquare className="icon icon-sm" aria-hidden="true" /> {t("messages.action")}
              </Link>
              <Link to={`/ledger?to=${member.id}`} className="small-button" data-testid="ledger-member">{t("ledger.withMember")}</Link>
              <Link to={`/network/connections?remove=${c.id}#c-${c.id}`}>{t("connections.remove")}</Link>
            </p>
          </>
        ) : c?.status === "pending" && c.direction === "outgoing" ? (
          <>
            <p>{t("member.pending")}</p>
            <p><Link to={`/network/connections?remove=${c.id}#c-${c.id}`}>{t("connections.withdraw")}</Link></p>
          </>
        ) : c?.status === "pending" ? (
          <>
            <p>{t("member.incoming", { name: member.name })}</p>
            <div className="actions">
              {([NETWORK_INTENTS.accept, NETWORK_INTENTS.decline] as const).map((intent) => (
                <fetcher.Form method="post" key={intent}>
                  <input type="hidden" name="intent" value={intent} />
                  <input type="hidden" name="connectionId" value={c.id} />
                  <button type="submit" className={intent === NETWORK_INTENTS.accept ? "primary" : "small-button"}>{t(`member.${intent}`)}</button>
                </fetcher.Form>
              ))}
            </div>
          </>
        ) : (
          <fetcher.Form method="post" className="form">
            {introductionId ? <p className="muted">{t("member.introduced")}</p> : null}
            <input type="hidden" name="intent" value={NETWORK_INTENTS.connect} />
            <input type="hidden" name="memberId" value={member.id} />
            {introductionId ? <input type="hidden" name="introductionId" value={introductionId} /> : null}
            <TextAreaField label={t("member.connectNote")} id="note" name="note" rows={2} maxLength={max.note} error={fetcher.data && !fetcher.data.ok ? fetcher.data.errors.note : undefined} />
            <button type="submit" className="primary" disabled={fetcher.state !== "idle"}>{t("member.connect")}</button>
          </fetcher.Form>
        )}
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
