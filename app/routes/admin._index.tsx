import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { lazy } from "react";
import { Field, SelectField, TextAreaField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { LazyOnClient } from "~/components/LazyOnClient";
import { formatMoney, formatNumber, useLocale, useT } from "~/i18n";
import { domainError, fieldsOf, readForm } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { requireAdmin } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatDate, formatMonth } from "~/lib/time";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

/** The chart loads after the page is interactive; the table beside it carries the same numbers from the start. */
const BalanceChart = lazy(() => import("~/components/BalanceChart").then((m) => ({ default: m.BalanceChart })));

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.admin.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const all = context.schemas.network.DirectoryQuery.parse({ limit: 100 });
  // The period of "what the network produced": from the page's own form (GET ?from=&to=); a bad one is said, and
  // the default period shown.
  const url = new URL(request.url);
  const asked = { from: url.searchParams.get("from") || undefined, to: url.searchParams.get("to") || undefined };
  const period = context.validate(context.schemas.community.LedgerHealthQuery, asked);
  const [health, produced, introductions, members] = await Promise.all([
    context.services.network.health(viewer),
    context.services.community.health
      .health(viewer, period.ok ? period.data : {})
      .then((p) => ({ ...p, invalid: false }))
      .catch(async (error: unknown) => {
        if (!domainError(error)) throw error;
        return { ...(await context.services.community.health.health(viewer, {})), invalid: true };
      }),
    context.services.network.introductions(viewer),
    context.services.network.directory(viewer, all),
  ]);
  return {
    health,
    produced: { ...produced, invalid: produced.invalid || !period.ok },
    introductions,
    members: members.items.map((m) => ({ id: m.id, name: m.name, headline: m.headline })),
    max: context.limits.maxLengths(context.schemas.network.IntroductionCreate),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const f = fieldsOf(await readForm(request));
  const parsed = parseForm(context, context.schemas.network.IntroductionCreate, { memberIds: [f.text("a"), f.text("b")], note: f.text("note") });
  if (!parsed.ok) return reply(parsed);
  try {
    await context.services.network.introduce(viewer, parsed.data);
    return reply({ ok: true as const });
  } catch (error) {
    return reply(failure(context, error));
  }
}

export default function Admin() {
  const { health, produced, introductions, members, max } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data;
  const errors = result && !result.ok ? result.errors : {};
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  // Density is small in a real network (a few connections per member): to a tenth of a percent.
  const pctTenth = (x: number) => `${formatNumber(Math.round(x * 1000) / 10, locale)}%`;
  return (
    <section className="stack op-page">
      <h1>{t("admin.title")}</h1>
      <p>{t("admin.intro")}</p>
      <p><Link to="/admin/members">{t("op.mem.title")}</Link> · <Link to="/admin/spaces">{t("staff.title")}</Link> · <Link to="/admin/outbox">{t("outbox.title")}</Link> · <Link to="/admin/sent-mail">{t("sentMail.title")}</Link> · <Link to="/admin/webhooks">{t("wh.title")}</Link></p>

      <section aria-labelledby="health-title" className="stack">
        <h2 id="health-title">{t("admin.health")}</h2>
        <ul className="stats">
          <li><strong>{health.members}</strong>{t("health.members")}</li>
          <li><strong>{health.activeThisWeek}</strong>{t("health.active")}</li>
          <li><strong>{health.connections.accepted}</strong>{t("health.connections")} ({health.connections.thisWeek} {t("health.thisWeek").toLowerCase()})</li>
          <li><strong>{health.connections.pending}</strong>{t("health.pending")}</li>
          <li><strong>{pct(health.introductions.conversion)}</strong>{t("health.conversion")} ({health.introductions.connected}/{health.introductions.total})</li>
        </ul>
        <div className="two-col">
          <section className="card" aria-labelledby="gaps-title">
            <h3 id="gaps-title">{t("health.gaps")}</h3>
            <ul data-testid="gaps">
              {health.gaps.map((g) => <li key={g.tag}>{t("health.gapRow", { count: g.members, tag: g.tag })}</li>)}
            </ul>
            <h3>{t("health.unneeded")}</h3>
            <ul>
              {health.unneededOffers.map((g) => <li key={g.tag}>{g.tag} ({g.members})</li>)}
            </ul>
          </section>
          <section className="card" aria-labelledby="balance-title">
            <h3 id="balance-title">{t("health.balance")}</h3>
            <LazyOnClient fallback={null}>
              {() => <BalanceChart rows={health.topNeeds} labels={{ title: t("health.balance"), needed: t("health.needed"), offered: t("health.offered") }} />}
            </LazyOnClient>
            <table>
              <caption className="sr-only">{t("health.balance")}</caption>
              <thead>
                <tr><th scope="col">{t("health.skill")}</th><th scope="col">{t("health.needed")}</th><th scope="col">{t("health.offered")}</th></tr>
              </thead>
              <tbody>
                {health.topNeeds.map((r) => <tr key={r.tag}><td>{r.tag}</td><td>{r.needed}</td><td>{r.offered}</td></tr>)}
              </tbody>
            </table>
          </section>
        </div>
      </section>

      <section aria-labelledby="produced-title" className="stack" data-testid="produced">
        <h2 id="produced-title">{t("health.produced", { from: formatDate(produced.period.from, locale), to: formatDate(produced.period.to, locale) })}</h2>
        <Form method="get" className="cluster period-form" aria-label={t("health.period")}>
          <Field label={t("health.from")} type="date" name="from" defaultValue={produced.period.from} />
          <Field label={t("health.to")} type="date" name="to" defaultValue={produced.period.to} />
          <button type="submit" className="secondary">{t("health.show")}</button>
        </Form>
        {produced.invalid ? <p className="form-error" role="alert">{t("health.badPeriod")}</p> : null}
        <ul className="stats">
          <li><strong>{produced.referrals}</strong>{t("health.referrals")}</li>
          <li><strong>{produced.won}</strong>{t("health.won")}</li>
          <li><strong>{formatMoney(produced.closedValue, locale)}</strong>{t("health.closedValue")}</li>
          <li><strong>{formatNumber(produced.hoursExchanged, locale)}</strong>{t("health.hoursExchanged")}</li>
        </ul>
        <section className="card stack" aria-labelledby="reach-title">
          <h3 id="reach-title">{t("health.reach")}</h3>
          <ul className="stats">
            <li data-testid="density">
              <strong>{pctTenth(produced.density.density)}</strong>
              {t("health.density", { connections: produced.density.connections, members: produced.density.members })}
            </li>
            <li data-testid="median-wait">
              {produced.newcomers.medianDaysToFirstConnection === null ? (
                <span>{t("health.noWait")}</span>
              ) : (
                <>
                  <strong>{formatNumber(produced.newcomers.medianDaysToFirstConnection, locale)}</strong>
                  {t("health.medianWait")}
                </>
              )}
            </li>
          </ul>
          <p data-testid="newcomers">
            {t("health.newcomers", { count: produced.newcomers.joined, connected: produced.newcomers.connected, within: produced.newcomers.connectedWithin, days: produced.newcomers.withinDays })}
          </p>
          <p data-testid="introduced">{t("health.introduced", produced.introduced)}</p>
        </section>
        <section className="card stack" aria-labelledby="months-title">
          <h3 id="months-title">{t("health.months")}</h3>
          <LazyOnClient fallback={null}>
            {() => (
              <BalanceChart
                rows={produced.months.map((m) => ({ tag: formatMonth(m.month, locale), needed: m.referrals, offered: m.won }))}
                labels={{ title: t("health.monthsChart"), needed: t("health.referralsShort"), offered: t("health.wonShort") }}
              />
            )}
          </LazyOnClient>
          <div className="grid-scroll" role="region" aria-labelledby="months-title" tabIndex={0}>
            <table data-testid="months">
              <caption className="sr-only">{t("health.months")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("health.month")}</th>
                  <th scope="col">{t("health.referralsShort")}</th>
                  <th scope="col">{t("health.wonShort")}</th>
                  <th scope="col">{t("health.closedShort")}</th>
                  <th scope="col">{t("health.hoursShort")}</th>
                </tr>
              </thead>
              <tbody>
                {produced.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{formatMonth(m.month, locale)}</th>
                    <td>{m.referrals}</td>
                    <td>{m.won}</td>
                    <td>{formatMoney(m.closedValue, locale)}</td>
                    <td>{formatNumber(m.hoursExchanged, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card stack" aria-labelledby="reciprocity-title">
          <h3 id="reciprocity-title">{t("health.reciprocity")}</h3>
          <p className="muted small">{t("health.reciprocityRule")}</p>
          <p>{t("health.lights", { green: produced.reciprocity.green, amber: produced.reciprocity.amber, red: produced.reciprocity.red })}</p>
          {produced.reciprocity.members.length ? (
            <div className="grid-scroll" role="region" aria-labelledby="reciprocity-title" tabIndex={0}>
              <table>
                <caption className="sr-only">{t("health.reciprocity")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("health.member")}</th>
                    <th scope="col">{t("health.given")}</th>
                    <th scope="col">{t("health.received")}</th>
                    <th scope="col">{t("health.light")}</th>
                  </tr>
                </thead>
                <tbody>
                  {produced.reciprocity.members.map((m) => (
                    <tr key={m.memberId} data-light={m.light}>
                      <td><Link to={`/members/${m.memberId}`}>{m.name}</Link></td>
                      <td>{t("health.contribution", { referrals: m.referralsGiven, hours: formatNumber(m.hoursGiven, locale) })}</td>
                      <td>{t("health.contribution", { referrals: m.referralsReceived, hours: formatNumber(m.hoursReceived, locale) })}</td>
                      <td><span className={`light light-${m.light}`}>{t(`health.light.${m.light}`)}</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
        <section aria-labelledby="csv-title">
          <h3 id="csv-title">{t("health.csv")}</h3>
          <ul className="cluster" data-testid="health-csv">
            {(["summary", "months", "members"] as const).map((section) => (
              <li key={section}>
                <a href={`/api/v1/network/health?${new URLSearchParams({ from: produced.period.from, to: produced.period.to, format: "csv", section })}`} download>
                  {t(section === "summary" ? "health.csvSummary" : section === "months" ? "health.csvMonths" : "health.csvMembers")}
                </a>
              </li>
            ))}
          </ul>
        </section>
      </section>

      <section aria-labelledby="intro-title" className="card">
        <h2 id="intro-title">{t("admin.introduce")}</h2>
        <fetcher.Form method="post" className="form">
          {result?.ok ? <p className="notice" role="status">{t("admin.introduced")}</p> : null}
          {result && !result.ok ? <FormErrorMessage code={result.code} message={errors.memberIds || result.message} details={result.details} /> : null}
          {(["a", "b"] as const).map((k) => (
            <SelectField key={k} label={t(k === "a" ? "admin.memberA" : "admin.memberB")} id={`intro-${k}`} name={k} required defaultValue="">
              <option value="" disabled>—</option>
              {members.map((m) => <option key={m.id} value={m.id}>{m.name}{m.headline ? ` — ${m.headline}` : ""}</option>)}
            </SelectField>
          ))}
          <TextAreaField label={t("admin.why")} id="intro-note" name="note" rows={3} required maxLength={max.note} error={errors.note} />
          <button type="submit" className="primary" disabled={fetcher.state !== "idle"}>{t("admin.send")}</button>
        </fetcher.Form>
      </section>

      <section aria-labelledby="intros-title" className="card">
        <h2 id="intros-title">{t("admin.introductions")}</h2>
        <table className="op-table">
          <thead>
            <tr><th scope="col">{t("admin.memberA")}</th><th scope="col">{t("admin.memberB")}</th><th scope="col">{t("admin.why")}</th><th scope="col">{t("admin.outcome")}</th></tr>
          </thead>
          <tbody>
            {introductions.map((i) => (
              <tr key={i.id}>
                <td data-label={t("admin.memberA")}><Link to={`/members/${i.members[0].id}`}>{i.members[0].name}</Link></td>
                <td data-label={t("admin.memberB")}><Link to={`/members/${i.members[1].id}`}>{i.members[1].name}</Link></td>
                <td data-label={t("admin.why")}>{i.note}</td>
                <td data-label={t("admin.outcome")}>
                  {[i.outcome.connected ? t("admin.outcomeConnected") : null, i.outcome.sharedProject ? t("admin.outcomeProject") : null].filter(Boolean).join(", ") ||
                    t("admin.outcomeNone")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
