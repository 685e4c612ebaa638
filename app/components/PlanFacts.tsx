import { formatList, formatMoney, useLocale, useT } from "~/i18n";

/** The plain facts of a plan that its cards and rows show. */
export type PlanView = {
  name: string;
  kind: "hot_desk" | "dedicated_desk" | "private_office" | "virtual_office" | "day_passes" | "credits";
  interval: "week" | "month" | "quarter" | "year" | "once";
  price: number;
  creditsPerCycle: number;
  dayPassesPerCycle: number;
  setupFee: number;
  deposit: number;
  validDays: number | null;
};

/** "Rp 1.250.000 per bulan", in the reader's locale. */
export function usePlanPrice() {
  const t = useT();
  const locale = useLocale();
  return (plan: Pick<PlanView, "price" | "interval">) => t(`billing.plans.price.${plan.interval}`, { amount: formatMoney(plan.price, locale) });
}

/** What a plan includes, its fees and validity, as one line. */
export function PlanIncludes({ plan }: { plan: PlanView }) {
  const t = useT();
  const locale = useLocale();
  const included = [
    plan.creditsPerCycle ? t("billing.plans.credits", { count: plan.creditsPerCycle }) : null,
    plan.dayPassesPerCycle ? t("billing.plans.passes", { count: plan.dayPassesPerCycle }) : null,
  ].filter((x): x is string => x !== null);
  const parts = [
    included.length ? `${formatList(included, locale)}${plan.interval === "once" ? "" : ` ${t("billing.plans.includesCycle")}`}` : null,
    plan.interval === "once" && plan.validDays ? t("billing.plans.validDays", { days: plan.validDays }) : null,
    plan.setupFee ? t("billing.plans.setupFee", { amount: formatMoney(plan.setupFee, locale) }) : null,
    plan.deposit ? t("billing.plans.deposit", { amount: formatMoney(plan.deposit, locale) }) : null,
  ].filter(Boolean);
  return parts.length ? <span className="muted">{parts.join(" · ")}</span> : null;
}
