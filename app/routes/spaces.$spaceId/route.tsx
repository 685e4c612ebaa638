import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { BookingButton } from "~/components/BookingButton";
import { Field, SelectField } from "~/components/Field";
import { FloorPlan, type DeskState } from "~/components/FloorPlan";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useLocale, useT } from "~/i18n";
import { runBookingIntent, type IntentResult } from "~/lib/booking-intents.server";
import { readForm } from "~/lib/forms";
import { idOf, parseForm, reply } from "~/lib/forms.server";
import { invariantResponse, orNotFound, requireMember } from "~/lib/guards.server";
import { BOOKING_INTENTS } from "~/lib/intents";
import { matchReasonText } from "~/lib/match-reasons";
import { formatDate, hhmm } from "~/lib/time";
import { useLiveSpace } from "~/realtime/useLiveSpace";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.day.spaceName ?? "Space"} · Jejaring` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const url = new URL(request.url);
  const query = parseForm(context, context.schemas.bookings.AvailabilityQuery, {
    date: url.searchParams.get("date") || undefined,
    from: url.searchParams.get("from") || undefined,
    to: url.searchParams.get("to") || undefined,
  });
  const spaceId = idOf(context, params.spaceId);
  invariantResponse(spaceId, "Not found", { status: 404 });
  const [day, presence, matches] = await orNotFound(
    Promise.all([
      context.services.bookings.availability(viewer, spaceId, query.ok ? query.data : {}),
      context.services.bookings.presence(spaceId),
      context.services.network.matches(viewer, { limit: 50, spaceId }),
    ]),
  );
  // People here now who offer what I need, for the "who's here" highlight.
  const helpful = matches
    .filter((m) => m.reasons.some((r) => r.kind === "here_today") && m.reasons.some((r) => r.kind === "offers_what_you_need"))
    .flatMap((m) => m.reasons.filter((r) => r.kind === "offers_what_you_need").map((reason) => ({ id: m.member.id, reason })));
  return { day, presence: presence.items, helpful };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  return reply(await runBookingIntent(context, viewer, params.spaceId ?? "", await readForm(request)));
}

function ResultMessage({ result }: { result: IntentResult | undefined }) {
  const t = useT();
  if (!result) return null;
  if (!result.ok) {
    return (
      <FormErrorMessage code={result.code} message={result.message}>
        {result.alternatives?.length ? (
          <p>
            {t("errors.alternatives")} {result.alternatives.map((a) => a.name).join(", ")}
          </p>
        ) : null}
      </FormErrorMessage>
    );
  }
  return (
    <div className="notice" role="status">
      {result.kind === "booked" ? <p>{t("space.booked", { name: result.name, from: hhmm(result.start), to: hhmm(result.end) })}</p> : null}
      {result.kind === "series" ? (
        <>
          <p>{t("space.seriesResult", { created: result.created, total: result.created + result.skipped.length })}</p>
          <ul>
            {result.skipped.map((s) => (
              <li key={s.start}>{t("space.skipped", { date: s.start.replace("T", " "), reason: s.message })}</li>
            ))}
          </ul>
        </>
      ) : null}
      {result.kind === "waiting" ? <p>{t("space.waiting", { position: result.position })}</p> : null}
      {result.kind === "promoted" ? <p>{t("space.promoted")}</p> : null}
      {result.kind === "cancelled" ? <p>{t("bookings.cancelled")}</p> : null}
      {result.kind === "checked_in" ? <p>{t("bookings.checkedIn")}</p> : null}
    </div>
  );
}

export default function SpacePage() {
  const { day, presence, helpful } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<IntentResult>();
  const navigation = useNavigation();
  useLiveSpace(day.spaceId);
  const win = day.window;
  const pendingId = fetcher.state !== "idle" ? String(fetcher.formData?.get("resourceId") ?? "") : null;
  const labels = {
    free: t("state.free"),
    booked: t("state.booked"),
    checked_in: t("state.checked_in"),
    mine: t("state.mine"),
    title: t("space.floorPlan"),
  };
  const desks = day.resources.filter((r) => r.kind === "desk");
  const rooms = day.resources.filter((r) => r.kind !== "desk");
  const zones = [...new Set(desks.map((d) => d.zone).filter(Boolean))];
  const mineToday = day.resources.flatMap((r) => r.busy.filter((b) => b.mine).map((b) => ({ ...b, name: r.name })));
  const bookHidden = win ? { date: day.date, from: win.from, to: win.to } : null;

  return (
    <section className="stack" aria-busy={navigation.state === "loading"}>
      <header>
        <p>
          <Link to="/spaces">← {t("spaces.title")}</Link>
        </p>
        <h1>{day.spaceName}</h1>
        <p className="muted">
          {t("space.timezoneNote", { tz: day.timezone })} · <span data-testid="live-note">{t("space.live")}</span>
        </p>
      </header>

      <Form method="get" className="toolbar" aria-label={t("space.date")}>
        <Link className="small-button" to={`?date=${day.prevDate}`} aria-label={t("space.prev")}>←</Link>
        <Field label={t("space.date")} id="date" type="date" name="date" defaultValue={day.date} key={day.date} />
        {/* No 15-minute step: a step counts from the input's default value, and today's window starts now (09:48), which
            made 09:00 "invalid" and the browser refused to submit the form. */}
        <Field label={t("space.from")} id="from" type="time" name="from" defaultValue={win?.from} key={`f${win?.from}`} />
        <Field label={t("space.to")} id="to" type="time" name="to" defaultValue={win?.to} key={`t${win?.to}`} />
        <button type="submit" className="small-button">{t("space.show")}</button>
        <Link className="small-button" to={`?date=${day.nextDate}`} aria-label={t("space.next")}>→</Link>
        {day.date !== day.today ? <Link to={`?date=${day.today}`}>{t("space.today")}</Link> : null}
      </Form>

      <p>
        <strong>{formatDate(day.date, locale)}</strong> ·{" "}
        {day.open ? t("space.open", { from: hhmm(day.open.start), to: hhmm(day.open.end) }) : t("space.closedToday")}
      </p>
      {day.closures.map((c) => (
        <p key={c.start} className="form-error">{t("space.closure", { from: `${c.start.slice(0, 10)} ${hhmm(c.start)}`, to: `${c.end.slice(0, 10)} ${hhmm(c.end)}`, reason: c.reason })}</p>
      ))}

      <ResultMessage result={fetcher.data} />

      <div className="two-col">
        <div className="stack">
          {win ? (
            <section aria-labelledby="plan-title" className="card">
              <h2 id="plan-title">{t("space.floorPlan")}</h2>
              <p className="muted" id="plan-hint">{t("space.floorPlanHelp", { from: win.from, to: win.to })}</p>
              <ul className="legend" aria-label={t("space.legend")}>
                {(["free", "booked", "checked_in", "mine"] as DeskState[]).map((s) => (
                  <li key={s}><span className={`swatch state-${s}`} aria-hidden="true" />{labels[s]}</li>
                ))}
              </ul>
              <FloorPlan
                items={day.resources}
                labels={labels}
                busyId={pendingId}
                hintId="plan-hint"
                onPick={(item) => fetcher.submit({ intent: BOOKING_INTENTS.book, resourceId: item.id, ...bookHidden! }, { method: "post" })}
              />
              <h3>{t("space.desks")}</h3>
              <ul className="desk-list">
                {desks.map((d) => (
                  <li key={d.id}>
                    <span>{d.name} <span className="muted">{d.zone}</span></span>
                    {d.state === "free" || d.state === "booked" || d.state === "checked_in" ? (
                      <fetcher.Form method="post">
                        <input type="hidden" name="intent" value={d.state === "free" ? BOOKING_INTENTS.book : BOOKING_INTENTS.wait} />
                        <input type="hidden" name="resourceId" value={d.id} />
                        <input type="hidden" name="date" value={day.date} />
                        <input type="hidden" name="from" value={win.from} />
                        <input type="hidden" name="to" value={win.to} />
                        <button type="submit" className="small-button">
                          {d.state === "free" ? (
                            <>
                              {t("state.free")} →<span className="sr-only"> {t("space.bookDesk", { name: d.name })}</span>
                            </>
                          ) : (
                            <>
                              {labels[d.state]} · {t("space.wait")}<span className="sr-only">: {d.name}</span>
                            </>
                          )}
                        </button>
                      </fetcher.Form>
                    ) : (
                      <span>{labels[d.state]}</span>
                    )}
                  </li>
                ))}
              </ul>
              <fetcher.Form method="post" className="toolbar">
                <input type="hidden" name="intent" value={BOOKING_INTENTS.bookAny} />
                <input type="hidden" name="date" value={day.date} />
                <input type="hidden" name="from" value={win.from} />
                <input type="hidden" name="to" value={win.to} />
                {zones.length ? (
                  <SelectField label={t("space.zone")} id="zone" name="zone" defaultValue="">
                    <option value="">{t("space.anyZone")}</option>
                    {zones.map((z) => <option key={z} value={z}>{z}</option>)}
                  </SelectField>
                ) : null}
                <div className="checkbox">
                  <input type="checkbox" id="weekly" name="weekly" value="1" />
                  <label htmlFor="weekly">{t("space.weekly")}</label>
                </div>
                <Field label={t("space.weeks")} id="weeks" name="weeks" type="number" min={2} max={26} defaultValue={4} />
                <button type="submit" className="primary">{t("space.bookAny")}</button>
              </fetcher.Form>
            </section>
          ) : null}

          {rooms.length && day.slots.length ? (
            <section aria-labelledby="rooms-title" className="card">
              <h2 id="rooms-title">{t("space.rooms")}</h2>
              <p className="muted">{t("space.roomsHelp")}</p>
              <div className="grid-scroll">
                <table className="time-grid">
                  <caption className="sr-only">{t("space.rooms")}</caption>
                  <thead>
                    <tr>
                      <th scope="col"><span className="sr-only">{t("space.rooms")}</span></th>
                      {day.slots.map((s) => <th scope="col" key={s.start}>{s.label}</th>)}
                    </tr>
                  </thead>
                  <tbody>
                    {rooms.map((r) => (
                      <tr key={r.id}>
                        <th scope="row">{r.name} <span className="muted">({t("space.capacity", { count: r.capacity })})</span></th>
                        {day.slots.map((s, i) => {
                          const state = r.slotStates[i] ?? "booked";
                          return (
                            <td key={s.start} className={`cell-${state}`}>
                              {state === "free" ? (
                                <fetcher.Form method="post">
                                  <input type="hidden" name="intent" value={BOOKING_INTENTS.book} />
                                  <input type="hidden" name="resourceId" value={r.id} />
                                  <input type="hidden" name="start" value={s.start} />
                                  <input type="hidden" name="end" value={s.end} />
                                  <button type="submit" aria-label={t("space.bookSlot", { name: r.name, time: s.label })}>+</button>
                                </fetcher.Form>
                              ) : (
                                <span title={labels[state]}>{state === "mine" ? "✓" : "·"}<span className="sr-only">{labels[state]}</span></span>
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
        </div>

        <aside className="stack">
          <section className="card" aria-labelledby="here-title">
            <h2 id="here-title">{t("space.here")}</h2>
            {presence.length === 0 ? <p className="muted">{t("space.hereEmpty")}</p> : null}
            {helpful.length ? <p className="notice" data-testid="here-matches">{t("space.hereMatches", { count: helpful.length })}</p> : null}
            <ul className="here-list" data-testid="here-list">
              {presence.map((p) => {
                const match = helpful.find((h) => h.id === p.member.id);
                return (
                  <li key={p.member.id}>
                    <Link to={`/members/${p.member.id}`}><strong>{p.member.name}</strong></Link>
                    {p.member.headline ? <span className="muted"> — {p.member.headline}</span> : null}
                    {match ? <><br /><span className="badge-text">{matchReasonText(match.reason, t)}</span></> : null}
                  </li>
                );
              })}
            </ul>
          </section>
          {mineToday.length ? (
            <section className="card" aria-labelledby="mine-title">
              <h2 id="mine-title">{t("bookings.title")}</h2>
              <ul className="booking-list">
                {mineToday.map((b) => (
                  <li key={b.bookingId}>
                    <span>{b.name} · {hhmm(b.start)}–{hhmm(b.end)}</span>
                    <span>
                      {b.canCheckIn ? (
                        <BookingButton form={fetcher.Form} intent={BOOKING_INTENTS.checkIn} bookingId={b.bookingId}>{t("bookings.checkIn")}</BookingButton>
                      ) : null}{" "}
                      <BookingButton form={fetcher.Form} intent={BOOKING_INTENTS.cancel} bookingId={b.bookingId}>{t("bookings.cancel")}</BookingButton>
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
