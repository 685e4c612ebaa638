import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, SelectField } from "~/components/Field";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { ResourceResultMessage } from "~/components/ResourceResultMessage";
import { RateFields } from "~/components/RateFields";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { rateWords } from "~/lib/price";
import { readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { RESOURCE_INTENTS } from "~/lib/intents";
import { requireOperatorSpace } from "~/lib/operator.server";
import { runResourceIntent } from "~/lib/resource-intents.server";
import { pageMeta } from "~/lib/meta";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorResources.title", data?.space.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { space } = await requireOperatorSpace(request, context, params.spaceId);
  return {
    space,
    resources: await context.services.spaces.resources(space.id),
    max: context.limits.maxLengths(context.schemas.spaces.ResourceCreateInput),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  return reply(await runResourceIntent(context, viewer, space.id, await readForm(request)));
}

export default function Resources() {
  const { space, resources, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  const addErrors = failed?.intent === RESOURCE_INTENTS.add ? failed.errors : {};
  return (
    <section className="stack op-page">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("op.nav.resources")}</h2>
      <ResourceResultMessage result={result} />

      <table className="op-table">
        <caption className="sr-only">{t("op.nav.resources")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("op.res.name")}</th>
            <th scope="col">{t("op.res.kind")}</th>
            <th scope="col">{t("space.zone")}</th>
            <th scope="col">{t("op.res.capacity")}</th>
            <th scope="col">{t("op.res.amenities")}</th>
            <th scope="col">{t("billing.prices.rate")}</th>
            <th scope="col">{t("op.res.status")}</th>
            <th scope="col">{t("op.res.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {resources.map((r) => {
            const errs = failed && failed.id === r.id ? failed.errors : {};
            return (
              <tr key={r.id} data-testid={`resource-${r.name}`}>
                <th scope="row">{r.name}</th>
                <td data-label={t("op.res.kind")}>{t(`op.kind.${r.kind}` as MessageKey)}</td>
                <td data-label={t("space.zone")}>{r.zone}</td>
                <td data-label={t("op.res.capacity")}>{r.capacity}</td>
                <td data-label={t("op.res.amenities")}>{r.amenities.join(", ")}</td>
                <td data-label={t("billing.prices.rate")}>{rateWords(t, locale, r.rate)}</td>
                <td data-label={t("op.res.status")}>{r.active ? t("op.res.active") : t("op.res.inactive")}</td>
                <td data-label={t("op.res.actions")}>
                  <details open={Boolean(failed && failed.id === r.id && failed.intent === RESOURCE_INTENTS.edit)}>
                    <summary>{t("op.res.edit")}<span className="sr-only"> {r.name}</span></summary>
                    <Form method="post" className="form" aria-label={t("op.res.editNamed", { name: r.name })}>
                      <input type="hidden" name="intent" value={RESOURCE_INTENTS.edit} />
                      <input type="hidden" name="resourceId" value={r.id} />
                      <Field label={t("op.res.name")} name="name" required maxLength={max.name} defaultValue={r.name} error={errs.name} />
                      <Field label={t("space.zone")} name="zone" maxLength={max.zone} defaultValue={r.zone} error={errs.zone} />
                      <Field label={t("op.res.capacity")} name="capacity" type="number" min={1} max={500} defaultValue={r.capacity} error={errs.capacity} />
                      <Field label={t("op.res.amenities")} hint={t("op.res.amenitiesHint")} name="amenities" defaultValue={r.amenities.join(", ")} error={errs.amenities} />
                      <RateFields rate={r.rate} errors={errs} idPrefix={`rate-${r.id}`} />
                      <button type="submit" className="small-button" disabled={busy}>{t("op.save")}</button>
                    </Form>
                  </details>
                  {r.active ? (
                    <details open={Boolean(failed && failed.id === r.id && failed.intent === RESOURCE_INTENTS.deactivate)}>
                      <summary>{t("op.res.deactivate")}<span className="sr-only"> {r.name}</span></summary>
                      <Form method="post" className="form" aria-label={t("op.res.deactivateNamed", { name: r.name })}>
                        <input type="hidden" name="intent" value={RESOURCE_INTENTS.deactivate} />
                        <input type="hidden" name="resourceId" value={r.id} />
                        <fieldset>
                          <legend>{t("op.res.futureQuestion", { name: r.name })}</legend>
                          <div className="checkbox">
                            <input type="radio" id={`move-${r.id}`} name="futureBookings" value="move" defaultChecked />
                            <label htmlFor={`move-${r.id}`}>{t("op.res.move")}</label>
                          </div>
                          <div className="checkbox">
                            <input type="radio" id={`cancel-${r.id}`} name="futureBookings" value="cancel" />
                            <label htmlFor={`cancel-${r.id}`}>{t("op.res.cancel")}</label>
                          </div>
                        </fieldset>
                        <button type="submit" className="small-button" disabled={busy}>{t("op.res.deactivateConfirm", { name: r.name })}</button>
                      </Form>
                    </details>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value={RESOURCE_INTENTS.activate} />
                      <input type="hidden" name="resourceId" value={r.id} />
                      <button type="submit" className="small-button" disabled={busy}>{t("op.res.activate")}<span className="sr-only"> {r.name}</span></button>
                    </Form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <section className="card" aria-labelledby="add-title">
        <h2 id="add-title">{t("op.res.add")}</h2>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value={RESOURCE_INTENTS.add} />
          <Field label={t("op.res.name")} name="name" required maxLength={max.name} error={addErrors.name} />
          <SelectField label={t("op.res.kind")} id="add-kind" name="kind" defaultValue="desk" error={addErrors.kind}>
            {(["desk", "room", "booth"] as const).map((k) => <option key={k} value={k}>{t(`op.kind.${k}`)}</option>)}
          </SelectField>
          <Field label={t("space.zone")} name="zone" maxLength={max.zone} error={addErrors.zone} />
          <Field label={t("op.res.capacity")} hint={t("op.res.capacityHint")} name="capacity" type="number" min={1} max={500} error={addErrors.capacity} />
          <Field label={t("op.res.amenities")} hint={t("op.res.amenitiesHint")} name="amenities" error={addErrors.amenities} />
          <RateFields rate={null} errors={addErrors} idPrefix="rate-add" />
          <button type="submit" className="primary" disabled={busy}>{t("op.res.addButton")}</button>
        </Form>
        <p className="muted">{t("op.res.planHint")} <Link to={`/operator/spaces/${space.id}/plan`}>{t("op.nav.plan")}</Link></p>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
