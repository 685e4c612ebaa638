import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useLocale, useT } from "~/i18n";
import { useBrowserZone } from "~/lib/browser-zone";
import { domainError } from "~/lib/forms";
import { orNotFound, requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatInstant } from "~/lib/time";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.adminSentMail.title");

const PAGE = 25;

/** Mail sent or kept (no SMTP_URL), newest first: admins only (404 for anyone else). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const cursor = new URL(request.url).searchParams.get("cursor") || undefined;
  const parsed = context.validate(context.schemas.outbox.SentMailQuery, { cursor, limit: PAGE });
  const query = parsed.ok ? parsed.data : { limit: PAGE };
  const page = await orNotFound(
    context.services.messaging.admin.sentMail(viewer, query).catch((error: unknown) => {
      if (query.cursor && domainError(error)?.code === "validation_failed") return context.services.messaging.admin.sentMail(viewer, { limit: PAGE });
      throw error;
    }),
  );
  return { ...page, paged: Boolean(cursor) };
}

export default function SentMail() {
  const { items, nextCursor, paged } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const zone = useBrowserZone();
  return (
    <section className="stack op-page">
      <p><Link to="/admin">← {t("admin.title")}</Link> · <Link to="/admin/outbox">{t("outbox.title")}</Link></p>
      <h1>{t("sentMail.title")}</h1>
      <p>{t("sentMail.intro")}</p>
      {items.length === 0 ? <p>{t("sentMail.empty")}</p> : (
        <table className="op-table">
          <caption className="sr-only">{t("sentMail.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("sentMail.subject")}</th>
              <th scope="col">{t("outbox.to")}</th>
              <th scope="col">{t("outbox.status")}</th>
              <th scope="col">{t("outbox.sentAt")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id} data-testid={`mail-${m.id}`}>
                <th scope="row"><Link to={`/admin/sent-mail/${m.id}`}>{m.subject ?? m.kind}</Link></th>
                <td data-label={t("outbox.to")}>{m.address}</td>
                <td data-label={t("outbox.status")}>{t(m.status === "kept" ? "outbox.status.kept" : "outbox.status.sent")}</td>
                <td data-label={t("outbox.sentAt")}>{m.sentAt ? <time dateTime={m.sentAt}>{formatInstant(m.sentAt, locale, zone)}</time> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label={t("outbox.paging")} className="toolbar">
        {paged ? <Link to="?">{t("outbox.first")}</Link> : null}
        {nextCursor ? <Link to={`?cursor=${encodeURIComponent(nextCursor)}`} rel="next">{t("outbox.more")}</Link> : null}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
