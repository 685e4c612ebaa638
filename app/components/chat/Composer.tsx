import { Form } from "@remix-run/react";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useT } from "~/i18n";
import { ROOM_INTENTS } from "~/lib/intents";
import { useMention } from "./useMention";

/** The counter shows once fewer than this many characters are left. */
const COUNTER_FROM = 200;

export type ComposerProps = {
  me: string;
  members: Array<{ id: string; name: string }>;
  /** The no-JavaScript composer's client id (a fresh one per render of the page). */
  clientId: string;
  /** The longest message the server takes (from the load context). */
  messageMax: number;
  onSend: (body: string) => void;
  onTyping: (typing: boolean) => void;
  /** An error from a page post of the composer (no JavaScript). */
  error?: string;
  /** The line under the label (default: how to send, and that `@` mentions someone). */
  hint?: string;
};

/** Writes a message: Enter sends, Shift+Enter breaks the line, `@` suggests members; posts the page without JavaScript. */
export function Composer({ me, members, clientId, messageMax, onSend, onTyping, error, hint }: ComposerProps) {
  const t = useT();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState("");
  const mention = useMention({ members, me, value, setValue, textRef, maxLength: messageMax });
  const fieldId = useId();
  const listId = `${fieldId}-mentions`;
  const counterId = `${fieldId}-counter`;
  const hintId = `${fieldId}-hint`;
  const errorId = `${fieldId}-error`;

  const sendNow = () => {
    const body = value.trim();
    if (!body || body.length > messageMax) return;
    onSend(body);
    setValue("");
    mention.close();
  };

  // With JavaScript a message always goes into the outbox, live or not: it shows at once and goes out when the
  // room is (back) online, even after a reload. Only without JavaScript does the form post the page.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    sendNow();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mention.onKeyDown(event)) return;
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  const remaining = messageMax - value.length;
  const describedBy = [hintId, remaining <= COUNTER_FROM ? counterId : null, error ? errorId : null].filter(Boolean).join(" ");

  return (
    <Form method="post" preventScrollReset className="composer" onSubmit={onSubmit}>
      <input type="hidden" name="intent" value={ROOM_INTENTS.send} />
      <input type="hidden" name="clientId" value={clientId} />
      <label htmlFor={fieldId}>{t("room.composerLabel")}</label>
      <p id={hintId} className="hint muted small">{hint ?? t("room.composerHint")}</p>
      <textarea
        ref={textRef}
        id={fieldId}
        name="body"
        rows={3}
        maxLength={messageMax}
        value={value}
        aria-describedby={describedBy}
        aria-autocomplete="list"
        aria-controls={mention.open ? listId : undefined}
        aria-activedescendant={mention.open ? `${listId}-${mention.active}` : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          mention.track(e.target.value, e.target.selectionStart ?? e.target.value.length);
          if (e.target.value.trim()) onTyping(true);
        }}
        onSelect={(e) => mention.track(e.currentTarget.value, e.currentTarget.selectionStart ?? 0)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          onTyping(false);
          // Let a click on a suggestion land first.
          setTimeout(mention.close, 150);
        }}
      />
      {mention.open ? (
        <ul id={listId} role="listbox" className="mention-list" aria-label={t("room.mentionList")}>
          {mention.candidates.map((m, i) => (
            <li
              key={m.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === mention.active}
              onMouseDown={(e) => {
                e.preventDefault();
                mention.pick(m);
              }}
            >
              {m.name}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <p className="error form-error" id={errorId}>{error}</p> : null}
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
  );
}
