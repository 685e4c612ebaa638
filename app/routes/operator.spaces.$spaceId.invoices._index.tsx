import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SelectField, Field } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { InvoiceList } from "~/components/InvoiceView";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { formatMoney, useLocale, useT } from "~/i18n";
import { parseForm } from "~/lib/forms.server";
import { requireOperatorSpace } from "~/lib/operator.server";
import { pageMeta } from "~/lib/meta";
import invoiceStyles from "~/styles/invoices.css";
import operatorStyles from "~/styles/operator.css";

// A space's invoices for its operator: outstanding, overdue and paid totals over the filter, the filter itself (a
// GET form: works without JavaScript and the URL can be shared), the list and the CSV for the accountant.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: operatorStyles },
  { rel: "stylesheet", href: invoiceStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.billingInvoicesOp.title", data?.space.name);

const STATUSES = ["issued", "paid", "void"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const url = new URL(request.url);
  const typed = {
    status: url.searchParams.get("status") || undefined,
    from: url.searchParams.get("from") || undefined,
    to: url.searchParams.get("to") || undefined,
    cursor: url.searchParams.get("cursor") || undefined,
  };
  const parsed = parseForm(context, context.schemas.billing.invoices.SpaceInvoicesQuery, typed);
  const query = parsed.ok ? parsed.data : { limit: 50, format: "json" as const };
  const result = await context.services.billing.invoices.forSpace(viewer, space.id, query);
  const csv = new URLSearchParams({ format: "csv" });
  for (const key of ["status", "from", "to"] as const) if (parsed.ok && parsed.data[key]) csv.set(key, parsed.data[key]!);
  const next = new URLSearchParams(url.searchParams);
  if (result.nextCursor) next.set("cursor", result.nextCursor);
  return {
    space: { id: space.id, name: space.name },
    typed,
    error: parsed.ok ? null : parsed,
    ...result,
    csvHref: `/api/v1/spaces/${space.id}/invoices?${csv}`,
    nextHref: result.nextCursor ? `?${next}` : null,
  };
}

export default function OperatorInvoices() {
  const { space, typed, error, items, totals, csvHref, nextHref } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const money = (n: number) => formatMoney(n, locale);
  return (
    <section className="stack op-page">
      <p className="no-print">
        <Link to="/operator">← {t("operator.title")}</Link>
      </p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("billing.invoices.title")}</h2>

      <section className="card invoice-summary" aria-label={t("billing.invoices.title")}>
        <div>
          <span className="muted">{t("billing.invoices.op.outstanding")}</span>
          <strong data-testid="outstanding-amount">{money(totals.outstanding.amount)}</strong>
          <span>{t("billing.invoices.op.count", { count: totals.outstanding.count })}</span>
        </div>
        <div>
          <span className="muted">{t("billing.invoices.op.overdue")}</span>
          <strong>{money(totals.overdue.amount)}</strong>
          <span>{t("billing.invoices.op.count", { count: totals.overdue.count })}</span>
        </div>
        <div>
          <span className="muted">{t("billing.invoices.op.paidTotal")}</span>
          <strong data-testid="paid-amount">{money(totals.paid.amount)}</strong>
          <span>{t("billing.invoices.op.count", { count: totals.paid.count })}</span>
        </div>
      </section>

      <Form method="get" className="card form" aria-labelledby="invoice-filter-title">
        <h3 id="invoice-filter-title">{t("billing.invoices.op.filters")}</h3>
        <div className="invoice-filters">
          <SelectField label={t("billing.invoices.op.status")} name="status" defaultValue={typed.status ?? ""} error={error?.errors.status}>
            <option value="">{t("billing.invoices.op.anyStatus")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>{t(`billing.invoices.status.${s}`)}</option>
            ))}
          </SelectField>
          <Field label={t("billing.invoices.op.from")} name="from" type="date" defaultValue={typed.from ?? ""} error={error?.errors.from} />
          <Field label={t("billing.invoices.op.to")} name="to" type="date" defaultValue={typed.to ?? ""} error={error?.errors.to} />
          <button type="submit" className="primary">{t("billing.invoices.op.apply")}</button>
        </div>
        {error ? <FormErrorMessage code={error.code} message={error.message} /> : null}
      </Form>

      <p>
        <a href={csvHref} download>{t("billing.invoices.op.csv")}</a>
      </p>

      {items.length === 0 ? <p className="muted">{t("billing.invoices.empty")}</p> : <InvoiceList items={items} href={(id) => `/operator/spaces/${space.id}/invoices/${id}`} />}
      {nextHref ? (
        <p>
          <Link to={nextHref}>{t("billing.invoices.op.more")}</Link>
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
