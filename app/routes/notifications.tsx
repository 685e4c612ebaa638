import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback } from "react";
import { useT } from "~/i18n";
import { requireMember } from "~/lib/guards.server";
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
        {items.map((n) => (
          <li key={n.id}>
            <span>
              {n.readAt ? null : <span className="badge" aria-hidden="true">•</span>} <strong>{n.title}</strong>
              {n.body ? <><br /><span className="muted">{n.body}</span></> : null}
            </span>
            {n.link ? <Link to={n.link}>→</Link> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
