import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SelectField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { useBrowserZone } from "~/lib/browser-zone";
import { domainError, fieldsOf, readForm } from "~/lib/forms";
import { fail, failure, idOf, reply } from "~/lib/forms.server";
import { orNotFound, requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatInstant } from "~/lib/time";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.adminOutbox.title");

export const CHANNELS = ["email", "whatsapp", "webhook"] as const;
export const STATUSES = ["pending", "sending", "sent", "kept", "skipped", "dead"] as const;
const PAGE = 25;

/** The form intents of this page, shared by the forms and the action's switch. */
export const INTENTS = { retry: "retry" } as const;

/** The admin's outbox: admins only (the service answers 404 to anyone else, and so does the page). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const url = new URL(request.url);
  const raw = { channel: url.searchParams.get("channel") || undefined, status: url.searchParams.get("status") || undefined, cursor: url.searchParams.get("cursor") || undefined };
  const parsed = context.validate(context.schemas.outbox.OutboxListQuery, { ...raw, limit: PAGE });
  const query = parsed.ok ? parsed.data : { limit: PAGE };
  const page = await orNotFound(
    context.services.messaging.admin.list(viewer, query).catch((error: unknown) => {
      // A cursor no page handed out starts again at the first page instead of failing the page.
      if (query.cursor && domainError(error)?.code === "validation_failed") return context.services.messaging.admin.list(viewer, { ...query, cursor: undefined });
      throw error;
    }),
  );
  return { ...page, filters: { channel: raw.channel ?? "", status: raw.status ?? "" }, invalid: !parsed.ok, paged: Boolean(raw.cursor) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const f = fieldsOf(await readForm(request));
  const id = idOf(context, f.optional("id"));
  if (!id) return reply(fail(context, "not_found"));
  if (f.text("intent") !== INTENTS.retry) return reply(fail(context, "validation_failed", "Unknown action."));
  try {
    await context.services.messaging.admin.retry(viewer, id);
    return reply({ ok: true as const });
  } catch (error) {
    return reply(failure(context, error));
  }
}

export function RetryButton({ id, label }: { id: string; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={INTENTS.retry} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="small-button">{label}</button>
    </Form>
  );
}

export default function AdminOutbox() {
  const { items, nextCursor, counts, filters, invalid, paged } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const zone = useBrowserZone();
  const busy = useNavigation().state !== "idle";
  const chosen = Object.entries(filters).filter(([, v]) => v);
  const next = new URLSearchParams([...chosen, ...(nextCursor ? [["cursor", nextCursor]] : [])]);
  const when = (iso: string) => <time dateTime={iso}>{formatInstant(iso, locale, zone)}</time>;
  return (
    <section className="stack op-page" aria-busy={busy}>
      <p><Link to="/admin">← {t("admin.title")}</Link> · <Link to="/admin/sent-mail">{t("sentMail.title")}</Link></p>
      <h1>{t("outbox.title")}</h1>
      <p>{t("outbox.intro")}</p>

      <section aria-labelledby="outbox-counts">
        <h2 id="outbox-counts" className="sr-only">{t("outbox.counts")}</h2>
        <ul className="stats" data-testid="outbox-counts">
          {STATUSES.map((s) => (
            <li key={s}><strong>{counts[s] ?? 0}</strong>{t(`outbox.status.${s}`)}</li>
          ))}
        </ul>
      </section>

      <Form method="get" className="toolbar" aria-label={t("outbox.filter")}>
        <SelectField label={t("outbox.channel")} id="outbox-channel" name="channel" defaultValue={filters.channel}>
          <option value="">{t("outbox.any")}</option>
          {CHANNELS.map((c) => <option key={c} value={c}>{t(`outbox.channel.${c}`)}</option>)}
        </SelectField>
        <SelectField label={t("outbox.status")} id="outbox-status" name="status" defaultValue={filters.status}>
          <option value="">{t("outbox.any")}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{t(`outbox.status.${s}`)}</option>)}
        </SelectField>
        <button type="submit" className="small-button">{t("outbox.show")}</button>
      </Form>
      {invalid ? <p className="form-error" role="alert">{t("errors.validation_failed")}</p> : null}
      {result?.ok ? <p className="notice" role="status">{t("outbox.retried")}</p> : result ? <FormErrorMessage code={result.code} message={result.message} /> : null}

      {items.length === 0 ? <p>{t("outbox.empty")}</p> : (
        <table className="op-table">
          <caption className="sr-only">{t("outbox.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("outbox.kind")}</th>
              <th scope="col">{t("outbox.to")}</th>
              <th scope="col">{t("outbox.status")}</th>
              <th scope="col">{t("outbox.attempts")}</th>
              <th scope="col">{t("outbox.created")}</th>
              <th scope="col">{t("outbox.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id} data-testid={`outbox-${m.id}`}>
                <th scope="row"><Link to={`/admin/outbox/${m.id}`}>{m.kind}</Link> <span className="muted">{t(`outbox.channel.${m.channel}`)}</span></th>
                <td data-label={t("outbox.to")}>{m.address}</td>
                <td data-label={t("outbox.status")}>
                  {m.status === "dead" ? <strong className="badge-text">{t("outbox.status.dead")}</strong> : t(`outbox.status.${m.status}` as MessageKey)}
                  {m.lastError ? <div className="small muted">{m.lastError}</div> : null}
                </td>
                <td data-label={t("outbox.attempts")}>{t("outbox.attemptsOf", { attempts: m.attempts, max: m.maxAttempts })}</td>
                <td data-label={t("outbox.created")}>{when(m.createdAt)}</td>
                <td data-label={t("outbox.actions")}>
                  {m.status === "dead" ? <RetryButton id={m.id} label={t("outbox.retry")} /> : <Link to={`/admin/outbox/${m.id}`}>{t("outbox.open")}</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label={t("outbox.paging")} className="toolbar">
        {paged ? <Link to={`?${new URLSearchParams(chosen).toString()}`}>{t("outbox.first")}</Link> : null}
        {nextCursor ? <Link to={`?${next.toString()}`} rel="next">{t("outbox.more")}</Link> : null}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
