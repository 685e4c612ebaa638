import { useEffect, useMemo, useState, type KeyboardEvent, type RefObject } from "react";
import { mentionQuery } from "~/lib/chat-text";

type Member = { id: string; name: string };

const MAX_SUGGESTIONS = 6;

/**
 * Mention autocomplete for a textarea: the `@partial` before the caret suggests members whose name (or a word of
 * it) starts with it; arrows move, Enter or Tab picks (inserting `@Full Name `), Escape closes. Only a helper for
 * typing: who is mentioned is decided by the server when the message is stored.
 */
export function useMention({
  members,
  me,
  value,
  setValue,
  textRef,
  maxLength,
}: {
  members: Member[];
  me: string;
  value: string;
  setValue: (next: string) => void;
  textRef: RefObject<HTMLTextAreaElement | null>;
  maxLength: number;
}) {
  const [suggest, setSuggest] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);

  const candidates = useMemo(() => {
    if (!suggest) return [];
    const q = suggest.query.toLocaleLowerCase("id");
    return members
      .filter((m) => m.id !== me)
      .filter((m) => {
        const name = m.name.toLocaleLowerCase("id");
        return name.startsWith(q) || name.split(/\s+/).some((w) => w.startsWith(q));
      })
      .slice(0, MAX_SUGGESTIONS);
  }, [suggest, members, me]);
  const open = candidates.length > 0;

  useEffect(() => setActive(0), [suggest?.query]);

  /** Call with the field's text and caret on every change or caret move. */
  const track = (text: string, caret: number) => setSuggest(mentionQuery(text, caret));
  const close = () => setSuggest(null);

  const pick = (member: Member) => {
    if (!suggest) return;
    const el = textRef.current;
    const caret = el?.selectionStart ?? value.length;
    const insert = `@${member.name} `;
    setValue((value.slice(0, suggest.start) + insert + value.slice(caret)).slice(0, maxLength));
    setSuggest(null);
    const at = suggest.start + insert.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at, at);
    });
  };

  /** Handles the list's keys; true when the key was the list's (the caller then does nothing else with it). */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    const keys: Record<string, () => void> = {
      ArrowDown: () => setActive((i) => (i + 1) % candidates.length),
      ArrowUp: () => setActive((i) => (i - 1 + candidates.length) % candidates.length),
      Enter: () => pick(candidates[active] ?? candidates[0]!),
      Tab: () => pick(candidates[active] ?? candidates[0]!),
      Escape: close,
    };
    const handle = keys[event.key];
    if (!handle) return false;
    event.preventDefault();
    handle();
    return true;
  };

  return { candidates, open, active, track, close, pick, onKeyDown };
}
