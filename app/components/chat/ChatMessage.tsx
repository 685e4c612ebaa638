import { Form } from "@remix-run/react";
import { CalendarDays } from "lucide-react";
import { useId, useMemo, useRef, useState, type FormEvent } from "react";
import type { MessagePayload } from "../../../server/contract/realtime";
import type { SystemMessageData } from "../../../server/domain/projects/projects.schemas";
import { Avatar } from "~/components/Avatar";
import { useT, type Translate } from "~/i18n";
import { splitMessage, type MentionSpan } from "~/lib/chat-text";
import { fieldsOf } from "~/lib/forms";
import { ROOM_INTENTS } from "~/lib/intents";
import { formatDate, hhmm, ymd } from "~/lib/time";
import type { MessageResult, PendingMessage } from "~/realtime/useProjectRoom";
import { useChatPhoto } from "./photos";

export type MessageActions = {
  /** The longest message the server takes (from the load context). */
  messageMax: number;
  onEdit: (messageId: string, body: string) => Promise<MessageResult>;
  onDelete: (messageId: string) => Promise<MessageResult>;
};

/** Plain text with line breaks (CSS), http(s) links and the server's @mention spans; React escapes everything. */
function MessageText({ body, spans, me }: { body: string; spans?: MentionSpan[]; me: string }) {
  const parts = useMemo(() => splitMessage(body, spans), [body, spans]);
  return (
    <p className="chat-text">
      {parts.map((p, i) =>
        p.kind === "link" ? (
          <a key={i} href={p.href} target="_blank" rel="noopener noreferrer nofollow">
            {p.text}
          </a>
        ) : p.kind === "mention" ? (
          <mark key={i} className={p.memberId === me ? "mention mention-me" : "mention"}>
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

/** A system message in the reader's words, from its facts. */
function systemText(m: MessagePayload, t: Translate, locale: "id" | "en"): string {
  const data = m.data as SystemMessageData | Record<string, never>;
  if (data.kind !== "meeting_booked") return "";
  const [first, ...more] = data.meetings;
  if (!first) return "";
  const text = t("room.meetingBooked", {
    name: m.author?.name ?? t("room.someone"),
    room: first.resourceName,
    space: first.spaceName,
    date: formatDate(ymd(first.start), locale),
    start: hhmm(first.start),
    end: hhmm(first.end),
  });
  return more.length ? `${text} ${t("room.meetingMore", { count: more.length })}` : text;
}

function OwnMessageActions({ message, live, when, messageMax, onEdit, onDelete }: { message: MessagePayload; live: boolean; when: string } & MessageActions) {
  const t = useT();
  const details = useRef<HTMLDetailsElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = useId();

  const settle = (res: MessageResult, done?: () => void) => {
    setBusy(false);
    if (res.ok) {
      setError(null);
      done?.();
    } else setError(res.message || t("errors.generic"));
  };
  const submitEdit = (event: FormEvent<HTMLFormElement>) => {
    if (!live) return;
    event.preventDefault();
    const body = fieldsOf(new FormData(event.currentTarget)).text("body").trim();
    if (!body) return setError(t("room.writeSomething"));
    setBusy(true);
    void onEdit(message.id, body).then((res) =>
      settle(res, () => {
        if (details.current) details.current.open = false;
      }),
    );
  };
  const submitDelete = (event: FormEvent<HTMLFormElement>) => {
    if (!live) return;
    event.preventDefault();
    setBusy(true);
    void onDelete(message.id).then((res) => settle(res));
  };
  return (
    <div className="chat-actions">
      <details ref={details}>
        <summary className="small-button">
          {t("room.edit")}
          <span className="sr-only"> {t("room.yourMessageAt", { time: when })}</span>
        </summary>
        <Form method="post" preventScrollReset onSubmit={submitEdit} className="chat-edit">
          <input type="hidden" name="intent" value={ROOM_INTENTS.editMessage} />
          <input type="hidden" name="messageId" value={message.id} />
          <label htmlFor={fieldId} className="sr-only">{t("room.editLabel")}</label>
          <textarea id={fieldId} name="body" defaultValue={message.body} maxLength={messageMax} rows={3} required />
          <button type="submit" className="small-button" disabled={busy}>{t("form.save")}</button>
        </Form>
      </details>
      {/* Two steps, with or without JavaScript: "Delete…" opens the question, its answer deletes. */}
      <details>
        <summary className="small-button">
          {t("room.delete")}
          <span className="sr-only"> {t("room.yourMessageAt", { time: when })}</span>
        </summary>
        <Form method="post" preventScrollReset onSubmit={submitDelete} className="chat-edit">
          <input type="hidden" name="intent" value={ROOM_INTENTS.deleteMessage} />
          <input type="hidden" name="messageId" value={message.id} />
          <span>{t("room.deleteAsk")}</span>
          <button type="submit" className="small-button danger" disabled={busy}>{t("room.deleteYes")}</button>
        </Form>
      </details>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </div>
  );
}

/** One stored message: a system message's facts in words, or a member's text with its author, time and state. */
export function ChatMessage({
  message: m,
  me,
  live,
  when,
  locale,
  ...actions
}: { message: MessagePayload; me: string; live: boolean; when: (iso: string) => string; locale: "id" | "en" } & MessageActions) {
  const t = useT();
  const photo = useChatPhoto(m.author?.id);
  const time = (
    <time className="muted small" dateTime={m.createdAt}>
      {when(m.createdAt)}
    </time>
  );
  if (m.kind === "system") {
    return (
      <li id={`m${m.seq}`} className="chat-msg chat-system" data-seq={m.seq}>
        <p className="chat-text chat-system-text">
          {/* An SVG, not the 📅 emoji: phones without an emoji font showed a blank box. */}
          <CalendarDays className="chat-system-icon" aria-hidden="true" focusable="false" size={18} />
          <span>{systemText(m, t, locale)}</span>
        </p>
        {time}
      </li>
    );
  }
  const mine = m.author?.id === me;
  return (
    <li id={`m${m.seq}`} className={mine ? "chat-msg chat-mine" : "chat-msg"} data-seq={m.seq}>
      <div className="chat-meta">
        {m.author ? <Avatar id={m.author.id} name={m.author.name} size="xs" photoUrl={photo} /> : null}
        <strong>{m.author?.name ?? t("room.someone")}</strong> {time}
        {m.editedAt && !m.deletedAt ? <span className="muted small"> · {t("room.edited")}</span> : null}
      </div>
      {m.deletedAt ? (
        <p className="chat-text muted chat-deleted">{t("room.deleted")}</p>
      ) : (
        <MessageText body={m.body} spans={m.mentionSpans} me={me} />
      )}
      {mine && !m.deletedAt ? <OwnMessageActions message={m} live={live} when={when(m.createdAt)} {...actions} /> : null}
    </li>
  );
}

/** One of my messages not yet confirmed: plain text (the server has not said who it mentions), sending or failed. */
export function PendingChatMessage({ pending: p, me, onRetry }: { pending: PendingMessage; me: { id: string; name: string }; onRetry: (clientId: string) => void }) {
  const t = useT();
  const failed = p.status === "failed";
  const state = failed ? t("room.failed") : p.status === "waiting" ? t("room.waiting") : t("room.sending");
  return (
    <li className="chat-msg chat-mine chat-pending" data-status={p.status}>
      <div className="chat-meta">
        <strong>{me.name}</strong> <span className={failed ? "small chat-failed" : "muted small"}>{state}</span>
      </div>
      <MessageText body={p.body} me={me.id} />
      {failed ? (
        <button type="button" className="small-button" onClick={() => onRetry(p.clientId)}>
          {t("room.retry")}
        </button>
      ) : null}
    </li>
  );
}
