import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { MessageSquare } from "lucide-react";
import { useCallback } from "react";
import { Avatar } from "~/components/Avatar";
import { EmptyState } from "~/components/EmptyState";
import { PageHeader } from "~/components/PageHeader";
import { formatNumber, useLocale, useT } from "~/i18n";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatInstant } from "~/lib/time";
import { useSocketEvent } from "~/realtime/socket";
import { useUnread } from "~/realtime/unread";
import messagesStyles from "~/styles/messages.css";
import { useBrowserZone } from "~/lib/browser-zone";

export const links = () => [{ rel: "stylesheet", href: messagesStyles }];
export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.messages.title");

/** Times are shown in this zone until the browser's own is known (no hydration mismatch). */

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return { me: viewer.id, conversations: await context.services.projects.conversations(viewer.id) };
}

export default function Messages() {
  const { me, conversations } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { extraFor, isDirect } = useUnread();
  const zone = useBrowserZone();
  // A new direct message (in any conversation, also a new one) reorders the list: load it again.
  const revalidator = useRevalidator();
  const onNew = useCallback(({ projectId }: { projectId: string }) => {
    if (isDirect(projectId)) revalidator.revalidate();
  }, [isDirect, revalidator]);
  useSocketEvent("message:new", onNew);

  return (
    <section className="stack messages-page">
      <PageHeader title={t("messages.title")} description={t("messages.intro")} />
      {conversations.length === 0 ? (
        <EmptyState
          icon={MessageSquare}
          headingLevel={2}
          title={t("messages.empty.title")}
          body={t("messages.empty.body")}
          action={{ to: "/network/connections", label: t("messages.empty.action") }}
          testId="messages-empty"
        />
      ) : (
        <ul className="conversations" aria-label={t("messages.list")}>
          {conversations.map((c) => {
            const unread = c.unread + extraFor(c.id);
            const name = c.member?.name ?? t("messages.formerMember");
            const last = c.lastMessage;
            const text = !last ? "" : last.deletedAt ? t("messages.deleted") : last.author?.id === me ? t("messages.you", { text: last.body }) : last.body;
            return (
              <li key={c.id} className={`conversation${unread ? " is-unread" : ""}`} data-testid="conversation">
                <Link to={`/messages/${c.member?.id ?? c.id}`}>
                  <Avatar id={c.member?.id ?? c.id} name={name} photoUrl={c.member?.photoUrl} />
                  <span className="conversation-text">
                    <span className="conversation-top">
                      <span className="conversation-name">{name}</span>
                      {last ? <time className="conversation-when muted small" dateTime={last.createdAt}>{formatInstant(last.createdAt, locale, zone)}</time> : null}
                    </span>
                    <span className="conversation-last muted small">{text}</span>
                  </span>
                  {unread ? (
                    <>
                      <span className="badge" aria-hidden="true" data-testid="conversation-unread">{formatNumber(unread, locale)}</span>
                      <span className="sr-only">{t("messages.unreadCount", { count: unread })}</span>
                    </>
                  ) : null}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
