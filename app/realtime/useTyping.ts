import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { MessagePayload } from "../../server/contract/realtime";
import { listen, type AppClientSocket } from "./socket";

const TYPING_TTL_MS = 5_000;
const TYPING_EVERY_MS = 3_000;

/**
 * Who else is typing in the room (volatile: an indicator expires unless refreshed, and ends with their message),
 * and `setTyping` to say so oneself, at most every few seconds. Every listener and timer is removed on unmount.
 */
export function useTyping(socket: AppClientSocket | null, projectId: string, me: string) {
  const [until, setUntil] = useState<Record<string, number>>({});
  const sent = useRef(0);

  useEffect(() => {
    if (!socket) return;
    const drop = (memberId: string) => setUntil(({ [memberId]: _gone, ...rest }) => rest);
    const onTyping = ({ projectId: pid, memberId, typing }: { projectId: string; memberId: string; typing: boolean }) => {
      if (pid !== projectId || memberId === me) return;
      if (typing) setUntil((all) => ({ ...all, [memberId]: Date.now() + TYPING_TTL_MS }));
      else drop(memberId);
    };
    const onMessage = ({ projectId: pid, message }: { projectId: string; message: MessagePayload }) => {
      if (pid === projectId && message.author) drop(message.author.id);
    };
    const onDisconnect = () => setUntil({});
    const unlisten = listen(socket, { typing: onTyping, "message:new": onMessage, "message:updated": onMessage, disconnect: onDisconnect });
    return () => {
      unlisten();
      if (socket.connected && sent.current) socket.emit("typing", { projectId, typing: false });
      sent.current = 0;
      setUntil({});
    };
    // `me` is the signed-in member: it cannot change while the room is open.
  }, [socket, projectId]);

  // Indicators expire when not refreshed.
  const typing = useMemo(() => Object.keys(until), [until]);
  useEffect(() => {
    if (typing.length === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setUntil((all) => {
        const keep = Object.entries(all).filter(([, t]) => t > now);
        return keep.length === Object.keys(all).length ? all : Object.fromEntries(keep);
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typing.length]);

  const setTyping = useCallback(
    (on: boolean) => {
      if (!socket?.connected) return;
      if (on) {
        if (Date.now() - sent.current < TYPING_EVERY_MS) return;
        sent.current = Date.now();
        socket.emit("typing", { projectId, typing: true });
      } else if (sent.current) {
        sent.current = 0;
        socket.emit("typing", { projectId, typing: false });
      }
    },
    [socket, projectId],
  );

  return { typing, setTyping };
}
