import { useCallback, type Dispatch } from "react";
import type { TaskPayload } from "../../server/contract/realtime";
import { newClientId } from "~/lib/chat-text";
import { ACK_TIMEOUT_MS, OFFLINE, refusal, type Refusal } from "./acks";
import type { RoomAction, TaskChanges } from "./room-state";
import type { AppClientSocket } from "./socket";

export type TaskResult = { ok: true; task: TaskPayload } | Refusal;

/**
 * The task board over the socket. A change shows at once (optimistic) and is settled by its ack: the task as
 * stored, or, when refused, the conflict's current task or the task as it was before.
 */
export function useBoardSync(socket: AppClientSocket | null, projectId: string, dispatch: Dispatch<RoomAction>) {
  const updateTask = useCallback(
    (task: TaskPayload, changes: TaskChanges): Promise<TaskResult> =>
      new Promise((resolve) => {
        if (!socket?.connected) return resolve(OFFLINE);
        dispatch({ type: "taskChanged", taskId: task.id, changes });
        socket.timeout(ACK_TIMEOUT_MS).emit("task:update", { taskId: task.id, changes, version: task.version }, (err, res) => {
          if (!err && res.ok) {
            dispatch({ type: "task", task: res.task });
            return resolve({ ok: true, task: res.task });
          }
          const current = !err && !res.ok ? res.error.current : undefined;
          dispatch({ type: "taskReverted", task: current ?? task });
          resolve(refusal(err ?? (res.ok ? null : res.error)));
        });
      }),
    [socket, dispatch],
  );

  const createTask = useCallback(
    (input: { title: string; status?: TaskPayload["status"]; assigneeId?: string | null; description?: string; dueDate?: string | null }): Promise<TaskResult> =>
      new Promise((resolve) => {
        if (!socket?.connected) return resolve(OFFLINE);
        socket.timeout(ACK_TIMEOUT_MS).emit("task:create", { projectId, ...input }, (err, res) => {
          if (!err && res.ok) {
            dispatch({ type: "task", task: res.task });
            return resolve({ ok: true, task: res.task });
          }
          resolve(refusal(err ?? (res.ok ? null : res.error)));
        });
      }),
    [socket, projectId, dispatch],
  );

  /** Deletes a task at the version it was seen (a stale one is refused with the task as it is now). */
  const deleteTask = useCallback(
    (task: TaskPayload): Promise<TaskResult> =>
      new Promise((resolve) => {
        if (!socket?.connected) return resolve(OFFLINE);
        socket.timeout(ACK_TIMEOUT_MS).emit("task:delete", { taskId: task.id, version: task.version }, (err, res) => {
          if (!err && res.ok) {
            dispatch({ type: "task", task: res.task });
            return resolve({ ok: true, task: res.task });
          }
          const current = !err && !res.ok ? res.error.current : undefined;
          if (current) dispatch({ type: "task", task: current });
          resolve(refusal(err ?? (res.ok ? null : res.error)));
        });
      }),
    [socket, dispatch],
  );

  /** Comments on a task; a retry of the same comment (same client id) is stored once. */
  const commentTask = useCallback(
    (task: TaskPayload, body: string, clientId = newClientId()): Promise<TaskResult> =>
      new Promise((resolve) => {
        if (!socket?.connected) return resolve(OFFLINE);
        socket.timeout(ACK_TIMEOUT_MS).emit("task:comment", { taskId: task.id, body, clientId }, (err, res) => {
          if (!err && res.ok) {
            dispatch({ type: "task", task: res.task });
            return resolve({ ok: true, task: res.task });
          }
          resolve(refusal(err ?? (res.ok ? null : res.error)));
        });
      }),
    [socket, dispatch],
  );

  return { updateTask, createTask, deleteTask, commentTask };
}
