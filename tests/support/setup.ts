import { afterEach, beforeEach, expect, vi } from "vitest";

// console.error during a test fails it: errors must be asserted, not printed.
let spy: ReturnType<typeof vi.spyOn> | undefined;
beforeEach(() => {
  spy = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = spy?.mock.calls ?? [];
  spy?.mockRestore();
  expect(calls, "console.error was called during the test").toEqual([]);
});
