import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback } from "react";
import { useLocale, useT } from "~/i18n";
import { requireMember } from "~/lib/guards.server";
import { notificationText } from "~/lib/notifications";
import { useSocketEvent } from "~/realtime/socket";
import { pageMeta } from "~/lib/meta";
import { AtSign, CalendarX, CheckCheck, ChevronRight, FolderKanban, Handshake, Inbox, ListTodo, UserPlus, type LucideIcon, BriefcaseBusiness, Hourglass } from "lucide-react";
import type { LinksFunction } from "@remix-run/node";
import { EmptyState } from "~/components/EmptyState";
import { PageHeader } from "~/components/PageHeader";
import notificationStyles from "~/styles/notifications.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: notificationStyles }];

const ICONS: Record<string, LucideIcon> = {
  booking_cancelled: CalendarX,
  booking_moved: CalendarX,
  booking_released: CalendarX,
  waitlist_promoted: CheckCheck,
  mention: AtSign,
  project_added: FolderKanban,
  project_meeting: FolderKanban,
  task_assigned: ListTodo,
  connection_requested: UserPlus,
  connection_accepted: Handshake,
  introduction: Handshake,
  referral_received: BriefcaseBusiness,
  referral_updated: BriefcaseBusiness,
  hours_recorded: Hourglass,
  hours_decided: Hourglass,
  event_promoted: CheckCheck,
};

/** Each kind's icon, decorative: the title says what happened. */
function NotificationIcon({ kind }: { kind: string }) {
  const Icon = ICONS[kind] ?? Inbox;
  return (
    <span className="notification-icon">
      <Icon className="icon" aria-hidden="true" />
    </span>
  );
}

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.notifications.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return context.services.notifications.list(viewer.id);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  await context.services.notifications.markRead(viewer.id, "all");
  return { ok: true };
}

export default function Notifications() {
  const { items, unread } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const onNew = useCallback(() => revalidator.revalidate(), [revalidator]);
  useSocketEvent("notification", onNew);
  return (
    <section className="stack">
      <PageHeader
        title={t("notifications.title")}
        description={unread ? t("notifications.unread", { count: unread }) : undefined}
        actions={
          unread ? (
            <Form method="post">
              <button type="submit" className="small-button">
                <CheckCheck className="icon icon-sm" aria-hidden="true" /> {t("notifications.markAll")}
              </button>
            </Form>
          ) : null
        }
      />
      {items.length === 0 ? (
        <EmptyState icon={Inbox} title={t("notifications.empty")} body={t("notifications.emptyBody")} action={{ to: "/network", label: t("notifications.emptyAction") }} testId="notifications-empty" />
      ) : null}
      <ul className="notification-list plain-list" data-testid="notifications">
        {items.map((n) => {
          const text = notificationText(n, t, locale);
          return (
            <li key={n.id} data-kind={n.kind} className={n.readAt ? "notification" : "notification is-unread"}>
              <NotificationIcon kind={n.kind} />
              <span className="notification-text">
                {n.readAt ? null : <span className="sr-only">{t("notifications.unreadMark")} </span>}
                <strong>{text.title}</strong>
                {text.body ? <span className="muted">{text.body}</span> : null}
                {text.hint ? <small className="muted">{text.hint}</small> : null}
              </span>
              {text.link ? (
                <Link to={text.link} className="icon-button" aria-label={`${t("notifications.open")}: ${text.title}`}>
                  <ChevronRight className="icon" aria-hidden="true" />
                </Link>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
