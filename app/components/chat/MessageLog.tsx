import { Form } from "@remix-run/react";
import { Fragment, useEffect, useRef, useState, type MutableRefObject } from "react";
import type { MessagePayload } from "../../../server/contract/realtime";
import { useT } from "~/i18n";
import { dateIn, formatDayHeading, formatInstant } from "~/lib/time";
import type { PendingMessage } from "~/realtime/useProjectRoom";
import { ChatMessage, PendingChatMessage, type MessageActions } from "./ChatMessage";

export type MessageLogProps = {
  me: { id: string; name: string };
  messages: MessagePayload[];
  pending: PendingMessage[];
  locale: "id" | "en";
  /** The zone chat times are shown in. */
  zone: string;
  /** Set once the live room is joined: forms then go through the socket instead of a page post. */
  live: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** The seq "Load earlier messages" pages before (a GET form without JavaScript). */
  olderBefore: number | null;
  /** The seq the member had read up to when the room opened: a marker shows where the new messages begin. */
  readUpTo?: number;
  onLoadOlder: () => void;
  onRetry: (clientId: string) => void;
  /** Set to true to follow the newest message (the composer does when it sends). */
  stickToBottom: MutableRefObject<boolean>;
} & MessageActions;

/**
 * The room's history: "Load earlier messages" (a page of history, also without JavaScript), the messages in seq
 * order with a marker before the first one that was unread on arrival, then my pending ones. It keeps the
 * newest message in view while the reader is at the bottom.
 */
export function MessageLog(props: MessageLogProps) {
  const { me, messages, pending, locale, zone, live, stickToBottom } = props;
  const t = useT();
  const logRef = useRef<HTMLDivElement>(null);
  // Where the unread began when the room opened; it stays put while the reader reads on.
  const [readUpTo] = useState(props.readUpTo);
  const firstUnread = readUpTo === undefined ? undefined : messages.find((m) => m.seq > readUpTo && m.author?.id !== me.id)?.id;

  const onScroll = () => {
    const el = logRef.current;
    if (el) stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };
  const lastKey = `${messages[messages.length - 1]?.id ?? ""}:${pending.length}`;
  useEffect(() => {
    const el = logRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [lastKey, stickToBottom]);

  const first = messages[0];
  const when = (iso: string) => formatInstant(iso, locale, zone);
  // A heading before each day's first message ("Today", "Yesterday", else the date), days read in `zone`.
  const today = dateIn(zone);
  const dayOf = (m: MessagePayload) => dateIn(zone, m.createdAt);

  return (
    <>
      {props.hasOlder && first ? (
        <Form
          method="get"
          preventScrollReset
          className="chat-older"
          onSubmit={(event) => {
            if (!live) return;
            event.preventDefault();
            stickToBottom.current = false;
            props.onLoadOlder();
          }}
        >
          <input type="hidden" name="before" value={props.olderBefore ?? first.seq} />
          <button type="submit" className="small-button" disabled={props.loadingOlder}>
            {props.loadingOlder ? t("room.loading") : t("room.loadOlder")}
          </button>
        </Form>
      ) : null}

      <div ref={logRef} onScroll={onScroll} className="chat-log" role="log" aria-live="polite" aria-label={t("room.messages")} tabIndex={0}>
        {messages.length === 0 && pending.length === 0 ? <p className="muted">{t("room.noMessages")}</p> : null}
        <ol>
          {messages.map((m, i) => (
            <Fragment key={m.id}>
              {i === 0 || dayOf(messages[i - 1]!) !== dayOf(m) ? (
                <li className="chat-day">
                  <span>{formatDayHeading(dayOf(m), today, locale)}</span>
                </li>
              ) : null}
              {m.id === firstUnread ? (
                <li className="chat-unread">{t("room.unreadMarker")}</li>
              ) : null}
              <ChatMessage
                message={m}
                me={me.id}
                live={live}
                when={when}
                locale={locale}
                messageMax={props.messageMax}
                onEdit={props.onEdit}
                onDelete={props.onDelete}
              />
            </Fragment>
          ))}
          {pending.map((p) => (
            <PendingChatMessage key={p.clientId} pending={p} me={me} onRetry={props.onRetry} />
          ))}
        </ol>
      </div>
    </>
  );
}
