import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, TextAreaField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT, type MessageKey } from "~/i18n";
import { fieldsOf, readForm, type FormError } from "~/lib/forms";
import { fail, failure, idOf, parseForm, reply } from "~/lib/forms.server";
import { requireAdmin } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];
export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.adminWebhooks.title");

/** The form intents of this page, shared by the forms and the action's switch. */
const INTENTS = { register: "register", enable: "enable", disable: "disable", remove: "remove", ping: "ping" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const wh = context.services.messaging.webhooks;
  const endpoints = await wh.list(viewer);
  const logs = await Promise.all(endpoints.map((e) => wh.deliveries(viewer, e.id, { limit: 10 })));
  return {
    endpoints: endpoints.map((e, i) => ({ ...e, deliveries: logs[i]!.items })),
    types: [...context.schemas.webhooks.WEBHOOK_EVENT_TYPES],
  };
}

type Result = { ok: true; kind: "registered"; secret: string; url: string } | { ok: true; kind: "done" } | FormError;

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const form = await readForm(request);
  const f = fieldsOf(form);
  const wh = context.services.messaging.webhooks;
  try {
    const intent = f.text("intent");
    if (intent === INTENTS.register) {
      const parsed = parseForm(context, context.schemas.webhooks.WebhookCreateInput, {
        url: f.text("url"),
        events: form.getAll("events").filter((v): v is string => typeof v === "string"),
        description: f.optional("description"),
      });
      if (!parsed.ok) return reply<Result>(parsed);
      const created = await wh.register(viewer, parsed.data);
      return reply<Result>({ ok: true, kind: "registered", secret: created.secret, url: created.url });
    }
    const id = idOf(context, f.optional("endpointId"));
    if (!id) return reply<Result>(fail(context, "not_found"));
    switch (intent) {
      case INTENTS.enable:
      case INTENTS.disable:
        await wh.update(viewer, id, { enabled: intent === INTENTS.enable });
        break;
      case INTENTS.remove:
        await wh.remove(viewer, id);
        break;
      case INTENTS.ping:
        await wh.ping(viewer, id);
        break;
      default:
        return reply<Result>(fail(context, "validation_failed", "Unknown action."));
    }
    return reply<Result>({ ok: true, kind: "done" });
  } catch (error) {
    return reply<Result>(failure(context, error));
  }
}

export default function AdminWebhooks() {
  const { endpoints, types } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const errors = result && !result.ok ? result.errors : {};
  return (
    <section className="stack op-page" aria-busy={busy}>
      <p><Link to="/admin">← {t("admin.title")}</Link></p>
      <h1>{t("wh.title")}</h1>
      <p>{t("wh.intro")}</p>

      {result?.ok && result.kind === "registered" ? (
        <div className="notice stack" role="status" data-testid="webhook-secret">
          <p>{t("wh.secretOnce", { url: result.url })}</p>
          <label htmlFor="wh-secret">{t("wh.secret")}</label>
          <input id="wh-secret" readOnly value={result.secret} className="mono" />
          <button type="button" className="small-button" onClick={() => void navigator.clipboard?.writeText(result.secret)}>{t("wh.copy")}</button>
        </div>
      ) : null}
      {result && !result.ok ? <FormErrorMessage code={result.code} message={result.message} details={result.details} /> : null}

      <section aria-labelledby="wh-new" className="card">
        <h2 id="wh-new">{t("wh.register")}</h2>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value={INTENTS.register} />
          <Field label={t("wh.url")} id="wh-url" name="url" type="url" required placeholder="https://" error={errors.url} />
          <fieldset>
            <legend>{t("wh.events")}</legend>
            {types.map((type) => (
              <label key={type} className="check">
                <input type="checkbox" name="events" value={type} /> <code>{type}</code>
              </label>
            ))}
          </fieldset>
          <TextAreaField label={t("wh.description")} id="wh-description" name="description" rows={2} maxLength={500} error={errors.description} />
          <button type="submit" className="primary" disabled={busy}>{t("wh.registerButton")}</button>
        </Form>
      </section>

      <section aria-labelledby="wh-list" className="stack">
        <h2 id="wh-list">{t("wh.endpoints")}</h2>
        {endpoints.length === 0 ? <p>{t("wh.none")}</p> : null}
        {endpoints.map((e) => (
          <article key={e.id} className="card stack" data-testid="webhook-endpoint" aria-labelledby={`wh-${e.id}`}>
            <h3 id={`wh-${e.id}`} className="break">{e.url}</h3>
            {e.description ? <p>{e.description}</p> : null}
            <p>{e.events.join(", ")}</p>
            <p>
              {e.enabled ? t("wh.enabled") : <strong className="badge-text">{t(`wh.disabled.${e.disabledReason ?? "admin"}` as MessageKey)}</strong>}
            </p>
            <div className="toolbar">
              <Form method="post">
                <input type="hidden" name="endpointId" value={e.id} />
                <button type="submit" name="intent" value={INTENTS.ping} className="small-button">{t("wh.ping")}</button>
              </Form>
              <Form method="post">
                <input type="hidden" name="endpointId" value={e.id} />
                <button type="submit" name="intent" value={e.enabled ? INTENTS.disable : INTENTS.enable} className="small-button">
                  {e.enabled ? t("wh.disable") : t("wh.enable")}
                </button>
              </Form>
              <details>
                <summary>{t("wh.delete")}</summary>
                <Form method="post">
                  <input type="hidden" name="endpointId" value={e.id} />
                  <p className="small">{t("wh.deleteWarning")}</p>
                  <button type="submit" name="intent" value={INTENTS.remove} className="small-button">{t("wh.deleteConfirm")}</button>
                </Form>
              </details>
            </div>
            <table className="op-table" data-testid="webhook-log">
              <caption>{t("wh.log")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("wh.type")}</th>
                  <th scope="col">{t("wh.status")}</th>
                  <th scope="col">{t("wh.response")}</th>
                  <th scope="col">{t("wh.attempt")}</th>
                  <th scope="col">{t("wh.next")}</th>
                </tr>
              </thead>
              <tbody>
                {e.deliveries.map((d) => (
                  <tr key={d.id}>
                    <td data-label={t("wh.type")}><code>{d.type}</code></td>
                    <td data-label={t("wh.status")}>{t(`wh.st.${d.status}` as MessageKey)}</td>
                    <td data-label={t("wh.response")}>{d.responseStatus ?? "—"}</td>
                    <td data-label={t("wh.attempt")}>{d.attempt}</td>
                    <td data-label={t("wh.next")}>{d.nextAttemptAt ? <time dateTime={d.nextAttemptAt}>{d.nextAttemptAt.slice(0, 16).replace("T", " ")} UTC</time> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </article>
        ))}
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
