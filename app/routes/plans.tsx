import { redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { PlanIncludes, usePlanPrice } from "~/components/PlanFacts";
import { formatMoney, useLocale, useT } from "~/i18n";
import { fieldsOf, readForm, type FormError } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { idParam, requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatDate } from "~/lib/time";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.plans.title");

/** The form intents of this page: see what the first invoice will say, then confirm it. */
const INTENTS = { quote: "quote", confirm: "confirm" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  // The plans on offer to a member (an operator sees theirs on the operator pages): public, active, sold by a space.
  const plans = (await context.services.billing.plans.listPlans(viewer)).filter((p) => p.public && p.active && p.spaceId !== null);
  const bySpace = new Map<string, { spaceId: string; spaceName: string; plans: typeof plans }>();
  for (const p of plans) {
    const group = bySpace.get(p.spaceId!) ?? { spaceId: p.spaceId!, spaceName: p.spaceName ?? "", plans: [] };
    group.plans.push(p);
    bySpace.set(p.spaceId!, group);
  }
  return { spaces: [...bySpace.values()] };
}

type QuoteOut = Awaited<ReturnType<AppLoadContext["services"]["billing"]["plans"]["quote"]>>;
type Result = { ok: true; step: "quote"; quote: QuoteOut; planName: string; interval: string } | FormError;

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const f = fieldsOf(await readForm(request));
  const planId = idParam(context, f.text("planId"));
  try {
    if (f.text("intent") === INTENTS.confirm) {
      const parsed = parseForm(context, context.schemas.billing.plans.SubscriptionCreateInput, { planId, startDate: f.optional("startDate") });
      if (!parsed.ok) return reply<Result>(parsed);
      const created = await context.services.billing.plans.subscribe(viewer, parsed.data);
      return redirect(`/billing?subscribed=${created.id}`);
    }
    const plan = await context.services.billing.plans.getPlan(viewer, planId);
    const quote = await context.services.billing.plans.quote(viewer, planId);
    return reply<Result>({ ok: true, step: "quote", quote, planName: plan.name, interval: plan.interval });
  } catch (error) {
    return reply<Result>(failure(context, error));
  }
}

export default function PlansPage() {
  const { spaces } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const priceOf = usePlanPrice();
  const busy = useNavigation().state === "submitting";
  const quote = result?.ok ? result : null;
  const money = (n: number) => formatMoney(n, locale);

  return (
    <section className="stack">
      <p><Link to="/billing">← {t("billing.plans.hub.title")}</Link></p>
      <h1>{t("billing.plans.list.title")}</h1>
      <p className="muted">{t("billing.plans.list.intro")}</p>
      {result && !result.ok ? <FormErrorMessage code={result.code} message={result.message} /> : null}

      {quote ? (
        <section className="card" aria-labelledby="quote-title" tabIndex={-1}>
          <h2 id="quote-title">{t("billing.plans.quote.title", { plan: quote.planName })}</h2>
          <p>{t("billing.plans.quote.period", { from: formatDate(quote.quote.period.start, locale), to: formatDate(quote.quote.period.lastDay, locale) })}</p>
          <table className="quote-table">
            <caption className="sr-only">{t("billing.plans.quote.title", { plan: quote.planName })}</caption>
            <tbody>
              {quote.quote.lines.map((l) => (
                <tr key={l.kind}>
                  <th scope="row">
                    {l.kind === "plan"
                      ? l.days !== undefined
                        ? t("billing.plans.quote.line.planProrated", { plan: quote.planName, days: l.days, ofDays: l.ofDays ?? 0 })
                        : t("billing.plans.quote.line.plan", { plan: quote.planName })
                      : t(`billing.plans.quote.line.${l.kind}`)}
                  </th>
                  <td className="num">{money(l.amount)}</td>
                </tr>
              ))}
              {quote.quote.tax.amount > 0 ? (
                <>
                  <tr>
                    <th scope="row">{t("billing.plans.quote.subtotal")}</th>
                    <td className="num">{money(quote.quote.subtotal)}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t("billing.plans.quote.tax", { percent: Math.round(quote.quote.tax.rate * 10000) / 100 })}</th>
                    <td className="num">{money(quote.quote.tax.amount)}</td>
                  </tr>
                </>
              ) : null}
              <tr>
                <th scope="row"><strong>{t("billing.plans.quote.total")}</strong></th>
                <td className="num"><strong>{money(quote.quote.total)}</strong></td>
              </tr>
            </tbody>
          </table>
          {quote.quote.credits || quote.quote.dayPasses ? (
            <p>
              {t("billing.plans.quote.grants", {
                what: [
                  quote.quote.credits ? t("billing.plans.credits", { count: quote.quote.credits }) : "",
                  quote.quote.dayPasses ? t("billing.plans.passes", { count: quote.quote.dayPasses }) : "",
                ].filter(Boolean).join(", "),
              })}
            </p>
          ) : null}
          <p className="muted">{t(quote.quote.total > 0 ? "billing.plans.quote.pay" : "billing.plans.quote.free")}</p>
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value={INTENTS.confirm} />
            <input type="hidden" name="planId" value={quote.quote.planId} />
            <input type="hidden" name="startDate" value={quote.quote.startDate} />
            <button type="submit" className="primary" disabled={busy}>
              {t(quote.quote.total > 0 ? "billing.plans.quote.confirm" : "billing.plans.quote.confirmFree")}
            </button>
            <Link to="/plans">{t("billing.plans.quote.back")}</Link>
          </Form>
        </section>
      ) : null}

      {spaces.length === 0 ? <p className="muted">{t("billing.plans.list.none")}</p> : null}
      {spaces.map((s) => (
        <section key={s.spaceId} className="stack" aria-labelledby={`space-${s.spaceId}`}>
          <h2 id={`space-${s.spaceId}`}>{s.spaceName}</h2>
          <ul className="plan-list">
            {s.plans.map((p) => (
              <li key={p.id} className="card">
                <h3>{p.name}</h3>
                <p>
                  <span className="badge">{t(`billing.plans.kind.${p.kind}`)}</span> <strong>{priceOf(p)}</strong>
                </p>
                {p.description ? <p>{p.description}</p> : null}
                <p><PlanIncludes plan={p} /></p>
                <Form method="post">
                  <input type="hidden" name="intent" value={INTENTS.quote} />
                  <input type="hidden" name="planId" value={p.id} />
                  <button type="submit" className="primary" disabled={busy} aria-label={t(p.interval === "once" ? "billing.plans.buyLabel" : "billing.plans.subscribeLabel", { plan: p.name })}>
                    {t(p.interval === "once" ? "billing.plans.buy" : "billing.plans.subscribe")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
