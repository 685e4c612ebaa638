import { useLocation } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { MessagePayload } from "../../server/contract/realtime";
import { useSocketEvent } from "./socket";

type UnreadState = {
  /** Unread messages over all my projects, except the room being viewed. */
  total: number;
  /** Messages that arrived live for a project since its count was last loaded. */
  extraFor: (projectId: string) => number;
  /** The project whose room is open in this tab (its messages are being read). */
  viewing: string | null;
};

const UnreadContext = createContext<UnreadState>({ total: 0, extraFor: () => 0, viewing: null });

const ROOM_PATH = /^\/projects\/([^/]+)\/?$/;

/**
 * Live unread counts for the nav and the projects list. The counts per project come from the root loader; new
 * messages from others (every socket follows all its member's rooms) are added on top until the next load.
 * One `message:new` listener for the whole app.
 */
export function UnreadProvider({ me, initial, children }: { me: string | null; initial: Record<string, number>; children: ReactNode }) {
  const viewing = ROOM_PATH.exec(useLocation().pathname)?.[1] ?? null;
  const viewingRef = useRef(viewing);
  viewingRef.current = viewing;
  const [extra, setExtra] = useState<Record<string, number>>({});
  // Fresh counts from the loader replace what was counted live.
  useEffect(() => setExtra({}), [initial]);
  const onNew = useCallback(
    ({ projectId, message }: { projectId: string; message: MessagePayload }) => {
      if (!me || message.author?.id === me || projectId === viewingRef.current) return;
      setExtra((e) => ({ ...e, [projectId]: (e[projectId] ?? 0) + 1 }));
    },
    [me],
  );
  useSocketEvent("message:new", onNew);
  const value = useMemo<UnreadState>(() => {
    let total = 0;
    for (const [id, n] of Object.entries(initial)) if (id !== viewing) total += n;
    for (const [id, n] of Object.entries(extra)) if (id !== viewing) total += n;
    return { total, extraFor: (id) => (id === viewing ? 0 : (extra[id] ?? 0)), viewing };
  }, [initial, extra, viewing]);
  return <UnreadContext.Provider value={value}>{children}</UnreadContext.Provider>;
}

export function useUnread(): UnreadState {
  return useContext(UnreadContext);
}
