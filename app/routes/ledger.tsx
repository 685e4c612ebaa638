import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { BriefcaseBusiness, Hourglass } from "lucide-react";
import { useCallback, useState } from "react";
import { Field, SelectField, TextAreaField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { PageHeader } from "~/components/PageHeader";
import { formatMoney, formatNumber, useLocale, useT } from "~/i18n";
import { reply } from "~/lib/forms.server";
import { readForm } from "~/lib/forms";
import { requireMember } from "~/lib/guards.server";
import { LEDGER_INTENTS } from "~/lib/intents";
import { runLedgerIntent } from "~/lib/ledger-intents.server";
import { pageMeta } from "~/lib/meta";
import { useBrowserZone } from "~/lib/browser-zone";
import { formatInstant } from "~/lib/time";
import { useSocketEvent } from "~/realtime/socket";
import walletStyles from "~/styles/wallet.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: walletStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.ledger.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const community = context.services.community;
  const [ledger, referrals, hours, connections] = await Promise.all([
    community.hours.mine(viewer),
    community.referrals.list(viewer, {}),
    community.hours.list(viewer, {}),
    context.services.network.connections(viewer),
  ]);
  // Whom business and hours can go to: my connections, the members I already share the ledger with, and the member a
  // profile's button sent me here for.
  const people = connections.filter((c) => c.status === "accepted").map((c) => ({ id: c.member.id, name: c.member.name }));
  // …and the members I already pass business or hours with.
  for (const other of [...referrals.items.flatMap((r) => [r.from, r.to]), ...hours.items.flatMap((h) => [h.from, h.to])]) {
    if (other && other.id !== viewer.id && !people.some((p) => p.id === other.id)) people.push({ id: other.id, name: other.name });
  }
  const to = context.validate(context.schemas.Id, new URL(request.url).searchParams.get("to"));
  if (to.ok && to.data !== viewer.id && !people.some((p) => p.id === to.data)) {
    const member = await context.services.network.member(viewer, to.data).catch(() => null);
    if (member) people.unshift({ id: member.id, name: member.name });
  }
  return { me: viewer.id, ledger, referrals: referrals.items, hours: hours.items, people, to: to.ok ? to.data : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  return reply(await runLedgerIntent(context, viewer, await readForm(request)));
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type ReferralRow = Data["referrals"][number];

const NEXT: Record<string, readonly ("contacted" | "meeting" | "won" | "lost")[]> = { given: ["contacted", "meeting", "won", "lost"], contacted: ["meeting", "won", "lost"], meeting: ["won", "lost"] };

export default function LedgerPage() {
  const { me, ledger, referrals, hours, people, to } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const zone = useBrowserZone();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const revalidator = useRevalidator();
  const onNotification = useCallback(() => revalidator.revalidate(), [revalidator]);
  useSocketEvent("notification", onNotification);

  const failed = result && !result.ok ? result : null;
  const errorsFor = (intent: string) => (failed && failed.intent === intent ? failed : null);
  const h = (n: number) => t("ledger.hours", { count: n, hours: formatNumber(n, locale) });
  const money = (n: number) => formatMoney(n, locale);
  const toConfirm = hours.filter((x) => x.status === "pending" && x.to?.id === me);
  const openReceived = referrals.filter((r) => r.to?.id === me && r.status !== "won" && r.status !== "lost");
  const done = result?.ok ? t(`ledger.done.${result.kind}`) : null;

  return (
    <section className="stack">
      <PageHeader title={t("ledger.title")} description={t("ledger.intro")} />
      {done ? <p className="notice" role="status" data-testid="ledger-done">{done}</p> : null}

      <div className="wallet-balances" data-testid="ledger-summary">
        <section className="card" aria-labelledby="ledger-hours">
          <h2 id="ledger-hours"><Hourglass aria-hidden="true" size={18} /> {t("ledger.hoursTitle")}</h2>
          <p className="wallet-figure" data-testid="hours-balance">{h(ledger.hours.balance)}</p>
          <p className="muted">{t("ledger.hoursFacts", { given: h(ledger.hours.given), received: h(ledger.hours.received) })}</p>
          <p className="muted small">{t("ledger.limit", { limit: h(ledger.hours.limit) })}</p>
        </section>
        <section className="card" aria-labelledby="ledger-referrals">
          <h2 id="ledger-referrals"><BriefcaseBusiness aria-hidden="true" size={18} /> {t("ledger.referralsTitle")}</h2>
          <p className="wallet-figure" data-testid="closed-value">{money(ledger.referrals.closedValue)}</p>
          <p className="muted">{t("ledger.referralFacts", { given: ledger.referrals.given, won: ledger.referrals.won })}</p>
          <p className="muted small">{t("ledger.receivedFacts", { received: ledger.referrals.received, value: money(ledger.referrals.closedValueReceived) })}</p>
        </section>
      </div>

      {toConfirm.length || openReceived.length ? (
        <section className="card stack" aria-labelledby="ledger-answer" data-testid="ledger-answer">
          <h2 id="ledger-answer">{t("ledger.toAnswer")}</h2>
          <ul className="plain-list stack">
            {toConfirm.map((x) => {
              const err = errorsFor(`${LEDGER_INTENTS.confirm}:${x.id}`) ?? errorsFor(`${LEDGER_INTENTS.reject}:${x.id}`);
              return (
                <li key={x.id} data-testid="hours-to-confirm" className="stack">
                  <p>
                    <strong>{t("ledger.hoursFrom", { name: x.from?.name ?? t("ledger.formerMember"), hours: h(x.hours) })}</strong>
                    <br />
                    <span>{x.description}</span>
                  </p>
                  {err ? <FormErrorMessage code={err.code} message={err.message} details={err.details} /> : null}
                  <Form method="post" className="cluster">
                    <input type="hidden" name="recordId" value={x.id} />
                    <button type="submit" name="intent" value={LEDGER_INTENTS.confirm} disabled={busy}>{t("ledger.confirm")}</button>
                    <button type="submit" name="intent" value={LEDGER_INTENTS.reject} className="secondary" disabled={busy}>{t("ledger.reject")}</button>
                  </Form>
                </li>
              );
            })}
            {openReceived.map((r) => <StepForm key={r.id} referral={r} busy={busy} error={errorsFor(`${LEDGER_INTENTS.step}:${r.id}`)} />)}
          </ul>
        </section>
      ) : null}

      <div className="wallet-balances">
        <section className="card" aria-labelledby="ledger-give">
          <h2 id="ledger-give">{t("ledger.giveTitle")}</h2>
          <p className="muted small">{t("ledger.giveHelp")}</p>
          {people.length === 0 ? (
            <p className="muted">{t("ledger.nobody")} <Link to="/network/directory">{t("network.directory")}</Link></p>
          ) : (
            <Form method="post" className="form" data-testid="give-form">
              <input type="hidden" name="intent" value={LEDGER_INTENTS.give} />
              {errorsFor(LEDGER_INTENTS.give) ? <FormErrorMessage code={failed!.code} message={failed!.message} details={failed!.details} /> : null}
              <SelectField label={t("ledger.to")} name="toMemberId" defaultValue={to ?? undefined} error={errorsFor(LEDGER_INTENTS.give)?.errors.toMemberId} required>
                {people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </SelectField>
              <Field label={t("ledger.prospect")} hint={t("ledger.prospectHint")} name="prospect" maxLength={200} required error={errorsFor(LEDGER_INTENTS.give)?.errors.prospect} />
              <TextAreaField label={t("ledger.need")} name="description" maxLength={2000} rows={3} error={errorsFor(LEDGER_INTENTS.give)?.errors.description} />
              <Field label={t("ledger.estimated")} hint={t("ledger.rupiahHint")} name="estimatedValue" inputMode="numeric" error={errorsFor(LEDGER_INTENTS.give)?.errors.estimatedValue} />
              <button type="submit" disabled={busy}>{t("ledger.giveSubmit")}</button>
            </Form>
          )}
        </section>
        <section className="card" aria-labelledby="ledger-record">
          <h2 id="ledger-record">{t("ledger.recordTitle")}</h2>
          <p className="muted small">{t("ledger.recordHelp")}</p>
          {people.length === 0 ? (
            <p className="muted">{t("ledger.nobody")} <Link to="/network/directory">{t("network.directory")}</Link></p>
          ) : (
            <Form method="post" className="form" data-testid="record-form">
              <input type="hidden" name="intent" value={LEDGER_INTENTS.record} />
              {errorsFor(LEDGER_INTENTS.record) ? <FormErrorMessage code={failed!.code} message={failed!.message} details={failed!.details} /> : null}
              <SelectField label={t("ledger.to")} name="toMemberId" defaultValue={to ?? undefined} error={errorsFor(LEDGER_INTENTS.record)?.errors.toMemberId} required>
                {people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </SelectField>
              <Field label={t("ledger.hoursField")} hint={t("ledger.hoursHint")} name="hours" inputMode="decimal" required error={errorsFor(LEDGER_INTENTS.record)?.errors.hours} />
              <Field label={t("ledger.what")} name="description" maxLength={500} required error={errorsFor(LEDGER_INTENTS.record)?.errors.description} />
              <button type="submit" disabled={busy}>{t("ledger.recordSubmit")}</button>
            </Form>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="ledger-referral-list">
        <h2 id="ledger-referral-list">{t("ledger.referralList")}</h2>
        {referrals.length === 0 ? <p className="muted">{t("ledger.noReferrals")}</p> : (
          <ul className="plain-list wallet-history stack" data-testid="referral-list">
            {referrals.map((r) => {
              const mine = r.from?.id === me;
              const other = (mine ? r.to : r.from)?.name ?? t("ledger.formerMember");
              return (
                <li key={r.id} data-testid="referral" data-status={r.status}>
                  <span>
                    <strong>{r.prospect}</strong>
                    <br />
                    <span className="muted small">{t(mine ? "ledger.givenTo" : "ledger.receivedFrom", { name: other })} · {formatInstant(r.createdAt, locale, zone)}</span>
                  </span>
                  <span className="wallet-amounts">
                    <span className="badge">{t(`ledger.status.${r.status}`)}</span>
                    {r.closedValue !== null ? <span>{money(r.closedValue)}</span> : r.estimatedValue !== null ? <span className="muted small">{t("ledger.estimatedShort", { value: money(r.estimatedValue) })}</span> : null}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="ledger-entries">
        <h2 id="ledger-entries">{t("ledger.entries")}</h2>
        {ledger.entries.length === 0 && hours.length === 0 ? <p className="muted">{t("ledger.noHours")}</p> : (
          <ul className="plain-list wallet-history stack" data-testid="hours-list">
            {hours.map((x) => {
              const gave = x.from?.id === me;
              const other = (gave ? x.to : x.from)?.name ?? t("ledger.formerMember");
              return (
                <li key={x.id} data-testid="hours" data-status={x.status}>
                  <span>
                    <strong>{x.description}</strong>
                    <br />
                    <span className="muted small">{t(gave ? "ledger.gaveTo" : "ledger.gotFrom", { name: other })} · {formatInstant(x.createdAt, locale, zone)}</span>
                  </span>
                  <span className="wallet-amounts">
                    <span>{gave ? "+" : "−"}{h(x.hours)}</span>
                    <span className="badge">{t(`ledger.hoursStatus.${x.status}`)}</span>
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </section>
  );
}

/** The receiver's next step on a referral: only forward steps are offered; won asks for the closed value. */
function StepForm({ referral: r, busy, error }: { referral: ReferralRow; busy: boolean; error: { code: string; message: string; details: Record<string, unknown>; errors: Record<string, string> } | null }) {
  const t = useT();
  const locale = useLocale();
  const options = NEXT[r.status] ?? [];
  const [status, setStatus] = useState<string>(options[0] ?? "");
  return (
    <li data-testid="referral-to-step" className="stack">
      <p>
        <strong>{t("ledger.referralFrom", { name: r.from?.name ?? t("ledger.formerMember"), prospect: r.prospect })}</strong>
        {r.description ? <><br /><span>{r.description}</span></> : null}
        {r.estimatedValue !== null ? <><br /><span className="muted small">{t("ledger.estimatedShort", { value: formatMoney(r.estimatedValue, locale) })}</span></> : null}
      </p>
      {error ? <FormErrorMessage code={error.code} message={error.message} details={error.details} /> : null}
      <Form method="post" className="form">
        <input type="hidden" name="intent" value={LEDGER_INTENTS.step} />
        <input type="hidden" name="referralId" value={r.id} />
        <SelectField label={t("ledger.nextStep", { status: t(`ledger.status.${r.status}`) })} name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          {options.map((o) => <option key={o} value={o}>{t(`ledger.status.${o}`)}</option>)}
        </SelectField>
        <Field label={t("ledger.closedValue")} hint={t("ledger.closedHint")} name="closedValue" inputMode="numeric" error={error?.errors.closedValue} />
        <button type="submit" disabled={busy}>{t("ledger.stepSubmit")}</button>
      </Form>
    </li>
  );
}
