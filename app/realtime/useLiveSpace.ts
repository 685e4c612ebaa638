import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";
import { useSocket, useSocketEvent } from "./socket";

/**
 * Watches a space over the socket (re-watching after every reconnect) and reloads the route's data, debounced,
 * when a booking or a check-in there changes. `refreshEveryMs` also reloads on a timer, for views that change
 * with the clock alone. Returns the connection status. Every listener and timer is removed on unmount.
 */
export function useLiveSpace(spaceId: string, opts: { refreshEveryMs?: number } = {}) {
  const { socket, status } = useSocket();
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(
    (payload: { spaceId: string }) => {
      if (payload.spaceId !== spaceId) return;
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(() => revalidate.current(), 150);
    },
    [spaceId],
  );
  useEffect(() => {
    if (!socket) return;
    const watch = () => socket.emit("space:watch", { spaceId }, () => {});
    if (socket.connected) watch();
    socket.on("connect", watch);
    return () => {
      socket.off("connect", watch);
      socket.emit("space:unwatch", { spaceId }, () => {});
    };
  }, [socket, spaceId]);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  const every = opts.refreshEveryMs;
  useEffect(() => {
    if (!every) return;
    const timer = setInterval(() => revalidate.current(), every);
    return () => clearInterval(timer);
  }, [every]);
  useSocketEvent("availability:changed", refresh);
  useSocketEvent("presence:space", refresh);
  return status;
}
