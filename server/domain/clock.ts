/** The injectable clock: services read time only through it, so tests can fix or advance it. */
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `start`, moves only when told. */
/** A clock a test sets and moves by hand. */
export type FixedClock = Clock & { set: (d: Date | string) => void; advance: (ms: number) => void };

export function fixedClock(start: Date | string): FixedClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}
