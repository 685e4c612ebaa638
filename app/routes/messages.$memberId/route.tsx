import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { Avatar } from "~/components/Avatar";
import { ChatPanel } from "~/components/chat/ChatPanel";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useLocale, useT } from "~/i18n";
import { errorLine } from "~/i18n/errors";
import { readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { idParam, requireMember } from "~/lib/guards.server";
import { ROOM_INTENTS } from "~/lib/intents";
import { pageMeta } from "~/lib/meta";
import type { ViewingRoomHandle } from "~/realtime/unread";
import { roomChatProps, useProjectRoom } from "~/realtime/useProjectRoom";
import messagesStyles from "~/styles/messages.css";
import roomStyles from "~/styles/room.css";
import { loadThread, runThreadIntent, type ThreadData } from "./thread.server";
import { useBrowserZone } from "~/lib/browser-zone";

export const links = () => [
  { rel: "stylesheet", href: roomStyles },
  { rel: "stylesheet", href: messagesStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.thread.title", data?.conversation.member?.name);

/** The conversation's room is open here: its messages are being read (the nav's unread count leaves it out). */
export const handle: ViewingRoomHandle = { viewingRoom: (data) => (data as ThreadData | undefined)?.conversation.id };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return loadThread(request, context, viewer, idParam(context, params.memberId));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  return reply(await runThreadIntent(context, viewer, idParam(context, params.memberId), await readForm(request)));
}

/** Times are shown in this zone until the browser's own is known (no hydration mismatch). */
const NO_TASKS: never[] = [];

export default function Thread() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const { conversation, me } = loaded;
  const other = conversation.member;
  const name = other?.name ?? t("messages.formerMember");

  const initial = useMemo(
    () => ({ messages: loaded.messages, hasOlder: loaded.hasOlder, tasks: NO_TASKS, cursor: loaded.cursor }),
    [loaded.messages, loaded.hasOlder, loaded.cursor],
  );
  const room = useProjectRoom(conversation.id, me.id, initial);
  const zone = useBrowserZone();

  // Both avatars beside the messages: mine from the root's viewer, theirs from the conversation.
  const myPhoto = useRouteLoaderData<{ viewer: { photoUrl?: string | null } | null }>("root")?.viewer?.photoUrl ?? null;
  const members = useMemo(() => [{ id: me.id, name: me.name, photoUrl: myPhoto }, ...(other ? [other] : [])], [me.id, me.name, myPhoto, other]);
  const failed = result && !result.ok && result.intent === ROOM_INTENTS.send ? result : null;
  const composerError = failed ? errorLine(t, failed.code, failed.details) : undefined;
  const closed = conversation.canPost ? undefined : (
    <p className="notice chat-closed" role="status" data-testid="thread-closed">
      {other ? t("messages.notConnected", { name }) : t("messages.memberGone")}
    </p>
  );

  return (
    <section className="stack thread">
      <header className="stack">
        <p><Link to="/messages">← {t("messages.back")}</Link></p>
        <div className="thread-head">
          <Avatar id={other?.id ?? conversation.id} name={name} size="md" photoUrl={other?.photoUrl} />
          <h1>{other ? <Link to={`/members/${other.id}`}>{name}</Link> : name}</h1>
        </div>
        <p className="muted small">
          <span data-testid="room-live" data-live={room.connected ? "true" : "false"}>{room.connected ? t("room.live") : t("room.notLive")}</span>
        </p>
      </header>
      <ChatPanel
        title={t("messages.chatTitle")}
        mentions={false}
        composerHint={t("messages.composerHint")}
        me={me}
        members={members}
        {...roomChatProps(room, { clientId: loaded.clientId, olderThan: loaded.olderThan, messageMax: loaded.max.message })}
        locale={locale}
        zone={zone}
        composerError={composerError}
        readUpTo={conversation.lastReadSeq}
        closed={closed}
      />
    </section>
  );
}

function NotFound() {
  const t = useT();
  return (
    <>
      <p className="error-code">404</p>
      <h1>{t("messages.notFound.title")}</h1>
      <p>{t("messages.notFound.body")}</p>
      <Link to="/messages">← {t("messages.back")}</Link>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary statusHandlers={{ 404: () => <NotFound /> }} />;
}
