import { useLocation, useMatches } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { MessagePayload } from "../../server/contract/realtime";
import { useSocketEvent } from "./socket";

type UnreadState = {
  /** Unread messages over all my projects, except the room being viewed. */
  total: number;
  /** Unread direct messages over all my conversations, except the one being viewed. */
  direct: number;
  /** Messages that arrived live for a room (a project's or a conversation's) since its count was last loaded. */
  extraFor: (projectId: string) => number;
  /** Whether a room is a direct conversation (not a project). */
  isDirect: (projectId: string) => boolean;
  /** The room that is open in this tab (its messages are being read). */
  viewing: string | null;
};

const UnreadContext = createContext<UnreadState>({ total: 0, direct: 0, extraFor: () => 0, isDirect: () => false, viewing: null });

const ROOM_PATH = /^\/projects\/([^/]+)\/?$/;

/** A route that shows a room without its id in the path (a conversation, by the other member) names it in its handle. */
export type ViewingRoomHandle = { viewingRoom: (data: unknown) => string | null | undefined };

function useViewingRoom(): string | null {
  const fromPath = ROOM_PATH.exec(useLocation().pathname)?.[1] ?? null;
  const matches = useMatches();
  if (fromPath) return fromPath;
  for (const m of matches) {
    const handle = m.handle as Partial<ViewingRoomHandle> | undefined;
    const id = handle?.viewingRoom?.(m.data);
    if (id) return id;
  }
  return null;
}

/**
 * Live unread counts for the nav, the projects list and the conversations list. The counts per room come from the
 * root loader (projects and direct conversations apart); new messages from others (every socket follows all its
 * member's rooms) are added on top until the next load. A conversation opened since (`project:membership` with
 * kind "direct") counts as direct from then on. One `message:new` listener for the whole app.
 */
export function UnreadProvider({
  me,
  initial,
  direct,
  children,
}: {
  me: string | null;
  initial: Record<string, number>;
  direct: { unread: Record<string, number>; rooms: string[] };
  children: ReactNode;
}) {
  const viewing = useViewingRoom();
  const viewingRef = useRef(viewing);
  viewingRef.current = viewing;
  const [extra, setExtra] = useState<Record<string, number>>({});
  const [opened, setOpened] = useState<string[]>([]);
  // Fresh counts from the loader replace what was counted live.
  useEffect(() => setExtra({}), [initial, direct]);
  const onNew = useCallback(
    ({ projectId, message }: { projectId: string; message: MessagePayload }) => {
      if (!me || message.author?.id === me || projectId === viewingRef.current) return;
      setExtra((e) => ({ ...e, [projectId]: (e[projectId] ?? 0) + 1 }));
    },
    [me],
  );
  useSocketEvent("message:new", onNew);
  const onMembership = useCallback(({ projectId, change, kind }: { projectId: string; change: "added" | "removed"; kind: "team" | "direct" }) => {
    if (kind === "direct" && change === "added") setOpened((ids) => (ids.includes(projectId) ? ids : [...ids, projectId]));
  }, []);
  useSocketEvent("project:membership", onMembership);
  const value = useMemo<UnreadState>(() => {
    const directRooms = new Set([...direct.rooms, ...opened]);
    let total = 0;
    let directTotal = 0;
    for (const [id, n] of [...Object.entries(initial), ...Object.entries(direct.unread), ...Object.entries(extra)]) {
      if (id === viewing) continue;
      if (directRooms.has(id)) directTotal += n;
      else total += n;
    }
    return {
      total,
      direct: directTotal,
      extraFor: (id) => (id === viewing ? 0 : (extra[id] ?? 0)),
      isDirect: (id) => directRooms.has(id),
      viewing,
    };
  }, [initial, direct, extra, opened, viewing]);
  return <UnreadContext.Provider value={value}>{children}</UnreadContext.Provider>;
}

export function useUnread(): UnreadState {
  return useContext(UnreadContext);
}
