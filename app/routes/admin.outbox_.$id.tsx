import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { useBrowserZone } from "~/lib/browser-zone";
import { fieldsOf, readForm } from "~/lib/forms";
import { fail, failure, reply } from "~/lib/forms.server";
import { idParam, orNotFound, requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatInstant } from "~/lib/time";
import operatorStyles from "~/styles/operator.css";
import { INTENTS, RetryButton } from "./admin.outbox";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.adminOutbox.title");

/** One message of the outbox with its attempt log (admins only; 404 for anyone else). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return orNotFound(context.services.messaging.admin.get(viewer, idParam(context, params.id)));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const id = idParam(context, params.id);
  if (fieldsOf(await readForm(request)).text("intent") !== INTENTS.retry) return reply(fail(context, "validation_failed", "Unknown action."));
  try {
    await context.services.messaging.admin.retry(viewer, id);
    return reply({ ok: true as const });
  } catch (error) {
    return reply(failure(context, error));
  }
}

export default function OutboxMessage() {
  const m = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const zone = useBrowserZone();
  const when = (iso: string | null) => (iso ? <time dateTime={iso}>{formatInstant(iso, locale, zone)}</time> : "—");
  return (
    <section className="stack op-page">
      <p><Link to="/admin/outbox">← {t("outbox.back")}</Link></p>
      <h1>{t("outbox.detail")}: {m.kind}</h1>
      {result?.ok ? <p className="notice" role="status">{t("outbox.retried")}</p> : result ? <FormErrorMessage code={result.code} message={result.message} /> : null}
      <dl className="card">
        <dt>{t("outbox.channel")}</dt><dd>{t(`outbox.channel.${m.channel}`)}</dd>
        <dt>{t("outbox.to")}</dt><dd>{m.address}</dd>
        <dt>{t("outbox.status")}</dt><dd data-testid="outbox-status">{t(`outbox.status.${m.status}` as MessageKey)}</dd>
        <dt>{t("outbox.attempts")}</dt><dd>{t("outbox.attemptsOf", { attempts: m.attempts, max: m.maxAttempts })}</dd>
        <dt>{t("outbox.created")}</dt><dd>{when(m.createdAt)}</dd>
        {m.status === "pending" ? <><dt>{t("outbox.next")}</dt><dd>{when(m.availableAt)}</dd></> : null}
        {m.sentAt ? <><dt>{t("outbox.sentAt")}</dt><dd>{when(m.sentAt)}</dd></> : null}
        {m.lastError ? <><dt>{t("outbox.lastError")}</dt><dd>{m.lastError}</dd></> : null}
      </dl>
      {m.status === "dead" && !result?.ok ? <RetryButton id={m.id} label={t("outbox.retry")} /> : null}
      {m.channel === "email" && m.rendered ? <p><Link to={`/admin/sent-mail/${m.id}`}>{t("outbox.viewMail")}</Link></p> : null}

      <section aria-labelledby="attempts-title" className="stack">
        <h2 id="attempts-title">{t("outbox.attemptLog")}</h2>
        {m.attemptLog.length === 0 ? <p>{t("outbox.noAttempts")}</p> : (
          <table className="op-table">
            <thead>
              <tr>
                <th scope="col">{t("outbox.attempt")}</th>
                <th scope="col">{t("outbox.startedAt")}</th>
                <th scope="col">{t("outbox.duration")}</th>
                <th scope="col">{t("outbox.outcome")}</th>
                <th scope="col">{t("outbox.response")}</th>
                <th scope="col">{t("outbox.error")}</th>
              </tr>
            </thead>
            <tbody>
              {m.attemptLog.map((a) => (
                <tr key={a.attempt + a.startedAt}>
                  <th scope="row">{a.attempt}</th>
                  <td data-label={t("outbox.startedAt")}>{when(a.startedAt)}</td>
                  <td data-label={t("outbox.duration")}>{t("outbox.ms", { ms: a.durationMs })}</td>
                  <td data-label={t("outbox.outcome")}>{t(`outbox.outcome.${a.outcome}`)}</td>
                  <td data-label={t("outbox.response")}>{a.responseStatus ?? "—"}</td>
                  <td data-label={t("outbox.error")}>{a.error ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
