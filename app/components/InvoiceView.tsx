import { Link } from "@remix-run/react";
import type { InvoiceOut, InvoiceSummary } from "../../server/domain/billing/invoices.schemas";
import { formatMoney, useLocale, useT, type MessageKey } from "~/i18n";
import { invoiceDate, invoiceLineText, ratePercent } from "~/i18n/invoice-words";

// An invoice as the member and the operator read it: who, when, lines, totals and payments (the PDF says the same).

const STATUS_TONE = { issued: "status-warning", paid: "status-success", void: "status-neutral" } as const;

/** The status as a word on a tinted pill (never colour alone); an unpaid invoice past its due date says so. */
export function InvoiceStatus({ invoice }: { invoice: Pick<InvoiceSummary, "status" | "overdue"> }) {
  const t = useT();
  return (
    <span className={`status ${invoice.overdue ? "status-danger" : STATUS_TONE[invoice.status]}`}>
      {invoice.overdue ? t("billing.invoices.overdue") : t(`billing.invoices.status.${invoice.status}` as MessageKey)}
    </span>
  );
}

export function InvoiceView({ invoice, today }: { invoice: InvoiceOut; today: string }) {
  const t = useT();
  const locale = useLocale();
  const money = (n: number) => formatMoney(n, locale);
  const overdue = invoice.status === "issued" && invoice.dueOn < today;
  return (
    <>
      <section className="card invoice-card" aria-labelledby="invoice-parties">
        <h2 id="invoice-parties" className="sr-only">{t("billing.invoices.invoice")} {invoice.number}</h2>
        <dl className="facts">
          <dt>{t("billing.invoices.number")}</dt>
          <dd className="break-words">{invoice.number}</dd>
          <dt>{t("billing.invoices.statusLabel")}</dt>
          <dd><InvoiceStatus invoice={{ status: invoice.status, overdue }} /></dd>
          <dt>{t("billing.invoices.issuedOn")}</dt>
          <dd>{invoiceDate(invoice.issuedOn, locale)}</dd>
          <dt>{t("billing.invoices.dueOn")}</dt>
          <dd>{invoiceDate(invoice.dueOn, locale)}</dd>
          <dt>{t("billing.invoices.seller")}</dt>
          <dd className="break-words">
            {invoice.seller.name}
            {invoice.seller.address ? <><br />{invoice.seller.address}</> : null}
            {invoice.seller.npwp ? <><br />{t("billing.invoices.npwp", { npwp: invoice.seller.npwp })}</> : null}
          </dd>
          <dt>{t("billing.invoices.buyer")}</dt>
          <dd className="break-words">
            {invoice.buyer.name}
            {invoice.buyer.businessName ? <><br />{invoice.buyer.businessName}</> : null}
            {invoice.buyer.email ? <><br />{invoice.buyer.email}</> : null}
          </dd>
        </dl>
      </section>

      <section className="card invoice-card" aria-labelledby="invoice-lines">
        <h2 id="invoice-lines">{t("billing.invoices.description")}</h2>
        <ul className="plain-list invoice-lines">
          {invoice.lines.map((line, i) => (
            <li key={i} className="invoice-line">
              <span className="break-words">{invoiceLineText(t, line, locale)}</span>
              <span className="muted">{line.quantity !== 1 ? `${line.quantity} × ${money(line.unitPrice)}` : null}</span>
              <strong>{money(line.amount)}</strong>
            </li>
          ))}
        </ul>
        <dl className="facts invoice-totals">
          <dt>{t("billing.invoices.subtotal")}</dt>
          <dd>{money(invoice.subtotal)}</dd>
          {invoice.tax.amount > 0 ? (
            <>
              <dt>{t("billing.invoices.tax", { rate: ratePercent(invoice.tax.rate, locale) })}</dt>
              <dd>{money(invoice.tax.amount)}</dd>
            </>
          ) : null}
          <dt>{t("billing.invoices.total")}</dt>
          <dd><strong>{money(invoice.total)}</strong></dd>
          {invoice.withholding > 0 ? (
            <>
              <dt>{t("billing.invoices.withheld")}</dt>
              <dd>{money(invoice.withholding)}</dd>
            </>
          ) : null}
          <dt>{t("billing.invoices.paid")}</dt>
          <dd>{money(invoice.paid)}</dd>
          {invoice.status !== "void" ? (
            <>
              <dt>{t("billing.invoices.balanceDue")}</dt>
              <dd data-testid="balance-due"><strong>{money(invoice.balanceDue)}</strong></dd>
            </>
          ) : null}
        </dl>
        {invoice.pricesIncludeTax && invoice.tax.amount > 0 ? <p className="muted small">{t("billing.invoices.taxIncluded")}</p> : null}
        {invoice.note ? <p className="break-words"><strong>{t("billing.invoices.note")}:</strong> {invoice.note}</p> : null}
        {invoice.status === "void" ? (
          <p className="break-words">
            {t("billing.invoices.voidedOn", { date: invoiceDate(invoice.voidedAt ?? invoice.issuedOn, locale) })}
            {invoice.voidReason ? ` ${t("billing.invoices.voidReason", { reason: invoice.voidReason })}` : null}
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="invoice-payments">
        <h2 id="invoice-payments">{t("billing.invoices.payments")}</h2>
        {invoice.payments.length === 0 ? <p className="muted">{t("billing.invoices.noPayments")}</p> : null}
        <ul className="plain-list stack">
          {invoice.payments.map((p) => (
            <li key={p.id} className="break-words">
              {t("billing.invoices.paymentLine", {
                date: invoiceDate(p.paidAt, locale),
                amount: money(p.amount),
                method: t(`billing.invoices.method.${p.method}` as MessageKey),
              })}
              {p.withheld > 0 ? ` · ${t("billing.invoices.paymentWithheld", { amount: money(p.withheld) })}` : null}
              {p.reference ? <span className="muted"> · {t("billing.invoices.reference")}: {p.reference}</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** A list of invoices: number, status, due date and amount, each a link to its page. */
export function InvoiceList({ items, href }: { items: InvoiceSummary[]; href: (id: string) => string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className="plain-list stack invoice-list">
      {items.map((i) => (
        <li key={i.id} className="card invoice-row">
          <div>
            <Link to={href(i.id)} className="break-words"><strong>{i.number}</strong></Link>
            <br />
            <span className="muted break-words">{i.buyerName}</span>
          </div>
          <div className="invoice-row-facts">
            <InvoiceStatus invoice={i} />
            <span>{t("billing.invoices.dueOnDate", { date: invoiceDate(i.dueOn, locale) })}</span>
            <strong>{formatMoney(i.status === "issued" ? i.balanceDue : i.total, locale)}</strong>
          </div>
        </li>
      ))}
    </ul>
  );
}
