import { Form } from "@remix-run/react";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useT, type Translate } from "~/i18n";
import { mentionQuery, splitMessage } from "~/lib/chat-text";
import { formatDate, formatInstant, hhmm, ymd } from "~/lib/time";
import type { MessagePayload } from "../../server/contract/realtime";
import type { MessageResult, PendingMessage } from "~/realtime/useProjectRoom";

export const MESSAGE_MAX = 4000;
/** The counter shows once fewer than this many characters are left. */
const COUNTER_FROM = 200;

type Member = { id: string; name: string };
type Meeting = { resourceName?: string; spaceName?: string; start?: string; end?: string };

export type ChatPanelProps = {
  me: Member;
  members: Member[];
  online: string[];
  typing: string[];
  messages: MessagePayload[];
  pending: PendingMessage[];
  locale: "id" | "en";
  /** The zone chat times are shown in. */
  zone: string;
  /** The no-JavaScript composer's client id (a fresh one per render of the page). */
  clientId: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** The seq "Load earlier messages" pages before (a GET form without JavaScript). */
  olderBefore: number | null;
  /** Set once the live room is joined: forms then go through the socket instead of a page post. */
  live: boolean;
  onLoadOlder: () => void;
  onSend: (body: string) => void;
  onRetry: (clientId: string) => void;
  onTyping: (typing: boolean) => void;
  onEdit: (messageId: string, body: string) => Promise<MessageResult>;
  onDelete: (messageId: string) => Promise<MessageResult>;
  /** An error from a page post of the composer (no JavaScript). */
  composerError?: string;
};

/** Plain text with line breaks (CSS), http(s) links and highlighted @mentions; React escapes everything. */
function MessageText({ body, members, me }: { body: string; members: Member[]; me: string }) {
  const parts = useMemo(() => splitMessage(body, members), [body, members]);
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

function systemText(m: MessagePayload, t: Translate, locale: "id" | "en"): string {
  const meetings = (m.data as { type?: string; meetings?: Meeting[] }).meetings;
  const first = meetings?.[0];
  if ((m.data as { type?: string }).type !== "meeting" || !first?.start || !first.end) return m.body;
  const text = t("room.meetingBooked", {
    name: m.author?.name ?? "",
    room: first.resourceName ?? "",
    space: first.spaceName ?? "",
    date: formatDate(ymd(first.start), locale),
    start: hhmm(first.start),
    end: hhmm(first.end),
  });
  return meetings && meetings.length > 1 ? `${text} ${t("room.meetingMore", { count: meetings.length - 1 })}` : text;
}

function typingText(names: string[], t: Translate): string {
  if (names.length === 0) return "";
  if (names.length === 1) return t("room.typingOne", { name: names[0]! });
  if (names.length === 2) return t("room.typingTwo", { a: names[0]!, b: names[1]! });
  return t("room.typingMany", { count: names.length });
}

function OwnMessageActions({
  message,
  live,
  onEdit,
  onDelete,
  when,
}: {
  message: MessagePayload;
  live: boolean;
  onEdit: ChatPanelProps["onEdit"];
  onDelete: ChatPanelProps["onDelete"];
  when: string;
}) {
  const t = useT();
  const details = useRef<HTMLDetailsElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = useId();

  const submitEdit = (event: FormEvent<HTMLFormElement>) => {
    if (!live) return;
    event.preventDefault();
    const body = String(new FormData(event.currentTarget).get("body") ?? "").trim();
    if (!body) return setError(t("room.writeSomething"));
    setBusy(true);
    void onEdit(message.id, body).then((res) => {
      setBusy(false);
      if (res.ok) {
        setError(null);
        if (details.current) details.current.open = false;
      } else setError(res.message || t("errors.generic"));
    });
  };
  const submitDelete = (event: FormEvent<HTMLFormElement>) => {
    if (!live) return;
    event.preventDefault();
    setBusy(true);
    void onDelete(message.id).then((res) => {
      setBusy(false);
      if (!res.ok) setError(res.message || t("errors.generic"));
    });
  };
  return (
    <div className="chat-actions">
      <details ref={details}>
        <summary className="small-button">
          {t("room.edit")}
          <span className="sr-only"> {t("room.yourMessageAt", { time: when })}</span>
        </summary>
        <Form method="post" preventScrollReset onSubmit={submitEdit} className="chat-edit">
          <input type="hidden" name="intent" value="edit-message" />
          <input type="hidden" name="messageId" value={message.id} />
          <label htmlFor={fieldId} className="sr-only">{t("room.editLabel")}</label>
          <textarea id={fieldId} name="body" defaultValue={message.body} maxLength={MESSAGE_MAX} rows={3} required />
          <button type="submit" className="small-button" disabled={busy}>{t("form.save")}</button>
        </Form>
      </details>
      <Form method="post" preventScrollReset onSubmit={submitDelete}>
        <input type="hidden" name="intent" value="delete-message" />
        <input type="hidden" name="messageId" value={message.id} />
        <button type="submit" className="small-button" disabled={busy}>
          {t("room.delete")}
          <span className="sr-only"> {t("room.yourMessageAt", { time: when })}</span>
        </button>
      </Form>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </div>
  );
}

export function ChatPanel(props: ChatPanelProps) {
  const { me, members, online, typing, messages, pending, locale, zone, live } = props;
  const t = useT();
  const names = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);
  const logRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState("");
  const [suggest, setSuggest] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const composerId = useId();
  const listId = `${composerId}-mentions`;
  const counterId = `${composerId}-counter`;
  const hintId = `${composerId}-hint`;

  const candidates = useMemo(() => {
    if (!suggest) return [];
    const q = suggest.query.toLocaleLowerCase("id");
    return members
      .filter((m) => m.id !== me.id)
      .filter((m) => m.name.toLocaleLowerCase("id").split(/\s+/).some((w) => w.startsWith(q)) || m.name.toLocaleLowerCase("id").startsWith(q))
      .slice(0, 6);
  }, [suggest, members, me.id]);
  const open = candidates.length > 0;

  // Keep the newest message in view when the reader is already at the bottom (or just sent something).
  const atBottom = useRef(true);
  const onScroll = () => {
    const el = logRef.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };
  const lastKey = `${messages[messages.length - 1]?.id ?? ""}:${pending.length}`;
  useEffect(() => {
    const el = logRef.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [lastKey]);

  useEffect(() => setActive(0), [suggest?.query]);

  const updateSuggest = (text: string, caret: number) => setSuggest(mentionQuery(text, caret));

  const pick = (member: Member) => {
    if (!suggest) return;
    const el = textRef.current;
    const caret = el?.selectionStart ?? value.length;
    const insert = `@${member.name} `;
    const next = value.slice(0, suggest.start) + insert + value.slice(caret);
    setValue(next.slice(0, MESSAGE_MAX));
    setSuggest(null);
    const at = suggest.start + insert.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at, at);
    });
  };

  const sendNow = () => {
    const body = value.trim();
    if (!body || body.length > MESSAGE_MAX) return;
    atBottom.current = true;
    props.onSend(body);
    setValue("");
    setSuggest(null);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (live) {
      event.preventDefault();
      sendNow();
      return;
    }
    // Not live (yet): the form posts to the page; clear the field once the post has read it.
    if (!value.trim()) {
      event.preventDefault();
      return;
    }
    props.onTyping(false);
    queueMicrotask(() => setValue(""));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        setActive((i) => (i + 1) % candidates.length);
        return;
      }
      if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive((i) => (i - 1 + candidates.length) % candidates.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(candidates[active] ?? candidates[0]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setSuggest(null);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  const remaining = MESSAGE_MAX - value.length;
  const typingNames = typing.map((id) => names.get(id)).filter((n): n is string => Boolean(n));
  const first = messages[0];
  const when = (iso: string) => formatInstant(iso, locale, zone);

  return (
    <section className="card chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{t("room.chat")}</h2>
      <ul className="presence" aria-label={t("room.members")} data-testid="presence">
        {members.map((m) => {
          const here = online.includes(m.id);
          return (
            <li key={m.id} data-online={here ? "true" : "false"}>
              <span className={here ? "dot dot-online" : "dot"} aria-hidden="true" />
              {m.name}
              {m.id === me.id ? <span className="muted"> ({t("room.you")})</span> : null}
              {here ? <span className="sr-only">, {t("room.online")}</span> : null}
            </li>
          );
        })}
      </ul>

      {props.hasOlder && first ? (
        <Form
          method="get"
          preventScrollReset
          className="chat-older"
          onSubmit={(event) => {
            if (!live) return;
            event.preventDefault();
            atBottom.current = false;
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
          {messages.map((m) => {
            const mine = m.author?.id === me.id;
            if (m.kind === "system") {
              return (
                <li key={m.id} id={`m${m.seq}`} className="chat-msg chat-system" data-seq={m.seq}>
                  <p className="chat-text">{systemText(m, t, locale)}</p>
                  <time className="muted small" dateTime={m.createdAt}>{when(m.createdAt)}</time>
                </li>
              );
            }
            return (
              <li key={m.id} id={`m${m.seq}`} className={mine ? "chat-msg chat-mine" : "chat-msg"} data-seq={m.seq}>
                <div className="chat-meta">
                  <strong>{m.author?.name ?? t("room.someone")}</strong>{" "}
                  <time className="muted small" dateTime={m.createdAt}>{when(m.createdAt)}</time>
                  {m.editedAt && !m.deletedAt ? <span className="muted small"> · {t("room.edited")}</span> : null}
                </div>
                {m.deletedAt ? (
                  <p className="chat-text muted chat-deleted">{t("room.deleted")}</p>
                ) : (
                  <MessageText body={m.body} members={members} me={me.id} />
                )}
                {mine && !m.deletedAt ? (
                  <OwnMessageActions message={m} live={live} onEdit={props.onEdit} onDelete={props.onDelete} when={when(m.createdAt)} />
                ) : null}
              </li>
            );
          })}
          {pending.map((p) => (
            <li key={p.clientId} className="chat-msg chat-mine chat-pending" data-status={p.status}>
              <div className="chat-meta">
                <strong>{me.name}</strong>{" "}
                <span className={p.status === "failed" ? "small chat-failed" : "muted small"}>
                  {p.status === "failed" ? t("room.failed") : t("room.sending")}
                </span>
              </div>
              <MessageText body={p.body} members={members} me={me.id} />
              {p.status === "failed" ? (
                <button type="button" className="small-button" onClick={() => props.onRetry(p.clientId)}>
                  {t("room.retry")}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      </div>

      <p className="typing muted small" aria-live="polite" data-testid="typing">
        {typingText(typingNames, t)}
      </p>

      <Form method="post" preventScrollReset className="composer" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="send" />
        <input type="hidden" name="clientId" value={props.clientId} />
        <label htmlFor={composerId}>{t("room.composerLabel")}</label>
        <p id={hintId} className="hint muted small">{t("room.composerHint")}</p>
        <textarea
          ref={textRef}
          id={composerId}
          name="body"
          rows={3}
          maxLength={MESSAGE_MAX}
          value={value}
          aria-describedby={`${hintId}${remaining <= COUNTER_FROM ? ` ${counterId}` : ""}${props.composerError ? ` ${composerId}-error` : ""}`}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          aria-invalid={props.composerError ? true : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            updateSuggest(e.target.value, e.target.selectionStart ?? e.target.value.length);
            if (e.target.value.trim()) props.onTyping(true);
          }}
          onSelect={(e) => updateSuggest(e.currentTarget.value, e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            props.onTyping(false);
            // Let a click on a suggestion land first.
            setTimeout(() => setSuggest(null), 150);
          }}
        />
        {open ? (
          <ul id={listId} role="listbox" className="mention-list" aria-label={t("room.mentionList")}>
            {candidates.map((m, i) => (
              <li
                key={m.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(m);
                }}
              >
                {m.name}
              </li>
            ))}
          </ul>
        ) : null}
        {props.composerError ? <p className="error form-error" id={`${composerId}-error`}>{props.composerError}</p> : null}
        <div className="composer-row">
          {remaining <= COUNTER_FROM ? (
            <span id={counterId} className={remaining < 0 ? "chat-failed small" : "muted small"} aria-live="polite">
              {t("room.charsLeft", { count: remaining })}
            </span>
          ) : (
            <span />
          )}
          <button type="submit" className="primary">{t("room.send")}</button>
        </div>
      </Form>
    </section>
  );
}
