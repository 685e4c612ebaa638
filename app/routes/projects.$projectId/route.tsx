import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { lazy, Suspense, useMemo, type ComponentType } from "react";
import { Avatar } from "~/components/Avatar";
import { ChatPanel } from "~/components/chat/ChatPanel";
import { Field, TextAreaField } from "~/components/Field";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import type { TaskBoardProps } from "~/components/TaskBoard";
import { useLocale, useT, type MessageKey, type Translate } from "~/i18n";
import { readForm, type FormError } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { idParam, requireMember } from "~/lib/guards.server";
import { INVITATION_INTENTS, ROOM_INTENTS, type RoomIntent } from "~/lib/intents";
import type { InvitationResult } from "~/lib/invitation-intents.server";
import { InvitationList, InvitationNotice, InviteForm } from "~/components/Invitations";
import { TASK_FILTER_PARAM, TASK_INTENTS, taskFilterOf } from "~/lib/board";
import { formatLocalRange, hhmm } from "~/lib/time";
import { roomChatProps, useProjectRoom } from "~/realtime/useProjectRoom";
import { loadRoom, runRoomIntent, type RoomResult } from "./room.server";
import { pageMeta } from "~/lib/meta";
import roomStyles from "~/styles/room.css";
import * as serverBoard from "./board.server";
import { useBrowserZone } from "~/lib/browser-zone";

export const links = () => [{ rel: "stylesheet", href: roomStyles }];

/**
 * The board: rendered in place on the server (no suspense: a page without JavaScript gets it whole), and loaded as
 * its own chunk in the browser, after the chat. While it loads, hydration keeps the server's HTML of it.
 */
const TaskBoard: ComponentType<TaskBoardProps> =
  (serverBoard as Partial<typeof serverBoard>).TaskBoard ?? lazy(() => import("~/components/TaskBoard").then((m) => ({ default: m.TaskBoard })));

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.project.title", data?.project.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return loadRoom(request, context, viewer, idParam(context, params.projectId));
}

/** Switching "All tasks" / "My tasks" only filters what the page already has: no need to load the room again. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  if (formMethod || currentUrl.pathname !== nextUrl.pathname) return defaultShouldRevalidate;
  const strip = (url: URL) => {
    const params = new URLSearchParams(url.search);
    params.delete(TASK_FILTER_PARAM);
    params.sort();
    return params.toString();
  };
  return strip(currentUrl) === strip(nextUrl) ? false : defaultShouldRevalidate;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const projectId = idParam(context, params.projectId);
  const result = await runRoomIntent(context, viewer, projectId, await readForm(request));
  if (result.ok && "left" in result && result.left) return redirect("/projects");
  return reply(result);
}

/** A failed post in one line: what the schema said about its fields, or the code in the reader's words. */
function errorText(t: Translate, result: FormError): string {
  const key = `errors.${result.code}` as MessageKey;
  const known = t(key) !== key;
  const detail = result.message || Object.values(result.errors).join("; ");
  if (result.code === "validation_failed" && detail) return detail;
  if (!known) return detail || t("errors.generic");
  return detail && result.code !== "not_found" ? `${t(key)} (${detail})` : t(key);
}

function ResultNotice({ result, only }: { result: RoomResult | undefined; only: string[] }) {
  const t = useT();
  if (!result || !only.includes(result.intent)) return null;
  if (!result.ok) {
    const text = result.intent === ROOM_INTENTS.leave && result.errors.confirm ? t("room.leaveConfirmNeeded") : errorText(t, result);
    return <p className="form-error" role="alert">{text}</p>;
  }
  const key = `room.done.${result.intent}` as MessageKey;
  const booking = "booking" in result ? result.booking : undefined;
  if (booking?.kind === "booked") {
    return (
      <p className="notice" role="status">
        {t("room.done.book", { name: booking.name, from: hhmm(booking.start), to: hhmm(booking.end) })}
      </p>
    );
  }
  return t(key) === key ? null : <p className="notice" role="status">{t(key)}</p>;
}

export default function ProjectRoom() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const { project, me } = loaded;
  const isOwner = project.role === "owner";
  const members = project.members;

  const initial = useMemo(
    () => ({ messages: loaded.messages, hasOlder: loaded.hasOlder, tasks: loaded.tasks, cursor: loaded.cursor }),
    [loaded.messages, loaded.hasOlder, loaded.tasks, loaded.cursor],
  );
  const room = useProjectRoom(project.id, me.id, initial);

  // Chat times: the loader's zone on the server and while hydrating, the browser's own after that — as a transition:
  // re-rendering the chat and the board in another zone yields to the browser instead of one long task.
  const zone = useBrowserZone(loaded.zone);

  const memberList = useMemo(() => members.map((m) => ({ id: m.id, name: m.name, photoUrl: m.photoUrl })), [members]);
  const failed = result && !result.ok ? result : null;
  const composerError = failed?.intent === ROOM_INTENTS.send ? errorText(t, failed) : undefined;
  const boardIntents: string[] = [ROOM_INTENTS.moveTask, ROOM_INTENTS.updateTask, ROOM_INTENTS.createTask, ...Object.values(TASK_INTENTS)];
  const [search] = useSearchParams();
  const boardError = failed && boardIntents.includes(failed.intent) ? { code: failed.code, message: errorText(t, failed) } : null;
  const busy = navigation.state !== "idle";

  if (room.removed) {
    return (
      <section className="stack">
        <h1>{project.name}</h1>
        <p className="form-error" role="alert">{t("room.removed")}</p>
        <p><Link to="/projects">← {t("projects.title")}</Link></p>
      </section>
    );
  }

  return (
    <section className="stack room" aria-busy={busy}>
      <header>
        <p><Link to="/projects">← {t("projects.title")}</Link></p>
        <h1>{project.name}</h1>
        {project.description ? <p className="room-description">{project.description}</p> : null}
        <p className="muted small">
          {t("projects.members", { count: members.length })}
          {isOwner ? ` · ${t("projects.owner")}` : ""} ·{" "}
          <span data-testid="room-live" data-live={room.connected ? "true" : "false"}>
            {room.connected ? t("room.live") : t("room.notLive")}
          </span>
        </p>
      </header>

      <div className="room-grid">
        <ChatPanel
          me={me}
          members={memberList}
          {...roomChatProps(room, { clientId: loaded.clientId, olderThan: loaded.olderThan, messageMax: loaded.max.message })}
          locale={locale}
          zone={zone}
          composerError={composerError}
          readUpTo={project.lastReadSeq}
        />

        <aside className="stack room-side">
          <MeetingsCard meetings={loaded.meetings} plan={loaded.meetingPlan} result={result} />
          <PeopleCard />
        </aside>
      </div>

      <Suspense fallback={<BoardLoading />}>
        <TaskBoard
          tasks={room.tasks}
          members={memberList}
          me={me.id}
          filter={taskFilterOf(search)}
          live={room.connected}
          onUpdate={room.updateTask}
          onCreate={room.createTask}
          onDelete={room.deleteTask}
          onComment={room.commentTask}
          titleMax={loaded.max.task}
          descriptionMax={loaded.max.taskDescription}
          commentMax={loaded.max.comment}
          clientId={loaded.clientId}
          zone={zone}
          postError={boardError}
        />
      </Suspense>

      {isOwner ? <EditProjectCard /> : null}
    </section>
  );
}

/** Shown only if the board's chunk is still loading after a client-side navigation to the room. */
function BoardLoading() {
  const t = useT();
  return (
    <section className="card board-card" aria-labelledby="board-title" aria-busy="true">
      <h2 id="board-title">{t("board.title")}</h2>
      <p className="muted">{t("room.loading")}</p>
    </section>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function MeetingsCard({ meetings, plan, result }: { meetings: Loaded["meetings"]; plan: Loaded["meetingPlan"]; result: RoomResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const bookingError = result && !result.ok && result.intent === ROOM_INTENTS.book;
  const first = plan.spaces[0];
  return (
    <section className="card" aria-labelledby="meetings-title">
      <h2 id="meetings-title">{t("room.meetings")}</h2>
      {meetings.length === 0 ? <p className="muted">{t("room.noMeetings")}</p> : null}
      <ul className="booking-list" aria-labelledby="meetings-title">
        {meetings.map((m) => (
          <li key={m.id}>
            <span>
              <strong>{m.resourceName}</strong> · {m.spaceName}
              <br />
              {formatLocalRange(m.start, m.end, locale)}
            </span>
          </li>
        ))}
      </ul>
      {first ? (
        <>
          <h3 id="book-title">{t("room.bookRoom")}</h3>
          <Form method="post" preventScrollReset className="form meeting-form" aria-labelledby="book-title">
            <input type="hidden" name="intent" value={ROOM_INTENTS.book} />
            <div className="field">
              <label htmlFor="book-room">{t("room.room")}</label>
              <select id="book-room" name="resourceId" required aria-invalid={bookingError ? true : undefined} aria-describedby="book-room-hint">
                {plan.spaces.map((space) => (
                  <optgroup key={space.spaceId} label={space.spaceName}>
                    {space.rooms.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name} ({t("space.capacity", { count: r.capacity })})
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <span className="hint" id="book-room-hint">
                {t("room.bookFits", { count: plan.teamSize })} {t("room.bookHint")}
              </span>
            </div>
            <div className="field-row">
              <Field label={t("space.date")} name="date" type="date" required defaultValue={first.date ?? undefined} />
              <Field label={t("space.from")} name="from" type="time" step={900} required defaultValue={first.from} />
              <Field label={t("space.to")} name="to" type="time" step={900} required defaultValue={first.to} />
            </div>
            <ResultNotice result={result} only={[ROOM_INTENTS.book]} />
            <button type="submit" className="primary">{t("room.book")}</button>
          </Form>
        </>
      ) : plan.largest !== null ? (
        <p className="muted small" data-testid="no-room-fits">
          {t("room.noRoomFits", { count: plan.teamSize })} {t("room.largestRoom", { count: plan.largest })}
        </p>
      ) : null}
    </section>
  );
}

function PeopleCard() {
  const { project, me, invitable, hasConnections, search, max, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const isOwner = project.role === "owner";
  return (
    <section className="card" aria-labelledby="people-title">
      <h2 id="people-title">{t("room.people")}</h2>
      <ResultNotice result={result} only={[ROOM_INTENTS.addMember, ROOM_INTENTS.removeMember, ROOM_INTENTS.makeOwner, ROOM_INTENTS.leave]} />
      <ul className="here-list" aria-labelledby="people-title">
        {project.members.map((m) => (
          <li key={m.id} className="person">
            <span>
              <Avatar id={m.id} name={m.name} size="xs" photoUrl={m.photoUrl} /> <Link to={`/members/${m.id}`}>{m.name}</Link>
              {m.role === "owner" ? <span className="muted small"> · {t("projects.owner")}</span> : null}
            </span>
            {isOwner && m.id !== me.id ? (
              <span className="person-actions">
                {m.role !== "owner" ? <MemberButton intent={ROOM_INTENTS.makeOwner} member={m} label={t("room.makeOwner")} /> : null}
                <MemberButton intent={ROOM_INTENTS.removeMember} member={m} label={t("room.remove")} />
              </span>
            ) : null}
          </li>
        ))}
      </ul>

      {isOwner ? (
        <>
          <h3 id="invite-title">{t("room.addPeople")}</h3>
          {invitable.length ? (
            <Form method="post" preventScrollReset className="toolbar" aria-labelledby="invite-title">
              <input type="hidden" name="intent" value={ROOM_INTENTS.addMember} />
              <div className="field">
                <label htmlFor="invite-connection">{t("room.fromConnections")}</label>
                <select id="invite-connection" name="memberId" required>
                  {invitable.map((m) => (
                    <option key={m.id} value={m.id}>{m.name}{m.headline ? ` — ${m.headline}` : ""}</option>
                  ))}
                </select>
              </div>
              <button type="submit" className="small-button">{t("room.add")}</button>
            </Form>
          ) : (
            <p className="muted small" data-testid="invite-none">{t(hasConnections ? "room.noConnections" : "network.noConnectionsYet")}</p>
          )}
          <Form method="get" role="search" className="toolbar" aria-label={t("room.searchDirectory")} preventScrollReset>
            <div className="field">
              <label htmlFor="invite-q">{t("room.searchDirectory")}</label>
              <input id="invite-q" name="q" type="search" defaultValue={search?.q ?? ""} maxLength={max.search} />
            </div>
            <button type="submit" className="small-button">{t("room.search")}</button>
          </Form>
          {search ? (
            search.results.length ? (
              <ul className="here-list" aria-label={t("room.searchResults")}>
                {search.results.map((m) => (
                  <li key={m.id} className="person">
                    <span>
                      {m.name}
                      {m.headline ? <span className="muted small"> — {m.headline}</span> : null}
                    </span>
                    <MemberButton intent={ROOM_INTENTS.addMember} member={m} label={t("room.add")} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">{t("room.noResults")}</p>
            )
          ) : null}
          <h3 id="invite-email-title">{t("invite.projectTitle")}</h3>
          <p className="muted small">{t("invite.projectIntro")}</p>
          <InvitationNotice result={invitationResult(result)} intent={INVITATION_INTENTS.invite} />
          <InviteForm phone={false} result={invitationResult(result)} idPrefix="invite-email" labelledBy="invite-email-title" max={max.invite} />
          {invitations.length ? (
            <>
              <h3 id="project-invitations-title">{t("invite.listProject")}</h3>
              <InvitationList items={invitations} title={t("invite.listProject")} result={invitationResult(result)} compact />
            </>
          ) : null}
        </>
      ) : null}

      {/* Leaving asks first (a disclosure: the same without JavaScript); the server also wants the confirmation. */}
      <details className="leave confirm">
        <summary className="small-button">{t("room.leave")}</summary>
        <Form method="post" className="confirm-body">
          <input type="hidden" name="intent" value={ROOM_INTENTS.leave} />
          <input type="hidden" name="confirm" value="yes" />
          <p className="small" id="leave-hint">
            {project.members.length === 1 ? t("room.leaveLast") : t("room.leaveConfirm", { name: project.name })}
          </p>
          <button type="submit" className="small-button danger" aria-describedby="leave-hint">
            {t("room.leaveYes")}
          </button>
        </Form>
      </details>
    </section>
  );
}

/** The answer of an invitation form, when that is what the room's action answered. */
function invitationResult(result: RoomResult | undefined): InvitationResult | undefined {
  return result && (result.intent === INVITATION_INTENTS.invite || result.intent === INVITATION_INTENTS.withdraw) ? (result as InvitationResult) : undefined;
}

/** A button that posts one intent about one member (make owner, remove, add); its name says whom. */
function MemberButton({ intent, member, label }: { intent: RoomIntent; member: { id: string; name: string }; label: string }) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="memberId" value={member.id} />
      <button type="submit" className="small-button">
        {label}<span className="sr-only"> {member.name}</span>
      </button>
    </Form>
  );
}

function EditProjectCard() {
  const { project, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = result && !result.ok && result.intent === ROOM_INTENTS.editProject ? result.errors : {};
  return (
    <section className="card" aria-labelledby="edit-project-title">
      <h2 id="edit-project-title">{t("room.editProject")}</h2>
      <Form method="post" preventScrollReset className="form" key={`${project.name}\n${project.description}`}>
        <input type="hidden" name="intent" value={ROOM_INTENTS.editProject} />
        <Field label={t("projects.name")} name="name" required maxLength={max.project.name} defaultValue={project.name} error={errors.name} />
        <TextAreaField
          label={t("projects.description")}
          name="description"
          rows={3}
          maxLength={max.project.description}
          defaultValue={project.description}
          error={errors.description}
        />
        <ResultNotice result={result} only={[ROOM_INTENTS.editProject]} />
        <button type="submit" className="primary">{t("form.save")}</button>
      </Form>
    </section>
  );
}

function NotFound() {
  const t = useT();
  return (
    <>
      <p className="error-code">404</p>
      <h1>{t("room.notFound.title")}</h1>
      <p>{t("room.notFound.body")}</p>
      <Link to="/projects">← {t("projects.title")}</Link>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary statusHandlers={{ 404: () => <NotFound /> }} />;
}
