import { useEffect, useRef, useState, type Dispatch } from "react";
import type { JoinAck, MessagePayload } from "../../server/contract/realtime";
import { fetchMessagePage } from "./history";
import { pageFrom, type RoomAction } from "./room-state";
import { listen, type AppClientSocket } from "./socket";

const PAGE = 100;

/**
 * The room's events: joins on mount and on every (re)connect with the seq the room is complete up to (`cursor`),
 * pages through a gap the join ack could not carry (`hasMore`), feeds every live message and task into the room
 * state, and leaves (removing every listener it added) on unmount. Returns who is here and whether the room is
 * joined, or that this member was removed from it.
 */
export function useRoomSubscription(socket: AppClientSocket | null, projectId: string, cursor: number, dispatch: Dispatch<RoomAction>) {
  const [online, setOnline] = useState<string[]>([]);
  const [joined, setJoined] = useState(false);
  const [removed, setRemoved] = useState(false);
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;

  useEffect(() => {
    if (!socket) return;
    let active = true;
    let retry: ReturnType<typeof setTimeout> | null = null;

    /** Reads the rest of a gap; true when it got to the end. */
    const pageForward = async (after: number): Promise<boolean> => {
      for (let from = after; ; ) {
        const page = await fetchMessagePage(projectId, { afterSeq: from }, PAGE);
        if (!page || !active) return false;
        dispatch({ type: "page", items: page.items });
        const last = page.items[page.items.length - 1];
        if (!page.hasMore || !last) return true;
        from = last.seq;
      }
    };

    const onJoined = async (ack: JoinAck) => {
      setOnline(ack.online);
      dispatch({ type: "joined", ack });
      const from = pageFrom(ack);
      if (from !== null && (await pageForward(from)) && active) dispatch({ type: "caughtUp", lastSeq: ack.lastSeq });
      if (active) setJoined(true);
    };

    const join = () => {
      if (retry) clearTimeout(retry);
      socket.emit("project:join", { projectId, afterSeq: cursorRef.current }, (res) => {
        if (!active) return;
        if (res.ok) void onJoined(res);
        else if (res.error.code === "rate_limited") retry = setTimeout(join, (res.error.retryAfter ?? 1) * 1000);
        else if (res.error.code === "not_found") setRemoved(true);
      });
    };

    const onMessage = ({ projectId: pid, message }: { projectId: string; message: MessagePayload }) => {
      if (pid === projectId) dispatch({ type: "message", message });
    };

    if (socket.connected) join();
    const unlisten = listen(socket, {
      connect: join,
      disconnect: () => {
        setJoined(false);
        setOnline([]);
      },
      "message:new": onMessage,
      "message:updated": onMessage,
      "task:changed": ({ projectId: pid, task }) => pid === projectId && dispatch({ type: "task", task }),
      presence: ({ projectId: pid, online: ids }) => pid === projectId && setOnline(ids),
      "project:membership": ({ projectId: pid, change }) => pid === projectId && change === "removed" && setRemoved(true),
    });

    return () => {
      active = false;
      if (retry) clearTimeout(retry);
      unlisten();
      if (socket.connected) socket.emit("project:leave", { projectId }, () => {});
      setJoined(false);
    };
  }, [socket, projectId, dispatch]);

  return { online, joined, removed };
}
