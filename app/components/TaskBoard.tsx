import { Form } from "@remix-run/react";
import { useMemo, useRef, useState, type DragEvent, type FormEvent } from "react";
import { useT, type MessageKey } from "~/i18n";
import { positionAt } from "~/lib/board";
import { fieldsOf } from "~/lib/forms";
import { ROOM_INTENTS, type RoomIntent } from "~/lib/intents";
import type { TaskPayload } from "../../server/contract/realtime";
import type { TaskChanges, TaskResult } from "~/realtime/useProjectRoom";

type Status = TaskPayload["status"];
type Member = { id: string; name: string };

export const STATUSES: Status[] = ["todo", "doing", "done"];

export type TaskBoardProps = {
  tasks: TaskPayload[];
  members: Member[];
  /** Set once the live room is joined: changes then go through the socket (with the task's version). */
  live: boolean;
  onUpdate: (task: TaskPayload, changes: TaskChanges) => Promise<TaskResult>;
  onCreate: (input: { title: string; assigneeId?: string | null }) => Promise<TaskResult>;
  /** The longest task title the server takes (from the load context). */
  titleMax: number;
  /** The outcome of a page post (no JavaScript): a conflict or a validation message. */
  postError?: { code: string; message: string } | null;
};

const statusKey = (s: Status) => `board.${s}` as MessageKey;

export function TaskBoard({ tasks, members, live, onUpdate, onCreate, titleMax, postError }: TaskBoardProps) {
  const t = useT();
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<Status | null>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  const names = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);
  const columns = useMemo(() => {
    const by: Record<Status, TaskPayload[]> = { todo: [], doing: [], done: [] };
    for (const task of tasks) by[task.status].push(task);
    for (const s of STATUSES) by[s].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
    return by;
  }, [tasks]);
  const endOf = (s: Status) => positionAt(columns[s], "", columns[s].length);

  /** Puts focus back on the moved card's same control (or the card) once it has re-rendered in its new place. */
  const refocus = (taskId: string, action: string) =>
    requestAnimationFrame(() => {
      const card = boardRef.current?.querySelector<HTMLElement>(`[data-task="${taskId}"]`);
      const control = card?.querySelector<HTMLElement>(`[data-action="${action}"]`);
      (control ?? card)?.focus();
    });

  const apply = async (task: TaskPayload, changes: TaskChanges, action?: string) => {
    setNotice(null);
    const pending = onUpdate(task, changes);
    if (action) refocus(task.id, action);
    const res = await pending;
    if (!res.ok) {
      setNotice(res.code === "version_conflict" ? t("board.conflict", { title: task.title }) : res.message || t("errors.generic"));
    }
  };

  const onCardSubmit = (task: TaskPayload) => (event: FormEvent<HTMLFormElement>) => {
    if (!live) return;
    event.preventDefault();
    const f = fieldsOf(new FormData(event.currentTarget));
    const action = String((event.nativeEvent as SubmitEvent).submitter?.getAttribute("data-action") ?? "");
    if (f.text("intent") === ROOM_INTENTS.moveTask) {
      void apply(task, { status: f.text("status") as Status, position: Number(f.number("position")) }, action);
    } else {
      const title = f.text("title").trim();
      const assigneeId = f.optional("assigneeId") ?? null;
      const changes: TaskChanges = {};
      if (title && title !== task.title) changes.title = title;
      if (assigneeId !== task.assigneeId) changes.assigneeId = assigneeId;
      if (Object.keys(changes).length === 0) return;
      void apply(task, changes);
      const details = event.currentTarget.closest("details");
      if (details) details.open = false;
    }
  };

  const onCreateSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (!live) return;
    event.preventDefault();
    const formEl = event.currentTarget;
    const f = fieldsOf(new FormData(formEl));
    const title = f.text("title").trim();
    if (!title) return setNotice(t("board.titleRequired"));
    setNotice(null);
    void onCreate({ title, assigneeId: f.optional("assigneeId") ?? null }).then((res) => {
      if (res.ok) formEl.reset();
      else setNotice(res.message || t("errors.generic"));
    });
  };

  // Drag and drop (pointer users); the Move/Up/Down buttons do the same without dragging.
  const onDrop = (status: Status) => (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData("text/plain") || dragging;
    setDragging(null);
    const task = tasks.find((x) => x.id === id);
    if (!task) return;
    const column = columns[status];
    const card = (event.target as HTMLElement).closest<HTMLElement>("[data-task]");
    let index = column.filter((x) => x.id !== task.id).length;
    if (card && card.dataset.task !== task.id) {
      const others = column.filter((x) => x.id !== task.id);
      const at = others.findIndex((x) => x.id === card.dataset.task);
      const box = card.getBoundingClientRect();
      index = at + (event.clientY > box.top + box.height / 2 ? 1 : 0);
    } else if (card) {
      return; // dropped on itself
    }
    const position = positionAt(column, task.id, index);
    if (status === task.status && position === task.position) return;
    void apply(task, { status, position });
  };

  const hidden = (task: TaskPayload, intent: RoomIntent) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="taskId" value={task.id} />
      <input type="hidden" name="version" value={task.version} />
    </>
  );

  return (
    <section className="card board-card" aria-labelledby="board-title">
      <h2 id="board-title">{t("board.title")}</h2>
      {notice || postError ? (
        <p className="form-error" role="alert">
          {notice ?? (postError!.code === "version_conflict" ? t("board.conflictPost") : postError!.message || t("errors.generic"))}
        </p>
      ) : null}
      <div className="board" ref={boardRef}>
        {STATUSES.map((status) => {
          const column = columns[status];
          const headingId = `col-${status}`;
          return (
            <section
              key={status}
              className={dropTarget === status ? "board-col is-drop" : "board-col"}
              aria-labelledby={headingId}
              data-status={status}
              onDragOver={(e) => {
                if (!dragging) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = "move";
                if (dropTarget !== status) setDropTarget(status);
              }}
              onDragLeave={(e) => {
                if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropTarget(null);
              }}
              onDrop={onDrop(status)}
            >
              <h3 id={headingId}>
                {t(statusKey(status))} <span className="muted small">({column.length})</span>
              </h3>
              <ul className="task-list" aria-labelledby={headingId}>
                {column.length === 0 ? <li className="muted small task-empty">{t("board.empty")}</li> : null}
                {column.map((task, index) => {
                  const assignee = task.assigneeId ? (names.get(task.assigneeId) ?? task.assignee?.name ?? "") : "";
                  return (
                    <li
                      key={task.id}
                      className={dragging === task.id ? "task is-dragging" : "task"}
                      data-task={task.id}
                      tabIndex={-1}
                      draggable={live}
                      onDragStart={(e) => {
                        e.dataTransfer.setData("text/plain", task.id);
                        e.dataTransfer.effectAllowed = "move";
                        setDragging(task.id);
                      }}
                      onDragEnd={() => {
                        setDragging(null);
                        setDropTarget(null);
                      }}
                    >
                      <p className="task-title">{task.title}</p>
                      <p className="muted small">
                        {assignee ? t("board.assignedTo", { name: assignee }) : t("board.unassigned")}
                      </p>
                      <div className="task-moves">
                        {STATUSES.filter((s) => s !== status).map((s) => (
                          <Form key={s} method="post" preventScrollReset onSubmit={onCardSubmit(task)}>
                            {hidden(task, ROOM_INTENTS.moveTask)}
                            <input type="hidden" name="status" value={s} />
                            <input type="hidden" name="position" value={endOf(s)} />
                            <button
                              type="submit"
                              className="small-button"
                              data-action={`to-${s}`}
                              aria-label={t("board.moveTo", { title: task.title, column: t(statusKey(s)) })}
                            >
                              → {t(statusKey(s))}
                            </button>
                          </Form>
                        ))}
                        {index > 0 ? (
                          <Form method="post" preventScrollReset onSubmit={onCardSubmit(task)}>
                            {hidden(task, ROOM_INTENTS.moveTask)}
                            <input type="hidden" name="status" value={status} />
                            <input type="hidden" name="position" value={positionAt(column, task.id, index - 1)} />
                            <button type="submit" className="small-button" data-action="up" aria-label={t("board.moveUp", { title: task.title })}>
                              ↑
                            </button>
                          </Form>
                        ) : null}
                        {index < column.length - 1 ? (
                          <Form method="post" preventScrollReset onSubmit={onCardSubmit(task)}>
                            {hidden(task, ROOM_INTENTS.moveTask)}
                            <input type="hidden" name="status" value={status} />
                            <input type="hidden" name="position" value={positionAt(column, task.id, index + 1)} />
                            <button type="submit" className="small-button" data-action="down" aria-label={t("board.moveDown", { title: task.title })}>
                              ↓
                            </button>
                          </Form>
                        ) : null}
                      </div>
                      <details className="task-edit">
                        <summary className="small-button">
                          {t("board.edit")}
                          <span className="sr-only"> {task.title}</span>
                        </summary>
                        <Form method="post" preventScrollReset onSubmit={onCardSubmit(task)} key={task.version}>
                          {hidden(task, ROOM_INTENTS.updateTask)}
                          <div className="field">
                            <label htmlFor={`title-${task.id}`}>{t("board.taskTitle")}</label>
                            <input id={`title-${task.id}`} name="title" defaultValue={task.title} maxLength={titleMax} required />
                          </div>
                          <AssigneeField id={`assignee-${task.id}`} members={members} defaultValue={task.assigneeId ?? ""} />
                          <button type="submit" className="small-button">{t("form.save")}</button>
                        </Form>
                      </details>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </div>

      <Form method="post" preventScrollReset className="toolbar task-new" onSubmit={onCreateSubmit} aria-label={t("board.new")}>
        <input type="hidden" name="intent" value={ROOM_INTENTS.createTask} />
        <div className="field">
          <label htmlFor="new-task-title">{t("board.taskTitle")}</label>
          <input id="new-task-title" name="title" maxLength={titleMax} required />
        </div>
        <AssigneeField id="new-task-assignee" members={members} defaultValue="" />
        <button type="submit" className="primary">{t("board.add")}</button>
      </Form>
    </section>
  );
}

/** Who does a task: nobody or one of the project's members (a new task's and an edited card's). */
function AssigneeField({ id, members, defaultValue }: { id: string; members: Member[]; defaultValue: string }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t("board.assignee")}</label>
      <select id={id} name="assigneeId" defaultValue={defaultValue}>
        <option value="">{t("board.nobody")}</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>{m.name}</option>
        ))}
      </select>
    </div>
  );
}
