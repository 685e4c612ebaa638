import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { newClientId } from "~/lib/chat-text";
import type { AckError, JoinAck, MessagePayload, TaskPayload } from "../../server/contract/realtime";
import { useSocket, type AppClientSocket } from "./socket";

/** An outgoing message not yet confirmed by the server. A retry re-sends it with the same client id. */
export type PendingMessage = { clientId: string; body: string; status: "pending" | "failed"; error?: string };

export type TaskChanges = { title?: string; status?: TaskPayload["status"]; assigneeId?: string | null; position?: number };
export type TaskResult = { ok: true; task: TaskPayload } | { ok: false; code: string; message: string };
export type MessageResult = { ok: true } | { ok: false; code: string; message: string };

type Initial = {
  messages: MessagePayload[];
  hasOlder: boolean;
  tasks: TaskPayload[];
  /** The seq the loader's data is complete up to: the first join asks for everything after it. */
  cursor: number;
};

const ACK_TIMEOUT_MS = 10_000;
const TYPING_TTL_MS = 5_000;
const TYPING_EVERY_MS = 3_000;
const PAGE = 100;

const bySeq = (a: MessagePayload, b: MessagePayload) => a.seq - b.seq;

/** Adds or replaces messages by id; a copy never replaces a newer change of the same message. */
function mergeMessages(list: MessagePayload[], incoming: MessagePayload[]): MessagePayload[] {
  if (incoming.length === 0) return list;
  const byId = new Map(list.map((m) => [m.id, m]));
  let changed = false;
  for (const m of incoming) {
    const old = byId.get(m.id);
    if (!old || m.updatedSeq > old.updatedSeq) {
      byId.set(m.id, m);
      changed = true;
    }
  }
  return changed ? [...byId.values()].sort(bySeq) : list;
}

/** Adds or replaces tasks by id when the incoming version is newer. */
function mergeTasks(list: TaskPayload[], incoming: TaskPayload[]): TaskPayload[] {
  if (incoming.length === 0) return list;
  const byId = new Map(list.map((t) => [t.id, t]));
  let changed = false;
  for (const t of incoming) {
    const old = byId.get(t.id);
    if (!old || t.version > old.version || (t.version === old.version && t.seq > old.seq)) {
      byId.set(t.id, t);
      changed = true;
    }
  }
  return changed ? [...byId.values()] : list;
}

function ackError(error: AckError | Error | null | undefined): { code: string; message: string } {
  if (!error) return { code: "internal", message: "" };
  if (error instanceof Error) return { code: "timeout", message: error.message };
  return { code: error.code, message: error.message };
}

/**
 * One project room, live: joins on mount and on every (re)connect with the seq it is caught up to, merges the
 * gap and the live events, and leaves (removing every listener it added) on unmount.
 *
 * The cursor only moves over seqs it has seen without a hole (every persisted room event has its own seq), or to
 * the join ack's `lastSeq` once the gap has been paged to its end, so a reconnect never skips an event.
 */
export function useProjectRoom(projectId: string, me: string, initial: Initial) {
  const { socket, status } = useSocket();
  const [messages, setMessages] = useState<MessagePayload[]>(() => [...initial.messages].sort(bySeq));
  const [hasOlder, setHasOlder] = useState(initial.hasOlder);
  const [tasks, setTasks] = useState<TaskPayload[]>(initial.tasks);
  const [online, setOnline] = useState<string[]>([]);
  const [typingUntil, setTypingUntil] = useState<Record<string, number>>({});
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [joined, setJoined] = useState(false);
  const [removed, setRemoved] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);

  const cursor = useRef(initial.cursor);
  const seen = useRef(new Set<number>());
  const readSent = useRef(0);
  const highest = useRef(Math.max(initial.cursor, ...initial.messages.map((m) => m.updatedSeq)));
  const typingSent = useRef(0);
  const socketRef = useRef<AppClientSocket | null>(null);
  socketRef.current = socket;

  // Loader data (first render, and after every form post or revalidation) merges into the live state.
  useEffect(() => {
    setMessages((list) => mergeMessages(list, initial.messages));
    setTasks((list) => mergeTasks(list, initial.tasks));
  }, [initial]);

  /** Records a seq seen live and moves the cursor over every seq that is now without a hole. */
  const noteSeq = useCallback((seq: number) => {
    highest.current = Math.max(highest.current, seq);
    if (seq <= cursor.current) return;
    seen.current.add(seq);
    while (seen.current.has(cursor.current + 1)) {
      cursor.current += 1;
      seen.current.delete(cursor.current);
    }
  }, []);

  const markRead = useCallback(() => {
    const s = socketRef.current;
    if (!s?.connected || typeof document === "undefined" || document.visibilityState !== "visible") return;
    const seq = highest.current;
    if (seq <= readSent.current) return;
    readSent.current = seq;
    s.emit("project:read", { projectId, seq }, (res) => {
      if (!res.ok) readSent.current = 0;
    });
  }, [projectId]);

  const readTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleRead = useCallback(() => {
    if (readTimer.current) return;
    readTimer.current = setTimeout(() => {
      readTimer.current = null;
      markRead();
    }, 400);
  }, [markRead]);

  // Join, live events, leave. Every listener added here is removed in the clean-up.
  useEffect(() => {
    if (!socket) return;
    let active = true;
    let retry: ReturnType<typeof setTimeout> | null = null;

    const pageForward = async (after: number): Promise<boolean> => {
      let from = after;
      for (;;) {
        const res = await fetch(`/api/v1/projects/${projectId}/messages?afterSeq=${from}&limit=${PAGE}`, {
          credentials: "same-origin",
          headers: { accept: "application/json" },
        });
        if (!res.ok) return false;
        const page = (await res.json()) as { items: MessagePayload[]; hasMore: boolean };
        if (!active) return false;
        setMessages((list) => mergeMessages(list, page.items));
        const last = page.items[page.items.length - 1];
        if (!page.hasMore || !last) return true;
        from = last.seq;
      }
    };

    const onJoined = async (res: JoinAck) => {
      setOnline(res.online);
      setMessages((list) => mergeMessages(list, [...res.missed, ...res.updated]));
      const delivered = new Set(res.missed.filter((m) => m.author?.id === me).map((m) => m.clientId));
      if (delivered.size) setPending((list) => list.filter((p) => !delivered.has(p.clientId)));
      setTasks((list) => mergeTasks(list, res.tasks));
      const last = res.missed[res.missed.length - 1];
      const complete = res.hasMore && last ? await pageForward(last.seq) : true;
      if (!active) return;
      if (complete && res.lastSeq > cursor.current) {
        cursor.current = res.lastSeq;
        for (const s of [...seen.current]) if (s <= res.lastSeq) seen.current.delete(s);
        noteSeq(cursor.current);
      }
      highest.current = Math.max(highest.current, res.lastSeq);
      setJoined(true);
      markRead();
    };

    const join = () => {
      if (retry) clearTimeout(retry);
      socket.emit("project:join", { projectId, afterSeq: cursor.current }, (res) => {
        if (!active) return;
        if (res.ok) {
          void onJoined(res);
        } else if (res.error.code === "rate_limited") {
          retry = setTimeout(join, (res.error.retryAfter ?? 1) * 1000);
        } else if (res.error.code === "not_found") {
          setRemoved(true);
        }
      });
    };
    const onDisconnect = () => {
      setJoined(false);
      setOnline([]);
      setTypingUntil({});
    };
    const onMessage = ({ projectId: pid, message }: { projectId: string; message: MessagePayload }) => {
      if (pid !== projectId) return;
      setMessages((list) => mergeMessages(list, [message]));
      if (message.clientId && message.author?.id === me) {
        setPending((list) => list.filter((p) => p.clientId !== message.clientId));
      }
      const authorId = message.author?.id;
      if (authorId) setTypingUntil(({ [authorId]: _gone, ...rest }) => rest);
      noteSeq(message.updatedSeq);
      scheduleRead();
    };
    const onTask = ({ projectId: pid, task }: { projectId: string; task: TaskPayload }) => {
      if (pid !== projectId) return;
      setTasks((list) => mergeTasks(list, [task]));
      noteSeq(task.seq);
    };
    const onPresence = ({ projectId: pid, online: ids }: { projectId: string; online: string[] }) => {
      if (pid === projectId) setOnline(ids);
    };
    const onTyping = ({ projectId: pid, memberId, typing }: { projectId: string; memberId: string; typing: boolean }) => {
      if (pid !== projectId || memberId === me) return;
      setTypingUntil(({ [memberId]: _old, ...rest }) => (typing ? { ...rest, [memberId]: Date.now() + TYPING_TTL_MS } : rest));
    };
    const onMembership = ({ projectId: pid, change }: { projectId: string; change: "added" | "removed" }) => {
      if (pid === projectId && change === "removed") setRemoved(true);
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") markRead();
    };

    if (socket.connected) join();
    socket.on("connect", join);
    socket.on("disconnect", onDisconnect);
    socket.on("message:new", onMessage);
    socket.on("message:updated", onMessage);
    socket.on("task:changed", onTask);
    socket.on("presence", onPresence);
    socket.on("typing", onTyping);
    socket.on("project:membership", onMembership);
    document.addEventListener("visibilitychange", onVisible);

    return () => {
      active = false;
      if (retry) clearTimeout(retry);
      if (readTimer.current) {
        clearTimeout(readTimer.current);
        readTimer.current = null;
      }
      socket.off("connect", join);
      socket.off("disconnect", onDisconnect);
      socket.off("message:new", onMessage);
      socket.off("message:updated", onMessage);
      socket.off("task:changed", onTask);
      socket.off("presence", onPresence);
      socket.off("typing", onTyping);
      socket.off("project:membership", onMembership);
      document.removeEventListener("visibilitychange", onVisible);
      if (socket.connected) {
        if (typingSent.current) socket.emit("typing", { projectId, typing: false });
        socket.emit("project:leave", { projectId }, () => {});
      }
      typingSent.current = 0;
      setJoined(false);
    };
    // `me` is the signed-in member: it cannot change while the room is open.
  }, [socket, projectId]);

  // Typing indicators expire when not refreshed.
  const typingIds = useMemo(() => Object.keys(typingUntil), [typingUntil]);
  useEffect(() => {
    if (typingIds.length === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTypingUntil((all) => {
        const keep = Object.entries(all).filter(([, until]) => until > now);
        return keep.length === Object.keys(all).length ? all : Object.fromEntries(keep);
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typingIds.length]);

  // Sending

  const emitSend = useCallback(
    (clientId: string, body: string) => {
      const s = socketRef.current;
      if (!s) {
        setPending((list) => list.map((p) => (p.clientId === clientId ? { ...p, status: "failed" } : p)));
        return;
      }
      s.timeout(ACK_TIMEOUT_MS).emit("message:send", { projectId, body, clientId }, (err, res) => {
        if (!err && res.ok) {
          setMessages((list) => mergeMessages(list, [res.message]));
          setPending((list) => list.filter((p) => p.clientId !== clientId));
          noteSeq(res.message.seq);
          return;
        }
        const e = ackError(err ?? (res.ok ? null : res.error));
        setPending((list) => list.map((p) => (p.clientId === clientId ? { ...p, status: "failed", error: e.code } : p)));
      });
    },
    [projectId, noteSeq],
  );

  const setTyping = useCallback(
    (typing: boolean) => {
      const s = socketRef.current;
      if (!s?.connected) return;
      if (typing) {
        if (Date.now() - typingSent.current < TYPING_EVERY_MS) return;
        typingSent.current = Date.now();
        s.emit("typing", { projectId, typing: true });
      } else if (typingSent.current) {
        typingSent.current = 0;
        s.emit("typing", { projectId, typing: false });
      }
    },
    [projectId],
  );

  const send = useCallback(
    (body: string) => {
      const clientId = newClientId();
      setPending((list) => [...list, { clientId, body, status: "pending" }]);
      setTyping(false);
      emitSend(clientId, body);
    },
    [emitSend, setTyping],
  );

  const retry = useCallback(
    (clientId: string) => {
      const item = pending.find((p) => p.clientId === clientId);
      if (!item) return;
      setPending((list) => list.map((p) => (p.clientId === clientId ? { ...p, status: "pending", error: undefined } : p)));
      emitSend(clientId, item.body);
    },
    [pending, emitSend],
  );

  const changeMessage = useCallback(
    (event: "message:edit" | "message:delete", payload: { messageId: string; body?: string }): Promise<MessageResult> =>
      new Promise((resolve) => {
        const s = socketRef.current;
        if (!s?.connected) return resolve({ ok: false, code: "offline", message: "" });
        const done = (err: Error | null, res: { ok: true; message: MessagePayload } | { ok: false; error: AckError }) => {
          if (!err && res.ok) {
            setMessages((list) => mergeMessages(list, [res.message]));
            noteSeq(res.message.updatedSeq);
            resolve({ ok: true });
          } else {
            resolve({ ok: false, ...ackError(err ?? (res.ok ? null : res.error)) });
          }
        };
        if (event === "message:edit") s.timeout(ACK_TIMEOUT_MS).emit("message:edit", { messageId: payload.messageId, body: payload.body ?? "" }, done);
        else s.timeout(ACK_TIMEOUT_MS).emit("message:delete", { messageId: payload.messageId }, done);
      }),
    [noteSeq],
  );
  const edit = useCallback((messageId: string, body: string) => changeMessage("message:edit", { messageId, body }), [changeMessage]);
  const remove = useCallback((messageId: string) => changeMessage("message:delete", { messageId }), [changeMessage]);

  /** Pages upward through the history (HTTP, cookie auth). */
  const loadOlder = useCallback(async () => {
    const first = messages[0];
    if (!first || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const res = await fetch(`/api/v1/projects/${projectId}/messages?beforeSeq=${first.seq}&limit=50`, {
        credentials: "same-origin",
        headers: { accept: "application/json" },
      });
      if (!res.ok) return;
      const page = (await res.json()) as { items: MessagePayload[]; hasMore: boolean };
      setMessages((list) => mergeMessages(list, page.items));
      setHasOlder(page.hasMore);
    } finally {
      setLoadingOlder(false);
    }
  }, [messages, loadingOlder, projectId]);

  // Task board

  const updateTask = useCallback(
    (task: TaskPayload, changes: TaskChanges): Promise<TaskResult> =>
      new Promise((resolve) => {
        const s = socketRef.current;
        if (!s?.connected) return resolve({ ok: false, code: "offline", message: "" });
        // Optimistic: show the change at once; the ack (or the conflict's current task) settles it.
        setTasks((list) =>
          list.map((t) =>
            t.id === task.id
              ? {
                  ...t,
                  ...changes,
                  assignee:
                    changes.assigneeId === undefined ? t.assignee : changes.assigneeId ? { id: changes.assigneeId, name: "" } : null,
                }
              : t,
          ),
        );
        s.timeout(ACK_TIMEOUT_MS).emit("task:update", { taskId: task.id, changes, version: task.version }, (err, res) => {
          if (!err && res.ok) {
            setTasks((list) => list.map((t) => (t.id === res.task.id ? res.task : t)));
            noteSeq(res.task.seq);
            return resolve({ ok: true, task: res.task });
          }
          const current = !err && !res.ok ? res.error.current : undefined;
          // Back to the server's truth: the conflict's current task, or the task as it was before.
          setTasks((list) => list.map((t) => (t.id === task.id ? (current ?? task) : t)));
          resolve({ ok: false, ...ackError(err ?? (res.ok ? null : res.error)) });
        });
      }),
    [noteSeq],
  );

  const createTask = useCallback(
    (input: { title: string; status?: TaskPayload["status"]; assigneeId?: string | null }): Promise<TaskResult> =>
      new Promise((resolve) => {
        const s = socketRef.current;
        if (!s?.connected) return resolve({ ok: false, code: "offline", message: "" });
        s.timeout(ACK_TIMEOUT_MS).emit("task:create", { projectId, ...input }, (err, res) => {
          if (!err && res.ok) {
            setTasks((list) => mergeTasks(list, [res.task]));
            noteSeq(res.task.seq);
            return resolve({ ok: true, task: res.task });
          }
          resolve({ ok: false, ...ackError(err ?? (res.ok ? null : res.error)) });
        });
      }),
    [projectId, noteSeq],
  );

  return {
    connected: status === "connected" && joined,
    messages,
    hasOlder,
    loadingOlder,
    loadOlder,
    tasks,
    online,
    typing: typingIds,
    pending,
    removed,
    send,
    retry,
    edit,
    remove,
    setTyping,
    updateTask,
    createTask,
  };
}

export type ProjectRoom = ReturnType<typeof useProjectRoom>;
