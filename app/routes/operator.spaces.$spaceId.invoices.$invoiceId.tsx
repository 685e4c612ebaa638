import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, SelectField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { InvoiceView } from "~/components/InvoiceView";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { translator, useT } from "~/i18n";
import { fieldsOf, readForm, type FormError } from "~/lib/forms";
import { fail, failure, parseForm, reply } from "~/lib/forms.server";
import { idParam, invariantResponse, orNotFound } from "~/lib/guards.server";
import { requireOperatorSpace } from "~/lib/operator.server";
import { pageMeta } from "~/lib/meta";
import invoiceStyles from "~/styles/invoices.css";
import operatorStyles from "~/styles/operator.css";

// One invoice of the space for its operator: record a payment (amount, method, reference, date, tax withheld;
// partial payments add up) and void it, after a confirmation, while nothing was paid.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: operatorStyles },
  { rel: "stylesheet", href: invoiceStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.billingInvoiceOp.title", data?.invoice.number);

const INTENTS = { pay: "pay", void: "void" } as const;
const METHODS = ["transfer", "cash", "qris", "card", "other"] as const;

async function load(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const id = idParam(context, params.invoiceId);
  const page = await orNotFound(context.services.billing.invoices.page(viewer, id));
  // An invoice of another space is not found here, even for someone who runs that one too.
  invariantResponse(page.invoice.spaceId === space.id, "Not found", { status: 404 });
  return { viewer, space, page };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { space, page } = await load(request, context, params);
  return { space: { id: space.id, name: space.name }, invoice: page.invoice, today: page.today };
}

/** Rupiah as typed: "1.110.000", "1110000" or "1 110 000" → 1110000; anything else goes to the schema as typed. */
function rupiahOf(raw: string): number | string | undefined {
  const v = raw.trim().replace(/^rp\s*/i, "").replace(/[.\s\u00a0]/g, "");
  if (v === "") return undefined;
  return /^\d+$/.test(v) ? Number(v) : raw;
}

type Values = { amount: string; method: string; reference: string; paidAt: string; withheld: string };
type Result = { ok: true; step: "paid" | "voided" } | (FormError & { intent: string; input: Values });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, page } = await load(request, context, params);
  const f = fieldsOf(await readForm(request));
  const intent = f.text("intent");
  const input: Values = { amount: f.text("amount"), method: f.text("method"), reference: f.text("reference"), paidAt: f.text("paidAt"), withheld: f.text("withheld") };
  const failed = (e: FormError) => reply<Result>({ ...e, intent, input });
  try {
    if (intent === INTENTS.void) {
      if (!f.checked("confirm")) return failed(fail(context, "validation_failed", "", { confirm: translator(context.locale)("billing.invoices.op.confirmRequired") }));
      const parsed = parseForm(context, context.schemas.billing.invoices.VoidInput, { reason: f.optional("reason") });
      if (!parsed.ok) return failed(parsed);
      await context.services.billing.invoices.void(viewer, page.invoice.id, parsed.data);
      return reply<Result>({ ok: true, step: "voided" });
    }
    const parsed = parseForm(context, context.schemas.billing.invoices.PaymentInput, {
      amount: rupiahOf(input.amount) ?? 0,
      method: input.method,
      reference: input.reference || undefined,
      paidAt: input.paidAt || undefined,
      withheld: rupiahOf(input.withheld) ?? 0,
    });
    if (!parsed.ok) return failed(parsed);
    await context.services.billing.invoices.recordPayment(viewer, page.invoice.id, parsed.data);
    return reply<Result>({ ok: true, step: "paid" });
  } catch (error) {
    return failed(failure(context, error));
  }
}

export default function OperatorInvoice() {
  const { space, invoice, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const payErrors = result && !result.ok && result.intent === INTENTS.pay ? result : null;
  const voidErrors = result && !result.ok && result.intent === INTENTS.void ? result : null;
  const typed = payErrors?.input;
  return (
    <section className="stack op-page">
      <p className="no-print">
        <Link to={`/operator/spaces/${space.id}/invoices`}>← {t("billing.invoices.back")}</Link>
      </p>
      <h1 className="break-words">{t("billing.invoices.invoice")} {invoice.number}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <p className="invoice-actions">
        <a className="button" href={`/api/v1/invoices/${invoice.id}?format=pdf`} download>{t("billing.invoices.pdf")}</a>
      </p>
      <div aria-live="polite">
        {result?.ok && result.step === "paid" ? <p className="notice" role="status">{t("billing.invoices.op.recorded")}</p> : null}
        {result?.ok && result.step === "voided" ? <p className="notice" role="status">{t("billing.invoices.op.voided")}</p> : null}
      </div>

      <InvoiceView invoice={invoice} today={today} />

      {invoice.status === "issued" ? (
        <Form method="post" className="card form" aria-labelledby="record-title" key={result?.ok ? `done-${invoice.paid}` : "record"}>
          <h2 id="record-title">{t("billing.invoices.op.record")}</h2>
          <p className="muted">{t("billing.invoices.op.recordHint")}</p>
          <input type="hidden" name="intent" value={INTENTS.pay} />
          <Field label={t("billing.invoices.op.amountReceived")} name="amount" inputMode="numeric" autoComplete="off" defaultValue={typed?.amount ?? String(invoice.balanceDue)} error={payErrors?.errors.amount} />
          <SelectField label={t("billing.invoices.op.method")} name="method" defaultValue={typed?.method ?? "transfer"} error={payErrors?.errors.method}>
            {METHODS.map((m) => (
              <option key={m} value={m}>{t(`billing.invoices.method.${m}`)}</option>
            ))}
          </SelectField>
          <Field label={t("billing.invoices.op.reference")} name="reference" maxLength={200} defaultValue={typed?.reference ?? ""} error={payErrors?.errors.reference} />
          <Field label={t("billing.invoices.op.paidAt")} name="paidAt" type="date" defaultValue={typed?.paidAt ?? today} error={payErrors?.errors.paidAt} />
          <Field
            label={t("billing.invoices.op.withheld")}
            hint={t("billing.invoices.op.withheldHint")}
            name="withheld"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={typed?.withheld ?? "0"}
            error={payErrors?.errors.withheld}
          />
          {payErrors ? <FormErrorMessage code={payErrors.code} message={payErrors.message} /> : null}
          <button type="submit" className="primary" disabled={busy}>{t("billing.invoices.op.submitPayment")}</button>
        </Form>
      ) : null}

      {invoice.status === "issued" && invoice.paid + invoice.withholding === 0 ? (
        <details className="card op-confirm" open={Boolean(voidErrors)}>
          <summary>{t("billing.invoices.op.void")}</summary>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value={INTENTS.void} />
            <p className="muted">{t("billing.invoices.op.voidHint")}</p>
            <Field label={t("billing.invoices.op.voidReason")} name="reason" maxLength={500} error={voidErrors?.errors.reason} />
            <div className="field">
              <label>
                <input type="checkbox" name="confirm" value="yes" aria-invalid={voidErrors?.errors.confirm ? true : undefined} aria-describedby={voidErrors?.errors.confirm ? "void-confirm-error" : undefined} />{" "}
                {t("billing.invoices.op.voidConfirm", { number: invoice.number })}
              </label>
              {voidErrors?.errors.confirm ? <span className="error" id="void-confirm-error">{voidErrors.errors.confirm}</span> : null}
            </div>
            {voidErrors ? <FormErrorMessage code={voidErrors.code} message={voidErrors.message} /> : null}
            <button type="submit" className="danger" disabled={busy}>{t("billing.invoices.op.voidSubmit")}</button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
