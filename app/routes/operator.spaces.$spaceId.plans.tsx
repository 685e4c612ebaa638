import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, SelectField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { PlanIncludes, usePlanPrice, type PlanView } from "~/components/PlanFacts";
import { useLocale, useT } from "~/i18n";
import { fieldsOf, readForm, type Fields, type FormError } from "~/lib/forms";
import { fail, failure, idOf, parseForm, reply } from "~/lib/forms.server";
import { invariantResponse } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { requireOperatorSpace } from "~/lib/operator.server";
import { formatDate } from "~/lib/time";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorPlans.title", data?.space.name);

/** The form intents of this page, shared by the forms and the action's switch. */
const INTENTS = { create: "create", update: "update", archive: "archive", restore: "restore", subscribe: "subscribe" } as const;
const KINDS = ["hot_desk", "dedicated_desk", "private_office", "virtual_office", "day_passes", "credits"] as const;
const INTERVALS = ["month", "week", "quarter", "year", "once"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const [plans, subscriptions] = await Promise.all([
    context.services.billing.plans.listPlans(viewer, { spaceId: space.id }),
    context.services.billing.plans.spaceSubscriptions(viewer, space.id),
  ]);
  const editing = new URL(request.url).searchParams.get("edit");
  const own = plans.filter((p) => p.spaceId === space.id);
  return {
    space: { id: space.id, name: space.name },
    plans: own,
    subscriptions,
    editing: own.some((p) => p.id === editing) ? editing : null,
    max: context.limits.maxLengths(context.schemas.billing.plans.PlanCreateInput),
  };
}

type Result = { ok: true; intent: string; name: string; plan?: string } | (FormError & { intent: string; planId: string | null });

/** The plan fields as posted (blank numbers left out; the schema says what is wrong with the rest). */
function planInput(f: Fields) {
  return {
    name: f.text("name"),
    description: f.text("description"),
    price: f.int("price") ?? 0,
    creditsPerCycle: f.int("creditsPerCycle") ?? 0,
    dayPassesPerCycle: f.int("dayPassesPerCycle") ?? 0,
    setupFee: f.int("setupFee") ?? 0,
    deposit: f.int("deposit") ?? 0,
    public: f.checked("public"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const f = fieldsOf(await readForm(request));
  const intent = f.text("intent");
  const planId = idOf(context, f.optional("planId"));
  const failed = (e: FormError) => reply<Result>({ ...e, intent, planId });
  const plans = context.services.billing.plans;
  try {
    if (intent === INTENTS.create) {
      const interval = f.text("interval");
      const parsed = parseForm(context, context.schemas.billing.plans.PlanCreateInput, {
        ...planInput(f),
        spaceId: space.id,
        kind: f.text("kind"),
        interval,
        ...(interval === "once" && f.int("validDays") !== undefined ? { validDays: f.int("validDays") } : {}),
      });
      if (!parsed.ok) return failed(parsed);
      const plan = await plans.createPlan(viewer, parsed.data);
      return reply<Result>({ ok: true, intent, name: plan.name });
    }
    if (intent === INTENTS.subscribe) {
      const email = f.text("email").trim();
      const member = email ? await plans.memberByEmail(email) : null;
      if (!member) return failed(fail(context, "not_found", "No member with that email.", {}, { reason: "member" }));
      const parsed = parseForm(context, context.schemas.billing.plans.SubscriptionCreateInput, { planId: f.text("planId"), memberId: member.id, startDate: f.optional("startDate") });
      if (!parsed.ok) return failed(parsed);
      await plans.subscribe(viewer, parsed.data);
      const plan = await plans.getPlan(viewer, parsed.data.planId);
      return reply<Result>({ ok: true, intent, name: member.name, plan: plan.name });
    }
    // The others name one of this space's plans.
    const current = planId ? (await plans.listPlans(viewer, { spaceId: space.id })).find((p) => p.id === planId && p.spaceId === space.id) : undefined;
    invariantResponse(current, "Not found", { status: 404 });
    switch (intent) {
      case INTENTS.archive:
      case INTENTS.restore: {
        const plan = await plans.updatePlan(viewer, current.id, { active: intent === INTENTS.restore });
        return reply<Result>({ ok: true, intent, name: plan.name });
      }
      case INTENTS.update: {
        const parsed = parseForm(context, context.schemas.billing.plans.PlanUpdateInput, {
          ...planInput(f),
          ...(current.interval === "once" ? { validDays: f.int("validDays") ?? null } : {}),
        });
        if (!parsed.ok) return failed(parsed);
        const plan = await plans.updatePlan(viewer, current.id, parsed.data);
        return reply<Result>({ ok: true, intent, name: plan.name });
      }
      default:
        throw new Response("Bad request", { status: 400 });
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return failed(failure(context, error));
  }
}

function PlanFields({ plan, errors, max, withKind }: { plan: Partial<PlanView> & { description?: string; public?: boolean }; errors: Record<string, string>; max: Record<string, number>; withKind: boolean }) {
  const t = useT();
  return (
    <>
      <Field label={t("billing.plans.op.name")} name="name" required maxLength={max.name} defaultValue={plan.name} error={errors.name} />
      <Field label={t("billing.plans.op.description")} name="description" maxLength={max.description} defaultValue={plan.description} error={errors.description} />
      {withKind ? (
        <>
          <SelectField label={t("billing.plans.op.kind")} name="kind" defaultValue={plan.kind ?? "hot_desk"} error={errors.kind}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`billing.plans.kind.${k}`)}</option>)}
          </SelectField>
          <SelectField label={t("billing.plans.op.interval")} name="interval" defaultValue={plan.interval ?? "month"} error={errors.interval}>
            {INTERVALS.map((i) => <option key={i} value={i}>{t(`billing.plans.interval.${i}`)}</option>)}
          </SelectField>
        </>
      ) : null}
      <Field label={t("billing.plans.op.price")} name="price" type="number" min={0} step={1} inputMode="numeric" required defaultValue={plan.price} error={errors.price} />
      <Field label={t("billing.plans.op.credits")} name="creditsPerCycle" type="number" min={0} defaultValue={plan.creditsPerCycle ?? 0} error={errors.creditsPerCycle} />
      <Field label={t("billing.plans.op.passes")} name="dayPassesPerCycle" type="number" min={0} defaultValue={plan.dayPassesPerCycle ?? 0} error={errors.dayPassesPerCycle} />
      <Field label={t("billing.plans.op.setupFee")} name="setupFee" type="number" min={0} defaultValue={plan.setupFee ?? 0} error={errors.setupFee} />
      <Field label={t("billing.plans.op.deposit")} name="deposit" type="number" min={0} defaultValue={plan.deposit ?? 0} error={errors.deposit} />
      {withKind || plan.interval === "once" ? (
        <Field label={t("billing.plans.op.validDays")} hint={t("billing.plans.op.validDaysHint")} name="validDays" type="number" min={1} defaultValue={plan.validDays ?? undefined} error={errors.validDays} />
      ) : null}
      <div className="field checkbox">
        <label>
          <input type="checkbox" name="public" value="1" defaultChecked={plan.public ?? true} /> {t("billing.plans.op.public")}
        </label>
      </div>
    </>
  );
}

export default function OperatorPlans() {
  const { space, plans, subscriptions, editing, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const priceOf = usePlanPrice();
  const busy = useNavigation().state === "submitting";
  const date = (d: string) => formatDate(d, locale);
  const failed = result && !result.ok ? result : null;
  const errorsFor = (intent: string, planId: string | null = null) => (failed && failed.intent === intent && (planId === null || failed.planId === planId) ? failed.errors : {});
  const edited = plans.find((p) => p.id === (failed?.intent === INTENTS.update ? failed.planId : result?.ok ? null : editing)) ?? null;
  const live = plans.filter((p) => p.active);
  const done: Record<string, string> = {
    [INTENTS.create]: "billing.plans.op.created",
    [INTENTS.update]: "billing.plans.op.saved",
    [INTENTS.archive]: "billing.plans.op.archivedDone",
    [INTENTS.restore]: "billing.plans.op.restored",
  };

  return (
    <section className="stack op-page">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("billing.plans.op.title")}</h2>
      <p className="muted">{t("billing.plans.op.help")}</p>
      <div aria-live="polite">
        {result?.ok && result.intent === INTENTS.subscribe ? <p className="notice" role="status">{t("billing.plans.op.subscribed", { member: result.name, plan: result.plan ?? "" })}</p> : null}
        {result?.ok && done[result.intent] ? <p className="notice" role="status">{t(done[result.intent] as "billing.plans.op.created", { plan: result.name })}</p> : null}
        {failed ? <FormErrorMessage code={failed.code} message={failed.message} /> : null}
      </div>

      <section className="card" aria-labelledby="plans-title">
        <h3 id="plans-title">{t("billing.plans.op.title")}</h3>
        {plans.length === 0 ? <p className="muted">{t("billing.plans.op.none")}</p> : null}
        <ul className="booking-list">
          {plans.map((p) => (
            <li key={p.id}>
              <div>
                <strong>{p.name}</strong> <span className="badge">{t(`billing.plans.kind.${p.kind}`)}</span>
                {!p.active ? <span className="badge">{t("billing.plans.op.archived")}</span> : null}
                {!p.public ? <span className="badge">{t("billing.plans.op.hidden")}</span> : null}
                <br />
                {priceOf(p)} <PlanIncludes plan={p} />
              </div>
              <div className="person-actions">
                <Link to={`?edit=${p.id}`} className="small-button" aria-label={t("billing.plans.op.editLabel", { plan: p.name })} preventScrollReset>
                  {t("billing.plans.op.edit")}
                </Link>
                {p.active ? (
                  <details className="op-confirm">
                    <summary className="small-button" aria-label={t("billing.plans.op.archiveLabel", { plan: p.name })}>{t("billing.plans.op.archive")}</summary>
                    <Form method="post" className="op-confirm-body">
                      <input type="hidden" name="intent" value={INTENTS.archive} />
                      <input type="hidden" name="planId" value={p.id} />
                      <p className="small">{t("billing.plans.op.archiveWarning", { plan: p.name })}</p>
                      <button type="submit" className="small-button danger" disabled={busy}>{t("billing.plans.op.archiveConfirm")}</button>
                    </Form>
                  </details>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value={INTENTS.restore} />
                    <input type="hidden" name="planId" value={p.id} />
                    <button type="submit" className="small-button" disabled={busy}>{t("billing.plans.op.restore")}</button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>

      {edited ? (
        <Form method="post" className="card form" aria-labelledby="plan-edit-title" key={`edit-${edited.id}`}>
          <h3 id="plan-edit-title">{t("billing.plans.op.editTitle", { plan: edited.name })}</h3>
          <input type="hidden" name="intent" value={INTENTS.update} />
          <input type="hidden" name="planId" value={edited.id} />
          <PlanFields plan={edited} errors={errorsFor(INTENTS.update, edited.id)} max={max} withKind={false} />
          <button type="submit" className="primary" disabled={busy}>{t("billing.plans.op.save")}</button>
        </Form>
      ) : null}

      <Form method="post" className="card form" aria-labelledby="plan-new-title" key={result?.ok && result.intent === INTENTS.create ? `new-${result.name}` : "new"}>
        <h3 id="plan-new-title">{t("billing.plans.op.new")}</h3>
        <input type="hidden" name="intent" value={INTENTS.create} />
        <PlanFields plan={{}} errors={errorsFor(INTENTS.create)} max={max} withKind />
        <button type="submit" className="primary" disabled={busy}>{t("billing.plans.op.create")}</button>
      </Form>

      <section className="card" aria-labelledby="subs-title">
        <h3 id="subs-title">{t("billing.plans.op.subs")}</h3>
        {subscriptions.length === 0 ? (
          <p className="muted">{t("billing.plans.op.subsNone")}</p>
        ) : (
          <table className="op-table">
            <caption className="sr-only">{t("billing.plans.op.subs")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("billing.plans.op.member")}</th>
                <th scope="col">{t("billing.plans.op.plan")}</th>
                <th scope="col">{t("billing.plans.op.status")}</th>
                <th scope="col">{t("billing.plans.op.period")}</th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.map((s) => (
                <tr key={s.id}>
                  <td>{s.member.name}</td>
                  <td>{s.plan.name}</td>
                  <td>{t(`billing.plans.status.${s.status}`)}</td>
                  <td>{t("billing.plans.period", { from: date(s.currentPeriod.start), to: date(s.currentPeriod.lastDay) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {live.length ? (
        <Form method="post" className="card form" aria-labelledby="subscribe-title">
          <h3 id="subscribe-title">{t("billing.plans.op.subscribeTitle")}</h3>
          <p className="muted">{t("billing.plans.op.subscribeHelp")}</p>
          <input type="hidden" name="intent" value={INTENTS.subscribe} />
          <Field label={t("billing.plans.op.email")} name="email" type="email" required autoComplete="off" error={errorsFor(INTENTS.subscribe).email} />
          <SelectField label={t("billing.plans.op.plan")} name="planId" error={errorsFor(INTENTS.subscribe).planId}>
            {live.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </SelectField>
          <Field label={t("billing.plans.op.startDate")} hint={t("billing.plans.op.startDateHint")} name="startDate" type="date" error={errorsFor(INTENTS.subscribe).startDate} />
          <button type="submit" className="primary" disabled={busy}>{t("billing.plans.op.subscribeSubmit")}</button>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
