import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../server/contract/realtime";

export type AppClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionStatus = "connecting" | "connected" | "disconnected";

type SocketState = { socket: AppClientSocket | null; status: ConnectionStatus };

const SocketContext = createContext<SocketState>({ socket: null, status: "disconnected" });

/**
 * One socket for the whole app, opened once a member is signed in. socket.io-client is loaded lazily so it
 * stays out of the first-load bundle; it reconnects by itself and the status is shown in the header.
 */
export function SocketProvider({ memberId, children }: { memberId: string | null; children: ReactNode }) {
  const [state, setState] = useState<SocketState>({ socket: null, status: memberId ? "connecting" : "disconnected" });

  useEffect(() => {
    if (!memberId) {
      setState({ socket: null, status: "disconnected" });
      return;
    }
    let socket: AppClientSocket | null = null;
    let cancelled = false;
    setState({ socket: null, status: "connecting" });
    void import("socket.io-client").then(({ io }) => {
      if (cancelled) return;
      const s: AppClientSocket = io({
        path: "/socket.io",
        transports: ["websocket", "polling"],
        tryAllTransports: true,
        withCredentials: true,
      });
      socket = s;
      const update = (status: ConnectionStatus) => setState({ socket: s, status });
      s.on("connect", () => update("connected"));
      s.on("disconnect", () => update("disconnected"));
      s.on("connect_error", () => update(s.active ? "connecting" : "disconnected"));
      s.io.on("reconnect_attempt", () => update("connecting"));
      // The session ended elsewhere (log-out in another tab, revoked): show the signed-out app.
      s.on("session:ended", ({ reason }) => {
        s.disconnect();
        window.location.assign(reason === "account_deleted" ? "/login?deleted=1" : "/login");
      });
      // Too many tabs: the server closed this, the oldest. Stay closed (reopening would push out another tab);
      // a reload reconnects.
      s.on("connection:replaced", () => {
        s.disconnect();
        update("disconnected");
      });
      update("connecting");
    });
    return () => {
      cancelled = true;
      socket?.disconnect();
    };
  }, [memberId]);

  return <SocketContext.Provider value={state}>{children}</SocketContext.Provider>;
}

export function useSocket(): SocketState {
  return useContext(SocketContext);
}

type Listeners = { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] } & {
  connect?: () => void;
  disconnect?: () => void;
};

/** Adds the listeners to the socket; returns the function that removes exactly those again. */
export function listen(socket: AppClientSocket, listeners: Listeners): () => void {
  const entries = Object.entries(listeners);
  for (const [event, listener] of entries) socket.on(event as never, listener as never);
  return () => {
    for (const [event, listener] of entries) socket.off(event as never, listener as never);
  };
}

/** Subscribes to a server event while mounted; always unsubscribes. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]) {
  const { socket } = useSocket();
  useEffect(() => {
    if (!socket) return;
    socket.on(event, handler as never);
    return () => {
      socket.off(event, handler as never);
    };
  }, [socket, event, handler]);
}
