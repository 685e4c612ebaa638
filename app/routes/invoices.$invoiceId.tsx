import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { InvoiceView } from "~/components/InvoiceView";
import { PageHeader } from "~/components/PageHeader";
import { formatMoney, useLocale, useT } from "~/i18n";
import { idParam, orNotFound, requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import invoiceStyles from "~/styles/invoices.css";

// One invoice for its member (or an operator of its space): lines, PPN, payments, the PDF, and how to pay it — the
// space's bank account always, and "Pay now" (the gateway's hosted page) when a gateway is configured.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: invoiceStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.billingInvoice.title", data?.invoice.number);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const id = idParam(context, params.invoiceId);
  const page = await orNotFound(context.services.billing.invoices.page(viewer, id));
  const gateway = context.services.billing.gateway as { enabled?: () => boolean };
  const online = typeof gateway.enabled === "function" ? gateway.enabled() : false;
  const checkout = new URL(request.url).searchParams.get("checkout");
  return {
    ...page,
    /** Back from "Pay now" without a payment page: the gateway could not be reached, or takes no payment here. */
    checkoutFailed: checkout === "unavailable" || checkout === "refused" ? checkout : null,
    mine: page.invoice.memberId === viewer.id,
    payNow: online && page.invoice.status === "issued" && page.invoice.memberId === viewer.id,
  };
}

export default function InvoicePage() {
  const { invoice, today, bankAccount, payNow, canManage, checkoutFailed } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="stack">
      <p className="no-print">
        <Link to="/invoices">← {t("billing.invoices.back")}</Link>
      </p>
      <PageHeader
        title={`${t("billing.invoices.invoice")} ${invoice.number}`}
        actions={
          <>
            <a className="button" href={`/api/v1/invoices/${invoice.id}?format=pdf`} download>
              {t("billing.invoices.pdf")}
            </a>
            {canManage ? <Link to={`/operator/spaces/${invoice.spaceId}/invoices/${invoice.id}`}>{t("billing.invoices.op.record")}</Link> : null}
          </>
        }
      />
      <InvoiceView invoice={invoice} today={today} />
      {invoice.status === "issued" ? (
        <section className="card stack" aria-labelledby="pay-title">
          <h2 id="pay-title">{t("billing.invoices.transfer.title")}</h2>
          {checkoutFailed ? (
            <p role="alert" className="error">
              {checkoutFailed === "unavailable" ? t("errors.unavailable.payment_gateway") : t("errors.rule_violation.no_gateway", { number: invoice.number })}
            </p>
          ) : null}
          {bankAccount ? (
            <>
              <p className="break-words">{t("billing.invoices.transfer.account", { amount: formatMoney(invoice.balanceDue, locale), account: bankAccount })}</p>
              <p>{t("billing.invoices.transfer.reference", { number: invoice.number })}</p>
            </>
          ) : (
            <p>{t("billing.invoices.transfer.none")}</p>
          )}
          {payNow ? (
            <Form method="post" action={`/invoices/${invoice.id}/checkout`} reloadDocument>
              <button type="submit" className="primary">{t("billing.invoices.payNow")}</button>
              <p className="muted">{t("billing.invoices.payNowHint")}</p>
            </Form>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
