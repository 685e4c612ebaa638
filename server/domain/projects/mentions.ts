/**
 * Who a message mentions: `@Full Name`, or `@First` when no other candidate shares that first name, matched
 * case-insensitively and only up to a word boundary ("@Sari" does not mention "Sarina").
 */
export function findMentions(body: string, candidates: Array<{ id: string; name: string }>): string[] {
  if (!body.includes("@")) return [];
  const text = body.toLocaleLowerCase("id");
  const firstNames = new Map<string, number>();
  for (const c of candidates) {
    const first = firstName(c.name);
    firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
  }
  const found: string[] = [];
  for (const c of candidates) {
    const full = c.name.trim().toLocaleLowerCase("id");
    const first = firstName(c.name);
    if (!full) continue;
    if (mentioned(text, full) || (firstNames.get(first) === 1 && mentioned(text, first))) found.push(c.id);
  }
  return found;
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0]?.toLocaleLowerCase("id") ?? "";
}

function mentioned(text: string, name: string): boolean {
  if (!name) return false;
  let from = 0;
  for (;;) {
    const at = text.indexOf(`@${name}`, from);
    if (at < 0) return false;
    const next = text[at + name.length + 1];
    if (next === undefined || !/[\p{L}\p{N}_]/u.test(next)) return true;
    from = at + 1;
  }
}
