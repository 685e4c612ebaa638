// The mention rules, once: who a message mentions and where. Pure; the server applies them when a message is
// written and stores the spans with it, and the browser highlights exactly those spans (it never guesses).

/** Where a mention sits in a message body: UTF-16 offsets, `end` exclusive, the `@` included. */
export type MentionSpan = { memberId: string; start: number; end: number };

type Candidate = { id: string; name: string };

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);

/** Whether `name` is written at `at` in `body` (case-insensitive) and ends at a word boundary. */
function writtenAt(body: string, at: number, name: string): boolean {
  const written = body.slice(at, at + name.length);
  return (
    written.length === name.length &&
    written.toLocaleLowerCase("id") === name.toLocaleLowerCase("id") &&
    !isWordChar(body[at + name.length])
  );
}

/**
 * Where a message mentions the candidates, in text order: `@Full Name`, or `@First` when no other candidate
 * shares that first name; case-insensitive, only up to a word boundary ("@Sari" does not mention "Sarina"), and
 * never inside a word or an address ("sari@contoh.id"). The longest name written wins ("@Sari Lestari" over a
 * member called "Sari").
 */
export function findMentionSpans(body: string, candidates: Candidate[]): MentionSpan[] {
  if (!body.includes("@")) return [];
  const people = candidates.map((c) => ({ id: c.id, full: c.name.trim(), first: c.name.trim().split(/\s+/)[0] ?? "" }));
  const firstCount = new Map<string, number>();
  for (const p of people) firstCount.set(p.first.toLocaleLowerCase("id"), (firstCount.get(p.first.toLocaleLowerCase("id")) ?? 0) + 1);
  const names = people
    .flatMap((p) => {
      if (!p.full) return [];
      const byFirst = p.first !== p.full && firstCount.get(p.first.toLocaleLowerCase("id")) === 1;
      return byFirst ? [{ id: p.id, name: p.full }, { id: p.id, name: p.first }] : [{ id: p.id, name: p.full }];
    })
    .sort((a, b) => b.name.length - a.name.length);
  const spans: MentionSpan[] = [];
  for (let at = body.indexOf("@"); at >= 0; at = body.indexOf("@", at + 1)) {
    if (isWordChar(body[at - 1])) continue;
    const hit = names.find((n) => writtenAt(body, at + 1, n.name));
    if (!hit) continue;
    const end = at + 1 + hit.name.length;
    spans.push({ memberId: hit.id, start: at, end });
    at = end - 1;
  }
  return spans;
}

/** Who the spans mention, each once, in the order they are first mentioned. */
export function mentionedIds(spans: MentionSpan[]): string[] {
  return [...new Set(spans.map((s) => s.memberId))];
}
