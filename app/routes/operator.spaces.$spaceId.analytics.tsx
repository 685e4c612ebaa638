import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { lazy } from "react";
import { Field } from "~/components/Field";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { Heatmap, percent } from "~/components/Heatmap";
import { LazyOnClient } from "~/components/LazyOnClient";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { domainError, type FieldErrors } from "~/lib/forms";
import { failure } from "~/lib/forms.server";
import { orNotFound } from "~/lib/guards.server";
import { requireOperatorSpace } from "~/lib/operator.server";
import { formatDate, formatDayMonth } from "~/lib/time";
import { pageMeta } from "~/lib/meta";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

/** The chart loads after the page is interactive; the table of the same numbers is there from the start. */
const UtilizationChart = lazy(() => import("~/components/UtilizationChart").then((m) => ({ default: m.UtilizationChart })));

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorAnalytics.title", data?.space.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const url = new URL(request.url);
  const asked = { from: url.searchParams.get("from") || undefined, to: url.searchParams.get("to") || undefined };
  let errors: FieldErrors = {};
  const occupancy = await orNotFound(
    context.services.insights.occupancy(viewer, space.id, asked).catch((error: unknown) => {
      if (domainError(error)?.code !== "validation_failed") throw error;
      // A bad range: say why beside the fields and show the default range (the last 30 days) meanwhile.
      errors = failure(context, error).errors;
      return context.services.insights.occupancy(viewer, space.id);
    }),
  );
  const input = { from: asked.from ?? occupancy.from, to: asked.to ?? occupancy.to };
  return { space: { id: space.id, name: space.name, timezone: space.timezone }, occupancy, input, errors };
}

export default function Analytics() {
  const { space, occupancy: o, input, errors } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "loading";
  const api = `/api/v1/spaces/${space.id}`;
  const range = new URLSearchParams({ from: o.from, to: o.to });
  const csv = (section: string) => `${api}/occupancy?${range.toString()}&format=csv&section=${section}`;
  const dayLabel = (d: string) => formatDate(d, locale);
  const shortDay = (d: string) => formatDayMonth(d, locale);
  const weekday = (d: number) => t(`weekday.${d}` as MessageKey);
  const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;
  const chartSummary = t("op.an.chartSummary", { from: dayLabel(o.from), to: dayLabel(o.to), total: percent(o.totals.utilization) });
  const kindLabel = (k: string) => (["desk", "room", "booth"].includes(k) ? t(`op.kind.${k}` as MessageKey) : k);

  return (
    <section className="stack op-page" aria-busy={busy}>
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("op.an.title")}</h2>
      <p className="muted">{t("op.an.help", { tz: space.timezone })}</p>

      <Form method="get" className="toolbar" aria-label={t("op.an.range")}>
        <Field label={t("op.an.from")} name="from" type="date" defaultValue={input.from} error={errors.from} key={`f${input.from}`} />
        <Field label={t("op.an.to")} name="to" type="date" defaultValue={input.to} error={errors.to} key={`t${input.to}`} />
        <button type="submit" className="small-button">{t("space.show")}</button>
      </Form>
      {Object.keys(errors).length ? <p className="form-error" role="alert">{t("op.an.showingDefault", { from: dayLabel(o.from), to: dayLabel(o.to) })}</p> : null}

      <ul className="stats" aria-label={t("op.an.totals")}>
        <li><strong>{percent(o.totals.utilization)}</strong>{t("op.an.utilization")}</li>
        <li><strong>{o.totals.bookings}</strong>{t("op.an.bookings")}</li>
        <li><strong>{percent(o.noShowRate)}</strong>{t("op.an.noShowRate")} ({o.totals.noShows}/{o.totals.checkedIn + o.totals.noShows})</li>
        <li><strong>{o.totals.cancelled}</strong>{t("op.an.cancelled")}</li>
        <li><strong>{o.totals.resources}</strong>{t("op.an.resources")}</li>
      </ul>

      <section className="card" aria-labelledby="exports-title">
        <h3 id="exports-title">{t("op.an.exports")}</h3>
        <ul>
          <li><a href={csv("days")} download>{t("op.an.csvDays")}</a></li>
          <li><a href={csv("byHour")} download>{t("op.an.csvHours")}</a></li>
          <li><a href={csv("byKind")} download>{t("op.an.csvKinds")}</a></li>
          <li><a href={csv("byZone")} download>{t("op.an.csvZones")}</a></li>
          <li><a href={csv("topMembers")} download>{t("op.an.csvMembers")}</a></li>
          <li><a href={`${api}/bookings.csv?${range.toString()}`} download>{t("op.an.csvBookings")}</a></li>
        </ul>
      </section>

      <section className="card" aria-labelledby="by-day-title">
        <h3 id="by-day-title">{t("op.an.byDay")}</h3>
        <LazyOnClient fallback={<p className="util-chart-fallback">{chartSummary}</p>}>
          {() => <UtilizationChart days={o.days} title={t("op.an.byDay")} summary={chartSummary} formatDay={shortDay} />}
        </LazyOnClient>
        <details>
          <summary>{t("op.an.byDayTable")}</summary>
          <div className="grid-scroll" tabIndex={0} role="region" aria-label={t("op.an.byDayTable")}>
            <table>
              <caption className="sr-only">{t("op.an.byDay")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("op.an.date")}</th>
                  <th scope="col">{t("op.an.utilization")}</th>
                  <th scope="col">{t("op.an.bookedMinutes")}</th>
                  <th scope="col">{t("op.an.openMinutes")}</th>
                  <th scope="col">{t("op.an.bookings")}</th>
                  <th scope="col">{t("op.an.noShows")}</th>
                </tr>
              </thead>
              <tbody>
                {o.days.map((d) => (
                  <tr key={d.date}>
                    <th scope="row">{dayLabel(d.date)}</th>
                    <td>{percent(d.utilization)}</td>
                    <td>{d.bookedMinutes}</td>
                    <td>{d.openMinutes}</td>
                    <td>{d.bookings}</td>
                    <td>{d.noShows}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <section className="card" aria-labelledby="heatmap-title">
        <h3 id="heatmap-title">{t("op.an.heatmap")}</h3>
        <p className="muted small">{t("op.an.heatmapHelp")}</p>
        <Heatmap
          cells={o.byHour}
          caption={t("op.an.heatmapCaption")}
          weekdayLabel={weekday}
          cellLabel={(d, h, v) => t("op.an.cell", { day: weekday(d), hour: hour(h), value: v })}
        />
      </section>

      <div className="grid">
        <section className="card" aria-labelledby="peak-title">
          <h3 id="peak-title">{t("op.an.peak")}</h3>
          {o.peakHours.length ? (
            <ol>
              {o.peakHours.map((h) => (
                <li key={`${h.weekday}-${h.hour}`}>{weekday(h.weekday)} {hour(h.hour)} · {percent(h.utilization)}</li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t("op.an.none")}</p>
          )}
        </section>
        <section className="card" aria-labelledby="kind-title">
          <h3 id="kind-title">{t("op.an.byKind")}</h3>
          <table>
            <thead>
              <tr><th scope="col">{t("op.res.kind")}</th><th scope="col">{t("op.an.resources")}</th><th scope="col">{t("op.an.utilization")}</th></tr>
            </thead>
            <tbody>
              {o.byKind.map((k) => <tr key={k.kind}><th scope="row">{kindLabel(k.kind)}</th><td>{k.resources}</td><td>{percent(k.utilization)}</td></tr>)}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="zone-title">
          <h3 id="zone-title">{t("op.an.byZone")}</h3>
          <table>
            <thead>
              <tr><th scope="col">{t("space.zone")}</th><th scope="col">{t("op.an.resources")}</th><th scope="col">{t("op.an.utilization")}</th></tr>
            </thead>
            <tbody>
              {o.byZone.map((z) => <tr key={z.zone}><th scope="row">{z.zone || t("op.an.noZone")}</th><td>{z.resources}</td><td>{percent(z.utilization)}</td></tr>)}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="top-title">
          <h3 id="top-title">{t("op.an.top")}</h3>
          {o.topMembers.length ? (
            <table>
              <thead>
                <tr><th scope="col">{t("op.now.member")}</th><th scope="col">{t("op.an.bookings")}</th><th scope="col">{t("op.an.hours")}</th></tr>
              </thead>
              <tbody>
                {o.topMembers.map((m) => (
                  <tr key={m.id}><th scope="row"><Link to={`/members/${m.id}`}>{m.name}</Link></th><td>{m.bookings}</td><td>{Math.round(m.minutes / 6) / 10}</td></tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t("op.an.none")}</p>
          )}
        </section>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
