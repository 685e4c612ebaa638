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

function splitMentions(text: string, members: Array<{ id: string; name: string }>): TextPart[] {
  if (!text.includes("@") || members.length === 0) return [{ kind: "text", text }];
  // Longest names first, so "@Sari Lestari" wins over a member called "Sari".
  const names = members
    .filter((m) => m.name.trim())
    .map((m) => ({ id: m.id, name: m.name.trim() }))
    .sort((a, b) => b.name.length - a.name.length);
  const lower = text.toLocaleLowerCase("id");
  const parts: TextPart[] = [];
  let last = 0;
  let i = lower.indexOf("@");
  while (i >= 0) {
    const hit = names.find((n) => {
      const name = n.name.toLocaleLowerCase("id");
      return lower.startsWith(name, i + 1) && !isWordChar(lower[i + 1 + name.length]);
    });
    if (hit) {
      if (i > last) parts.push({ kind: "text", text: text.slice(last, i) });
      const end = i + 1 + hit.name.length;
      parts.push({ kind: "mention", text: text.slice(i, end), memberId: hit.id });
      last = end;
      i = lower.indexOf("@", end);
    } else {
      i = lower.indexOf("@", i + 1);
    }
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

/**
 * Splits a message body into plain-text parts for rendering as React children (React escapes the text; no HTML
 * is ever interpreted). Links first, then mentions inside the remaining text.
 */
export function splitMessage(body: string, members: Array<{ id: string; name: string }>): TextPart[] {
  return splitLinks(body).flatMap((p) => (p.kind === "text" ? splitMentions(p.text, members) : [p]));
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
