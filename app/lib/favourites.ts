// Favourite desks and rooms on the page: pure ordering (the server marks which are starred).

/** Starred ones first, each group in the order given (stable). */
export function favouritesFirst<T extends { favourite: boolean }>(items: T[]): T[] {
  return [...items.filter((i) => i.favourite), ...items.filter((i) => !i.favourite)];
}
