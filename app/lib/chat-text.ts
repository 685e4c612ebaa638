import type { MessagePayload } from "../../server/contract/realtime";

/** The pieces of a chat message's plain text: text, links (http/https only) and @mentions of project members. */
export type TextPart =
  | { kind: "text"; text: string }
  | { kind: "link"; text: string; href: string }
  | { kind: "mention"; text: string; memberId: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
// Trailing punctuation is usually the sentence's, not the address's.
const TRAILING = /[.,;:!?)\]}'"]+$/;

function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let href = m[0];
    const trail = TRAILING.exec(href)?.[0] ?? "";
    // Keep a closing parenthesis that closes one opened inside the address (Wikipedia-style links).
    const keep = trail.startsWith(")") && href.slice(0, -trail.length).includes("(") ? 1 : 0;
    href = href.slice(0, href.length - trail.length + keep);
    const at = m.index ?? 0;
    if (at > last) parts.push({ kind: "text", text: text.slice(last, at) });
    let safe = false;
    try {
      const url = new URL(href);
      safe = url.protocol === "http:" || url.protocol === "https:";
    } catch {
      safe = false;
    }
    parts.push(safe ? { kind: "link", text: href, href } : { kind: "text", text: href });
    last = at + href.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);

/** Where the server found a mention (its rules: server/domain/projects/mentions.ts): offsets into the body. */
export type MentionSpan = MessagePayload["mentionSpans"][number];

/** Cuts the mention spans out of a text part that starts at `offset` in the body. */
function splitMentions(text: string, offset: number, spans: MentionSpan[]): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const span of spans) {
    const start = span.start - offset;
    const end = span.end - offset;
    if (start < last || end > text.length) continue;
    if (start > last) parts.push({ kind: "text", text: text.slice(last, start) });
    parts.push({ kind: "mention", text: text.slice(start, end), memberId: span.memberId });
    last = end;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

/**
 * Splits a message body into plain-text parts for rendering as React children (React escapes the text; no HTML
 * is ever interpreted): links found here, mentions exactly where the server says (`spans`; a link wins over a
 * mention inside it). A message the server has not confirmed yet has no spans: plain text and links.
 */
export function splitMessage(body: string, spans: MentionSpan[] = []): TextPart[] {
  const ordered = [...spans].sort((a, b) => a.start - b.start);
  let offset = 0;
  return splitLinks(body).flatMap((p) => {
    const at = offset;
    offset += p.text.length;
    return p.kind === "text" ? splitMentions(p.text, at, ordered) : [p];
  });
}

/** The `@partial` being typed just before the caret, if any (for mention autocomplete). */
export function mentionQuery(value: string, caret: number): { start: number; query: string } | null {
  const before = value.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  if (at > 0 && isWordChar(before[at - 1])) return null;
  const query = before.slice(at + 1);
  // Up to two words ("@Sari Les"), no line breaks.
  if (query.length > 40 || /\n/.test(query) || query.split(" ").length > 3) return null;
  return { start: at, query };
}

/** A client id for an outgoing message (also works where crypto.randomUUID is unavailable: plain http). */
export function newClientId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
