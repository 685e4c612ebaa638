import { Field } from "~/components/Field";
import { useT } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";

type Rate = { perHour: number; perDay: number | null; creditsPerHour: number | null };

/**
 * A resource's price inputs (rupiah an hour, a day cap, credits an hour), read by runResourceIntent; all blank: free.
 * `hasRate` tells the action the form carries a rate (a form without these inputs leaves it alone).
 */
export function RateFields({ rate, errors, idPrefix }: { rate: Rate | null; errors: FieldErrors; idPrefix: string }) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t("billing.prices.rateLegend")}</legend>
      <input type="hidden" name="hasRate" value="1" />
      <Field id={`${idPrefix}-per-hour`} label={t("billing.prices.perHour")} name="ratePerHour" type="number" inputMode="numeric" min={0} step={500} defaultValue={rate?.perHour ?? ""} error={errors.ratePerHour ?? errors.rate} />
      <Field id={`${idPrefix}-per-day`} label={t("billing.prices.perDay")} name="ratePerDay" type="number" inputMode="numeric" min={0} step={500} defaultValue={rate?.perDay ?? ""} error={errors.ratePerDay} />
      <Field id={`${idPrefix}-credits`} label={t("billing.prices.creditsPerHour")} name="rateCreditsPerHour" type="number" inputMode="numeric" min={0} defaultValue={rate?.creditsPerHour ?? ""} error={errors.rateCreditsPerHour} />
    </fieldset>
  );
}
