// A person's avatar: their photo when there is one, else their initials on a colour derived from their id (the
// same person has the same colour on every page and device). Colours are the --avatar-0…7 tokens: white initials
// pass WCAG AA on each, in light and dark.

export const AVATAR_COLOURS = 8;

/** Up to two initials: the first letters of the first and last words ("Siti Rahma Lestari" → "SL"). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (w: string | undefined) => (w ? (Array.from(w)[0] ?? "") : "");
  const letters = first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : "");
  return letters.toLocaleUpperCase() || "?";
}

/** A stable colour index for an id (FNV-1a over its characters). */
export function avatarColour(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % AVATAR_COLOURS;
}

export type AvatarSize = "xs" | "sm" | "md" | "lg" | "xl";

/**
 * Decorative by default (the name is written next to it). Pass `label` when the avatar stands alone, so it is
 * announced as an image with that name: a photo carries it as its alt text, initials as the span's label.
 * `photoUrl` is the member's photo (the 64 px thumb in lists); without one, their initials show.
 */
export function Avatar({ id, name, size = "sm", photoUrl, label }: { id: string; name: string; size?: AvatarSize; photoUrl?: string | null; label?: string }) {
  const className = `avatar avatar-${size} avatar-c${avatarColour(id)}`;
  if (photoUrl) {
    return (
      <span className={`${className} avatar-photo`} {...(label ? {} : { "aria-hidden": true as const })}>
        <img src={photoUrl} alt={label ?? ""} loading="lazy" decoding="async" />
      </span>
    );
  }
  const a11y = label ? { role: "img", "aria-label": label } : { "aria-hidden": true as const };
  return (
    <span className={className} data-initials={initialsOf(name)} {...a11y}>
      {initialsOf(name)}
    </span>
  );
}
