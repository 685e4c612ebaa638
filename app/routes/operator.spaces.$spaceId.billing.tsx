import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, TextAreaField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { formatMoney, useLocale, useT } from "~/i18n";
import { fieldsOf, firstSegment, readForm, type FormError } from "~/lib/forms";
import { fail, failure, parseForm, reply } from "~/lib/forms.server";
import { requireOperatorSpace } from "~/lib/operator.server";
import { pageMeta } from "~/lib/meta";
import operatorStyles from "~/styles/operator.css";
import { taxSplit } from "../../server/contract/pricing";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorBilling.title", data?.space.name);

const INTENTS = { save: "save-billing" } as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  return {
    space: { id: space.id, name: space.name },
    settings: await context.services.billing.settings.getRun(viewer, space.id),
    max: context.limits.maxLengths(context.schemas.billing.settings.BillingSettingsInput),
    year: new Date(context.services.clock.now()).getUTCFullYear(),
  };
}

/** What was typed, as it comes back into the form after a refusal. */
type Values = { code: string; taxPercent: string; pricesIncludeTax: boolean; legalName: string; npwp: string; bankAccount: string; invoiceNote: string; paymentTermsDays: string };
type Result = { ok: true } | (FormError & { values: Values });

/** The schema's paths → the form's inputs (the PPN is typed as a percent). */
const inputOf = (path: string) => (path === "taxRate" ? "taxPercent" : firstSegment(path));

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const f = fieldsOf(await readForm(request));
  const values: Values = {
    code: f.text("code"),
    taxPercent: f.text("taxPercent"),
    pricesIncludeTax: f.checked("pricesIncludeTax"),
    legalName: f.text("legalName"),
    npwp: f.text("npwp"),
    bankAccount: f.text("bankAccount"),
    invoiceNote: f.text("invoiceNote"),
    paymentTermsDays: f.text("paymentTermsDays"),
  };
  if (f.text("intent") !== INTENTS.save) return reply<Result>({ ...fail(context, "validation_failed", "Unknown action."), values });
  const percent = f.number("taxPercent");
  const parsed = parseForm(
    context,
    context.schemas.billing.settings.BillingSettingsInput,
    {
      code: values.code,
      // 11 (%) → 0.11, rounded to the column's four decimals so that 11.5 stays 0.115 exactly.
      taxRate: typeof percent === "number" ? Math.round(percent * 100) / 10_000 : percent,
      pricesIncludeTax: values.pricesIncludeTax,
      legalName: values.legalName,
      npwp: values.npwp,
      bankAccount: values.bankAccount,
      invoiceNote: values.invoiceNote,
      paymentTermsDays: f.int("paymentTermsDays"),
    },
    inputOf,
  );
  if (!parsed.ok) return reply<Result>({ ...parsed, values });
  try {
    await context.services.billing.settings.update(viewer, space.id, parsed.data);
    return reply<Result>({ ok: true });
  } catch (error) {
    return reply<Result>({ ...failure(context, error, inputOf), values });
  }
}

export default function BillingSettings() {
  const { space, settings, max, year } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  const errs = failed?.errors ?? {};
  const v: Values = failed?.values ?? {
    code: settings.code,
    taxPercent: String(Math.round(settings.taxRate * 1_000_000) / 10_000),
    pricesIncludeTax: settings.pricesIncludeTax,
    legalName: settings.legalName,
    npwp: settings.npwp,
    bankAccount: settings.bankAccount,
    invoiceNote: settings.invoiceNote,
    paymentTermsDays: String(settings.paymentTermsDays),
  };
  const example = taxSplit(100_000, settings.taxRate, settings.pricesIncludeTax);
  return (
    <section className="stack op-page">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("billing.prices.title")}</h2>
      <p className="muted">{t("billing.prices.intro")}</p>
      {result?.ok ? <div className="notice" role="status">{t("billing.prices.saved")}</div> : null}
      {failed ? <FormErrorMessage code={failed.code} message={failed.message} details={failed.details} /> : null}
      <p data-testid="billing-example">{t("billing.prices.example", { total: formatMoney(example.total, locale), tax: formatMoney(example.tax, locale) })}</p>
      {/* key: a saved form starts again from what is stored. */}
      <Form method="post" className="form card" key={result?.ok ? "saved" : "editing"} aria-label={t("billing.prices.title")}>
        <input type="hidden" name="intent" value={INTENTS.save} />
        <Field label={t("billing.prices.code")} hint={t("billing.prices.codeHint", { code: v.code || "JJ", year: String(year) })} name="code" required maxLength={10} autoCapitalize="characters" defaultValue={v.code} error={errs.code} />
        <Field label={t("billing.prices.taxPercent")} hint={t("billing.prices.taxHint")} name="taxPercent" type="number" inputMode="decimal" min={0} max={99.99} step={0.01} required defaultValue={v.taxPercent} error={errs.taxPercent} />
        <div className="checkbox">
          <input type="checkbox" id="pricesIncludeTax" name="pricesIncludeTax" defaultChecked={v.pricesIncludeTax} />
          <label htmlFor="pricesIncludeTax">{t("billing.prices.pricesIncludeTax")}</label>
        </div>
        <Field label={t("billing.prices.legalName")} name="legalName" maxLength={max.legalName} defaultValue={v.legalName} error={errs.legalName} autoComplete="organization" />
        <Field label={t("billing.prices.npwp")} hint={t("billing.prices.npwpHint")} name="npwp" inputMode="numeric" maxLength={max.npwp} defaultValue={v.npwp} error={errs.npwp} />
        <Field label={t("billing.prices.bankAccount")} hint={t("billing.prices.bankAccountHint")} name="bankAccount" maxLength={max.bankAccount} defaultValue={v.bankAccount} error={errs.bankAccount} />
        <TextAreaField label={t("billing.prices.invoiceNote")} name="invoiceNote" rows={3} maxLength={max.invoiceNote} defaultValue={v.invoiceNote} error={errs.invoiceNote} />
        <Field label={t("billing.prices.paymentTermsDays")} name="paymentTermsDays" type="number" min={0} max={90} required defaultValue={v.paymentTermsDays} error={errs.paymentTermsDays} />
        <button type="submit" className="primary" disabled={busy}>{t("op.save")}</button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
