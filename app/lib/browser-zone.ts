import { startTransition, useEffect, useState } from "react";
import { browserTimeZone } from "./time";

/** The zone instants are shown in before the browser's is known (on the server, while hydrating). */
export const DEFAULT_ZONE = "Asia/Jakarta";

/**
 * The zone to show instants (chat times, "last seen") in: `fallback` on the server and while hydrating, so both
 * render the same text, then the browser's own — as a transition, so re-rendering a long list yields to the browser.
 */
export function useBrowserZone(fallback: string = DEFAULT_ZONE): string {
  const [zone, setZone] = useState(fallback);
  useEffect(() => {
    const browserZone = browserTimeZone() ?? fallback;
    startTransition(() => setZone(browserZone));
  }, [fallback]);
  return zone;
}
