import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { formatMoney, useLocale, useT } from "~/i18n";
import { fieldsOf, readForm, type FormError } from "~/lib/forms";
import { failure, reply } from "~/lib/forms.server";
import { idParam, invariantResponse, requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatDate } from "~/lib/time";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.billing.title");

const INTENTS = { cancel: "cancel" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const { plans, wallet, invoices } = context.services.billing;
  const [subscriptions, purse, unpaid] = await Promise.all([
    plans.mySubscriptions(viewer),
    wallet.mine(viewer, { limit: 1 }),
    invoices.mine(viewer, { status: "issued", limit: 50 }),
  ]);
  const justSubscribed = new URL(request.url).searchParams.get("subscribed");
  return {
    subscriptions,
    balance: { credits: purse.credits.balance, dayPasses: purse.dayPasses.balance },
    outstanding: { count: unpaid.items.length, amount: unpaid.items.reduce((sum, i) => sum + i.balanceDue, 0) },
    subscribed: subscriptions.find((s) => s.id === justSubscribed) ?? null,
  };
}

type Result = { ok: true; step: "cancelled"; plan: string; endsOn: string } | FormError;

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const f = fieldsOf(await readForm(request));
  invariantResponse(f.text("intent") === INTENTS.cancel, "Bad request", { status: 400 });
  const id = idParam(context, f.text("subscriptionId"));
  try {
    const sub = await context.services.billing.plans.getSubscription(viewer, id);
    invariantResponse(sub.member.id === viewer.id, "Not found", { status: 404 });
    const done = await context.services.billing.plans.cancel(viewer, id);
    return reply<Result>({ ok: true, step: "cancelled", plan: sub.plan.name, endsOn: done.endsOn });
  } catch (error) {
    return reply<Result>(failure(context, error));
  }
}

export default function BillingHub() {
  const { subscriptions, subscribed, balance, outstanding } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const date = (d: string) => formatDate(d, locale);
  const live = subscriptions.filter((s) => s.status !== "ended");

  return (
    <section className="stack">
      <h1>{t("billing.plans.hub.title")}</h1>
      <div aria-live="polite">
        {subscribed ? (
          <p className="notice" role="status">{t("billing.plans.hub.subscribed", { plan: subscribed.plan.name, status: t(`billing.plans.status.${subscribed.status}`) })}</p>
        ) : null}
        {result?.ok ? <p className="notice" role="status">{t("billing.plans.cancelled", { plan: result.plan, date: date(result.endsOn) })}</p> : null}
        {result && !result.ok ? <FormErrorMessage code={result.code} message={result.message} /> : null}
      </div>

      <section className="card" aria-labelledby="mine-title">
        <h2 id="mine-title">{t("billing.plans.hub.mine")}</h2>
        {live.length === 0 ? <p className="muted">{t("billing.plans.hub.none")}</p> : null}
        <ul className="booking-list">
          {live.map((s) => (
            <li key={s.id}>
              <div>
                <strong>{s.plan.name}</strong> <span className="badge">{t(`billing.plans.status.${s.status}`)}</span>
                <br />
                <span className="muted">
                  {s.spaceName ? `${s.spaceName} · ` : ""}
                  {t("billing.plans.period", { from: date(s.currentPeriod.start), to: date(s.currentPeriod.lastDay) })}
                </span>
                <br />
                {s.renewsOn ? <span className="small">{t("billing.plans.renews", { date: date(s.renewsOn) })}</span> : null}
                {s.endsOn && s.status === "cancelling" ? <span className="small">{t("billing.plans.endsOn", { date: date(s.endsOn) })}</span> : null}
                {s.invoiceId ? (
                  <>
                    {" · "}
                    <Link to={`/invoices/${s.invoiceId}`}>{t("billing.plans.invoice")}</Link>
                  </>
                ) : null}
              </div>
              {s.status === "active" ? (
                <details className="op-confirm">
                  <summary className="small-button" aria-label={t("billing.plans.cancelLabel", { plan: s.plan.name })}>{t("billing.plans.cancel")}</summary>
                  <Form method="post" className="op-confirm-body">
                    <input type="hidden" name="intent" value={INTENTS.cancel} />
                    <input type="hidden" name="subscriptionId" value={s.id} />
                    <p className="small">{t("billing.plans.cancelWarning", { plan: s.plan.name, date: date(s.currentPeriod.lastDay) })}</p>
                    <button type="submit" className="small-button danger" disabled={busy}>
                      {t("billing.plans.cancelConfirm", { date: date(s.currentPeriod.lastDay) })}
                    </button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
        <p><Link to="/plans">{t("billing.plans.hub.choose")}</Link></p>
      </section>

      <section className="card" aria-labelledby="wallet-title">
        <h2 id="wallet-title">{t("billing.plans.hub.wallet")}</h2>
        <p>
          {t("billing.plans.credits", { count: balance.credits })} · {t("billing.plans.passes", { count: balance.dayPasses })}
        </p>
        <p><Link to="/wallet">{t("billing.plans.hub.seeWallet")}</Link></p>
      </section>

      <section className="card" aria-labelledby="invoices-title">
        <h2 id="invoices-title">{t("billing.plans.hub.invoices")}</h2>
        <p>{t("billing.plans.hub.outstanding", { count: outstanding.count, amount: formatMoney(outstanding.amount, locale) })}</p>
        <p><Link to="/invoices">{t("billing.plans.hub.seeInvoices")}</Link></p>
      </section>
    </section>
  );
}
