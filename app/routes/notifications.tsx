import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback } from "react";
import { useLocale, useT } from "~/i18n";
import { requireMember } from "~/lib/guards.server";
import { notificationText } from "~/lib/notifications";
import { useSocketEvent } from "~/realtime/socket";

export const meta: MetaFunction = () => [{ title: "Notifications · Jejaring" }];

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
      <h1>{t("notifications.title")}</h1>
      {unread ? (
        <Form method="post">
          <button type="submit" className="small-button">{t("notifications.markAll")}</button>
        </Form>
      ) : null}
      {items.length === 0 ? <p>{t("notifications.empty")}</p> : null}
      <ul className="booking-list" data-testid="notifications">
        {items.map((n) => {
          const text = notificationText(n, t, locale);
          return (
            <li key={n.id} data-kind={n.kind}>
              <span>
                {n.readAt ? null : <><span className="badge" aria-hidden="true">•</span><span className="sr-only">{t("notifications.unreadMark")}</span></>}{" "}
                <strong>{text.title}</strong>
                {text.body ? <><br /><span className="muted">{text.body}</span></> : null}
                {text.hint ? <><br /><small className="muted">{text.hint}</small></> : null}
              </span>
              {text.link ? <Link to={text.link} aria-label={`${t("notifications.open")}: ${text.title}`}>→</Link> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
