import { useCallback, useEffect, useReducer } from "react";
import type { MessagePayload, TaskPayload } from "../../server/contract/realtime";
import { useOlderMessages } from "./history";
import { initRoom, roomReducer } from "./room-state";
import { useSocket } from "./socket";
import { useBoardSync } from "./useBoardSync";
import { useOutbox } from "./useOutbox";
import { useReadMarks } from "./useReadMarks";
import { useRoomSubscription } from "./useRoomSubscription";
import { useTyping } from "./useTyping";

export type { PendingMessage, TaskChanges } from "./room-state";
export type { MessageResult } from "./useOutbox";
export type { TaskResult } from "./useBoardSync";

type Initial = {
  messages: MessagePayload[];
  hasOlder: boolean;
  tasks: TaskPayload[];
  /** The seq the loader's data is complete up to: the first join asks for everything after it. */
  cursor: number;
};

/**
 * One project room, live: the room state (room-state.ts, a pure reducer) fed by the loader, the room's events,
 * the outbox and the board, plus typing and read marks. Each part is its own hook; this only wires them.
 */
export function useProjectRoom(projectId: string, me: string, initial: Initial) {
  const { socket, status } = useSocket();
  const [state, dispatch] = useReducer(roomReducer, { me, ...initial }, initRoom);

  // Loader data (first render, and after every form post or revalidation) merges into the live state.
  useEffect(() => {
    dispatch({ type: "loaded", messages: initial.messages, tasks: initial.tasks });
  }, [initial]);

  // Typing first: on leaving, "stopped typing" goes out before the room is left.
  const { typing, setTyping } = useTyping(socket, projectId, me);
  const { online, joined, removed } = useRoomSubscription(socket, projectId, state.cursor, dispatch);
  useReadMarks(socket, projectId, state.highest, joined);
  const live = status === "connected" && joined;
  const outbox = useOutbox(socket, projectId, me, live, state.pending, dispatch);
  const board = useBoardSync(socket, projectId, dispatch);
  const { loadingOlder, loadOlder } = useOlderMessages(projectId, state.messages[0]?.seq, dispatch);
  const { send: post } = outbox;
  const send = useCallback(
    (body: string) => {
      setTyping(false);
      post(body);
    },
    [setTyping, post],
  );

  return {
    connected: live,
    messages: state.messages,
    hasOlder: state.hasOlder,
    loadingOlder,
    loadOlder,
    tasks: state.tasks,
    online,
    typing,
    pending: state.pending,
    removed,
    send,
    retry: outbox.retry,
    edit: outbox.edit,
    remove: outbox.remove,
    setTyping,
    updateTask: board.updateTask,
    createTask: board.createTask,
    deleteTask: board.deleteTask,
    commentTask: board.commentTask,
  };
}

export type ProjectRoom = ReturnType<typeof useProjectRoom>;

/**
 * The ChatPanel props a live room supplies (its messages, presence, typing, outbox and paging), so each page that
 * shows a room — a project, a conversation — passes them the same way and adds only its own.
 */
export function roomChatProps(room: ProjectRoom, loaded: { clientId: string; olderThan: number | null; messageMax: number }) {
  return {
    online: room.online,
    typing: room.typing,
    messages: room.messages,
    pending: room.pending,
    clientId: loaded.clientId,
    hasOlder: room.hasOlder,
    loadingOlder: room.loadingOlder,
    olderBefore: room.messages[0]?.seq ?? loaded.olderThan,
    live: room.connected,
    onLoadOlder: () => void room.loadOlder(),
    onSend: room.send,
    onRetry: room.retry,
    onTyping: room.setTyping,
    onEdit: room.edit,
    onDelete: room.remove,
    messageMax: loaded.messageMax,
  };
}
