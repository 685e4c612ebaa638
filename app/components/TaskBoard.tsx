import { Form, Link } from "@remix-run/react";
import { AlarmClock, CalendarClock, CalendarDays, MessageSquare, MoreHorizontal, type LucideIcon } from "lucide-react";
import { useMemo, useRef, useState, type DragEvent, type FormEvent, type ReactNode } from "react";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { archivedTasks, positionAt, TASK_FILTER_PARAM, TASK_INTENTS, visibleTasks, type TaskFilter } from "~/lib/board";
import { fieldsOf } from "~/lib/forms";
import { ROOM_INTENTS } from "~/lib/intents";
import { dateIn, dueState, formatDate, formatInstant, type DueState } from "~/lib/time";
import type { TaskPayload } from "../../server/contract/realtime";
import type { TaskChanges, TaskResult } from "~/realtime/useProjectRoom";

type Status = TaskPayload["status"];
type Member = { id: string; name: string };

export const STATUSES: Status[] = ["todo", "doing", "done"];

export type TaskBoardProps = {
  tasks: TaskPayload[];
  members: Member[];
  /** The viewer: "My tasks" are the ones assigned to them. */
  me: string;
  /** Everyone's tasks, or only mine (from the URL, so it works without JavaScript too). */
  filter: TaskFilter;
  /** Set once the live room is joined: changes then go through the socket (with the task's version). */
  live: boolean;
  onUpdate: (task: TaskPayload, changes: TaskChanges) => Promise<TaskResult>;
  onCreate: (input: { title: string; assigneeId?: string | null; dueDate?: string | null }) => Promise<TaskResult>;
  onDelete: (task: TaskPayload) => Promise<TaskResult>;
  onComment: (task: TaskPayload, body: string) => Promise<TaskResult>;
  /** The longest task title, description and comment the server takes (from the load context). */
  titleMax: number;
  descriptionMax: number;
  commentMax: number;
  /** The no-JavaScript comment forms' client id (a re-post of the same form stores the comment once). */
  clientId: string;
  /** Chat and comment times are shown in this zone, and due dates are read against today there. */
  zone: string;
  /** The outcome of a page post (no JavaScript): a conflict or a validation message. */
  postError?: { code: string; message: string } | null;
};

const statusKey = (s: Status) => `board.${s}` as MessageKey;

export function TaskBoard(props: TaskBoardProps) {
  const { tasks, members, me, filter, live, onUpdate, onCreate, titleMax, postError } = props;
  const t = useT();
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<Status | null>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => visibleTasks(tasks, filter, me), [tasks, filter, me]);
  const archived = useMemo(() => archivedTasks(tasks), [tasks]);
  // Positions come from every card on the board, not only the filtered ones: a move lands between real neighbours.
  const allColumns = useMemo(() => byColumn(visibleTasks(tasks, "all", me)), [tasks, me]);
  const columns = useMemo(() => byColumn(shown), [shown]);
  // Today where the viewer is (the project's zone until the browser's is known): what is overdue, due today or tomorrow.
  const today = dateIn(props.zone);
  const endOf = (s: Status) => positionAt(allColumns[s], "", allColumns[s].length);

  /**
   * Puts focus back on the moved card's same control once it has re-rendered in its new place; when that control
   * is gone or hidden (the card moved to another column, its menu closed), on the card's menu button.
   */
  const refocus = (taskId: string, action: string) =>
    requestAnimationFrame(() => {
      const card = boardRef.current?.querySelector<HTMLElement>(`[data-task="${taskId}"]`);
      const control = card?.querySelector<HTMLElement>(`[data-action="${action}"]`);
      const visible = control && control.getClientRects().length > 0;
      (visible ? control : (card?.querySelector<HTMLElement>("summary.task-menu-button") ?? card))?.focus();
    });

  const settle = (task: TaskPayload, res: TaskResult) => {
    if (!res.ok) setNotice(res.code === "version_conflict" ? t("board.conflict", { title: task.title }) : res.message || t("errors.generic"));
  };

  const apply = async (task: TaskPayload, changes: TaskChanges, action?: string) => {
    setNotice(null);
    const pending = onUpdate(task, changes);
    if (action) refocus(task.id, action);
    settle(task, await pending);
  };

  /** With the live room, a card's form goes through the socket; without it, the form posts the page. */
  const onCardSubmit = (task: TaskPayload) => (event: FormEvent<HTMLFormElement>) => {
    if (!live) return;
    event.preventDefault();
    const form = event.currentTarget;
    const f = fieldsOf(new FormData(form));
    const action = String((event.nativeEvent as SubmitEvent).submitter?.getAttribute("data-action") ?? "");
    const closeDetails = () => {
      const details = form.closest("details");
      if (details) details.open = false;
    };
    switch (f.text("intent")) {
      case ROOM_INTENTS.moveTask:
        return void apply(task, { status: f.text("status") as Status, position: Number(f.number("position")) }, action);
      case TASK_INTENTS.archive:
        return void apply(task, { archived: f.text("archived") === "true" });
      case TASK_INTENTS.delete:
        setNotice(null);
        return void props.onDelete(task).then((res) => settle(task, res));
      case TASK_INTENTS.comment: {
        const body = f.text("body").trim();
        if (!body) return setNotice(t("board.commentRequired"));
        setNotice(null);
        return void props.onComment(task, body).then((res) => {
          if (res.ok) form.reset();
          settle(task, res);
        });
      }
      default: {
        const title = f.text("title").trim();
        const assigneeId = f.optional("assigneeId") ?? null;
        const description = f.text("description").trim();
        const dueDate = f.optional("dueDate") ?? null;
        const changes: TaskChanges = {};
        if (title && title !== task.title) changes.title = title;
        if (assigneeId !== task.assigneeId) changes.assigneeId = assigneeId;
        if (description !== task.description) changes.description = description;
        if (dueDate !== task.dueDate) changes.dueDate = dueDate;
        if (Object.keys(changes).length === 0) return closeDetails();
        void apply(task, changes);
        closeDetails();
      }
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
    void onCreate({ title, assigneeId: f.optional("assigneeId") ?? null, dueDate: f.optional("dueDate") ?? null }).then((res) => {
      if (res.ok) formEl.reset();
      else setNotice(res.message || t("errors.generic"));
    });
  };

  // Drag and drop (pointer users); the menu's moves do the same without dragging.
  const onDrop = (status: Status) => (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData("text/plain") || dragging;
    setDragging(null);
    const task = tasks.find((x) => x.id === id);
    if (!task) return;
    const column = allColumns[status];
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

  const cardForm = (task: TaskPayload, intent: string, children: ReactNode, className?: string) => (
    <Form method="post" preventScrollReset onSubmit={onCardSubmit(task)} className={className}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="taskId" value={task.id} />
      <input type="hidden" name="version" value={task.version} />
      {children}
    </Form>
  );

  return (
    <section className="card board-card" aria-labelledby="board-title">
      <div className="board-head">
        <h2 id="board-title">{t("board.title")}</h2>
        <nav className="board-filter" aria-label={t("board.filter")}>
          <Link to="?" preventScrollReset replace aria-current={filter === "all" ? "true" : undefined} className="small-button">
            {t("board.allTasks")}
          </Link>
          <Link
            to={`?${TASK_FILTER_PARAM}=mine`}
            preventScrollReset
            replace
            aria-current={filter === "mine" ? "true" : undefined}
            className="small-button"
          >
            {t("board.myTasks")}
          </Link>
        </nav>
      </div>
      {notice || postError ? (
        <p className="form-error" role="alert">
          {notice ?? (postError!.code === "version_conflict" ? t("board.conflictPost") : postError!.message || t("errors.generic"))}
        </p>
      ) : null}
      {filter === "mine" && shown.length === 0 ? <p className="muted">{t("board.noneMine")}</p> : null}
      <div className="board" ref={boardRef}>
        {STATUSES.map((status) => {
          const column = columns[status];
          const full = allColumns[status];
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
                {column.map((task) => {
                  const index = full.findIndex((x) => x.id === task.id);
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
                      <div className="task-head">
                        <p className="task-title">{task.title}</p>
                        <details className="task-menu">
                          <summary className="small-button task-menu-button">
                            <MoreHorizontal aria-hidden="true" focusable="false" size={18} />
                            <span className="sr-only">{t("board.actionsFor", { title: task.title })}</span>
                          </summary>
                          <div className="task-menu-panel">
                            {STATUSES.filter((s) => s !== status).map((s) => (
                              <Fragmentless key={s}>
                                {cardForm(
                                  task,
                                  ROOM_INTENTS.moveTask,
                                  <>
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
                                  </>,
                                )}
                              </Fragmentless>
                            ))}
                            {index > 0
                              ? cardForm(
                                  task,
                                  ROOM_INTENTS.moveTask,
                                  <>
                                    <input type="hidden" name="status" value={status} />
                                    <input type="hidden" name="position" value={positionAt(full, task.id, index - 1)} />
                                    <button type="submit" className="small-button" data-action="up" aria-label={t("board.moveUp", { title: task.title })}>
                                      ↑ {t("board.up")}
                                    </button>
                                  </>,
                                )
                              : null}
                            {index >= 0 && index < full.length - 1
                              ? cardForm(
                                  task,
                                  ROOM_INTENTS.moveTask,
                                  <>
                                    <input type="hidden" name="status" value={status} />
                                    <input type="hidden" name="position" value={positionAt(full, task.id, index + 1)} />
                                    <button type="submit" className="small-button" data-action="down" aria-label={t("board.moveDown", { title: task.title })}>
                                      ↓ {t("board.down")}
                                    </button>
                                  </>,
                                )
                              : null}
                            {cardForm(
                              task,
                              TASK_INTENTS.archive,
                              <>
                                <input type="hidden" name="archived" value="true" />
                                <button type="submit" className="small-button" aria-label={t("board.archiveTask", { title: task.title })}>
                                  {t("board.archive")}
                                </button>
                              </>,
                            )}
                            <details className="confirm">
                              <summary className="small-button danger">
                                {t("board.delete")}
                                <span className="sr-only"> {task.title}</span>
                              </summary>
                              {cardForm(
                                task,
                                TASK_INTENTS.delete,
                                <>
                                  <input type="hidden" name="confirm" value="yes" />
                                  <p className="small">{t("board.deleteConfirm")}</p>
                                  <button type="submit" className="small-button danger">
                                    {t("board.deleteYes")}
                                    <span className="sr-only"> {task.title}</span>
                                  </button>
                                </>,
                                "confirm-body",
                              )}
                            </details>
                          </div>
                        </details>
                      </div>
                      <TaskMeta task={task} members={members} today={today} />
                      <details className="task-edit">
                        <summary className="small-button">
                          {t("board.details")}
                          <span className="sr-only"> {task.title}</span>
                        </summary>
                        <TaskDetails task={task} {...props} form={cardForm} />
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
        <AssigneeField id="new-task-assignee" members={members} defaultValue={filter === "mine" ? me : ""} />
        <div className="field">
          <label htmlFor="new-task-due">{t("board.due")}</label>
          <input id="new-task-due" name="dueDate" type="date" />
        </div>
        <button type="submit" className="primary">{t("board.add")}</button>
      </Form>

      {archived.length ? (
        <details className="board-archived">
          <summary>{t("board.archived", { count: archived.length })}</summary>
          <ul className="here-list">
            {archived.map((task) => (
              <li key={task.id} className="person" data-archived={task.id}>
                <span className="task-title">{task.title}</span>
                {cardForm(
                  task,
                  TASK_INTENTS.archive,
                  <>
                    <input type="hidden" name="archived" value="false" />
                    <button type="submit" className="small-button" aria-label={t("board.restoreTask", { title: task.title })}>
                      {t("board.restore")}
                    </button>
                  </>,
                )}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** Children as they are (a keyed slot in a list of forms). */
function Fragmentless({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

function byColumn(tasks: TaskPayload[]): Record<Status, TaskPayload[]> {
  const by: Record<Status, TaskPayload[]> = { todo: [], doing: [], done: [] };
  for (const task of tasks) by[task.status].push(task);
  for (const s of STATUSES) by[s].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  return by;
}

/** Who, when it is due, how many comments: one line under the card's title. */
/** How a due date that needs attention is marked: an icon and words (never colour alone). */
const DUE_MARKS: Partial<Record<DueState, { icon: LucideIcon; key: MessageKey }>> = {
  overdue: { icon: AlarmClock, key: "board.overdue" },
  today: { icon: CalendarClock, key: "board.dueToday" },
  tomorrow: { icon: CalendarClock, key: "board.dueTomorrow" },
};

/** Who, when it is due (overdue, today or tomorrow said in words), how many comments: one line under the title. */
function TaskMeta({ task, members, today }: { task: TaskPayload; members: Member[]; today: string }) {
  const t = useT();
  const locale = useLocale();
  const assignee = task.assigneeId ? (members.find((m) => m.id === task.assigneeId)?.name ?? task.assignee?.name ?? "") : "";
  // A done task is not late any more.
  const due = task.dueDate && task.status !== "done" ? dueState(task.dueDate, today) : null;
  const mark = due ? DUE_MARKS[due] : undefined;
  const MarkIcon = mark?.icon ?? CalendarDays;
  return (
    <p className="task-meta muted small">
      <span>{assignee ? t("board.assignedTo", { name: assignee }) : t("board.unassigned")}</span>
      {task.dueDate ? (
        <span className={`task-due${due ? ` due-${due}` : ""}`} data-due={due ?? undefined}>
          <MarkIcon aria-hidden="true" focusable="false" size={14} />
          {mark ? <strong className="due-mark">{t(mark.key)}</strong> : null}
          {mark ? " · " : " "}
          {t("board.dueOn", { date: formatDate(task.dueDate, locale) })}
        </span>
      ) : null}
      {task.commentCount ? (
        <span className="task-comments-count">
          <MessageSquare aria-hidden="true" focusable="false" size={14} /> {t("board.comments", { count: task.commentCount })}
        </span>
      ) : null}
    </p>
  );
}

type CardForm = (task: TaskPayload, intent: string, children: ReactNode, className?: string) => ReactNode;

/** A card opened: its fields to edit, then its comments and a comment form. */
function TaskDetails({ task, members, titleMax, descriptionMax, commentMax, clientId, zone, form }: TaskBoardProps & { task: TaskPayload; form: CardForm }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="task-details">
      <div key={task.version}>
        {form(
          task,
          ROOM_INTENTS.updateTask,
          <>
            <div className="field">
              <label htmlFor={`title-${task.id}`}>{t("board.taskTitle")}</label>
              <input id={`title-${task.id}`} name="title" defaultValue={task.title} maxLength={titleMax} required />
            </div>
            <div className="field">
              <label htmlFor={`description-${task.id}`}>{t("board.description")}</label>
              <textarea id={`description-${task.id}`} name="description" defaultValue={task.description} maxLength={descriptionMax} rows={3} />
            </div>
            <div className="field">
              <label htmlFor={`due-${task.id}`}>{t("board.due")}</label>
              <input id={`due-${task.id}`} name="dueDate" type="date" defaultValue={task.dueDate ?? ""} />
            </div>
            <AssigneeField id={`assignee-${task.id}`} members={members} defaultValue={task.assigneeId ?? ""} />
            <button type="submit" className="small-button">{t("form.save")}</button>
          </>,
          "task-edit-form",
        )}
      </div>
      {task.description ? <p className="task-description">{task.description}</p> : null}
      <h4 className="task-comments-title">{t("board.commentsTitle")}</h4>
      {task.comments.length === 0 ? <p className="muted small">{t("board.noComments")}</p> : null}
      {task.commentCount > task.comments.length ? (
        <p className="muted small">{t("board.latestComments", { shown: task.comments.length, count: task.commentCount })}</p>
      ) : null}
      <ol className="task-comments" aria-label={t("board.commentsOn", { title: task.title })}>
        {task.comments.map((c) => (
          <li key={c.id} className="task-comment">
            <strong>{c.author?.name ?? t("room.someone")}</strong>{" "}
            <time className="muted small" dateTime={c.createdAt}>
              {formatInstant(c.createdAt, locale, zone)}
            </time>
            <p className="chat-text">{c.body}</p>
          </li>
        ))}
      </ol>
      {form(
        task,
        TASK_INTENTS.comment,
        <>
          <input type="hidden" name="clientId" value={clientId} />
          <div className="field">
            <label htmlFor={`comment-${task.id}`}>{t("board.comment")}</label>
            <textarea id={`comment-${task.id}`} name="body" maxLength={commentMax} rows={2} required />
          </div>
          <button type="submit" className="small-button">{t("board.addComment")}</button>
        </>,
        "task-comment-form",
      )}
    </div>
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
