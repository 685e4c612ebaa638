import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BalanceChart } from "~/components/BalanceChart";
import { Field } from "~/components/Field";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { formatMoney, useLocale, useT } from "~/i18n";
import { domainError, type FieldErrors } from "~/lib/forms";
import { failure } from "~/lib/forms.server";
import { orNotFound } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { requireOperatorSpace } from "~/lib/operator.server";
import { formatMonth } from "~/lib/time";
import operatorStyles from "~/styles/operator.css";

// A space's revenue for its operators: invoiced and collected per month as a chart, and every number (monthly
// recurring revenue, subscribers, invoiced, collected, withheld tax, outstanding) in a table, with the last month's
// plans. Months are the space's own; a bad range is said beside the fields and the default shown meanwhile.

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorRevenue.title", data?.space.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const url = new URL(request.url);
  const asked = { from: url.searchParams.get("from") || undefined, to: url.searchParams.get("to") || undefined };
  let errors: FieldErrors = {};
  const revenue = await orNotFound(
    context.services.billing.revenue.revenue(viewer, space.id, asked).catch((error: unknown) => {
      if (domainError(error)?.code !== "validation_failed") throw error;
      errors = failure(context, error).errors;
      return context.services.billing.revenue.revenue(viewer, space.id);
    }),
  );
  return { space: { id: space.id, name: space.name }, revenue, input: { from: asked.from ?? revenue.from, to: asked.to ?? revenue.to }, errors };
}

export default function SpaceRevenue() {
  const { space, revenue, input, errors } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const money = (v: number) => formatMoney(v, locale);
  const last = revenue.months[revenue.months.length - 1];
  return (
    <section className="stack op-page">
      <p className="no-print">
        <Link to="/operator">← {t("operator.title")}</Link>
      </p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("billing.revenue.title")}</h2>
      <p className="muted">{t("billing.revenue.intro")}</p>
      <Form method="get" className="toolbar">
        <Field label={t("billing.revenue.from")} name="from" type="month" defaultValue={input.from} error={errors.from} key={`f${input.from}`} />
        <Field label={t("billing.revenue.to")} name="to" type="month" defaultValue={input.to} error={errors.to} key={`t${input.to}`} />
        <button type="submit" className="small-button">{t("billing.revenue.show")}</button>
      </Form>

      <section className="card" aria-labelledby="revenue-chart-title">
        <h3 id="revenue-chart-title">{t("billing.revenue.chart")}</h3>
        <BalanceChart
          rows={revenue.months.map((m) => ({ tag: formatMonth(m.month, locale), needed: m.invoiced, offered: m.collected }))}
          labels={{ title: t("billing.revenue.chart"), needed: t("billing.revenue.invoiced"), offered: t("billing.revenue.collected") }}
          format={money}
        />
      </section>

      <section className="card" aria-labelledby="revenue-table-title">
        <h3 id="revenue-table-title">{t("billing.revenue.title")}</h3>
        <div className="grid-scroll" tabIndex={0} role="region" aria-labelledby="revenue-table-title">
          <table data-testid="revenue-table">
            <thead>
              <tr>
                <th scope="col">{t("billing.revenue.month")}</th>
                <th scope="col">{t("billing.revenue.recurring")}</th>
                <th scope="col">{t("billing.revenue.subscribers")}</th>
                <th scope="col">{t("billing.revenue.invoiced")}</th>
                <th scope="col">{t("billing.revenue.collected")}</th>
                <th scope="col">{t("billing.revenue.withheld")}</th>
                <th scope="col">{t("billing.revenue.outstanding")}</th>
              </tr>
            </thead>
            <tbody>
              {revenue.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{formatMonth(m.month, locale)}</th>
                  <td>{money(m.recurring)}</td>
                  <td>{m.subscribers}</td>
                  <td>{money(m.invoiced)}</td>
                  <td>{money(m.collected)}</td>
                  <td>{money(m.withheld)}</td>
                  <td>{money(m.outstanding)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("billing.revenue.total")}</th>
                <td />
                <td />
                <td>{money(revenue.totals.invoiced)}</td>
                <td>{money(revenue.totals.collected)}</td>
                <td>{money(revenue.totals.withheld)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      {last ? (
        <section className="card" aria-labelledby="revenue-plans-title">
          <h3 id="revenue-plans-title">{t("billing.revenue.byPlan", { month: formatMonth(last.month, locale) })}</h3>
          {last.byPlan.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("billing.revenue.plan")}</th>
                  <th scope="col">{t("billing.revenue.subscribers")}</th>
                  <th scope="col">{t("billing.revenue.recurring")}</th>
                </tr>
              </thead>
              <tbody>
                {last.byPlan.map((p) => (
                  <tr key={p.planId}>
                    <th scope="row">{p.name}</th>
                    <td>{p.subscribers}</td>
                    <td>{money(p.recurring)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t("billing.revenue.noPlans")}</p>
          )}
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
