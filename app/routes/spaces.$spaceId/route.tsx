import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { BookingButton } from "~/components/BookingButton";
import { CancelBooking } from "~/components/CancelBooking";
import { Field, SelectField } from "~/components/Field";
import { FloorPlan, type DeskState } from "~/components/FloorPlan";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { UpcomingEvents } from "~/components/UpcomingEvents";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { StarToggle } from "~/components/StarToggle";
import { useState } from "react";
import { useLocale, useT } from "~/i18n";
import { duration } from "~/i18n/errors";
import { runBookingIntent, type IntentResult } from "~/lib/booking-intents.server";
import { readForm } from "~/lib/forms";
import { idOf, parseForm, reply } from "~/lib/forms.server";
import { invariantResponse, orNotFound, requireMember } from "~/lib/guards.server";
import { slotValue, SLOT_FIELD } from "~/lib/booking-slot";
import { BOOKING_INTENTS } from "~/lib/intents";
import { favouritesFirst } from "~/lib/favourites";
import { matchReasonText } from "~/lib/match-reasons";
import { formatDate, formatLocalDateTime, formatLocalRange, hhmm } from "~/lib/time";
import { errorLine } from "~/i18n/errors";
import { useLiveSpace } from "~/realtime/useLiveSpace";
import { pageMeta } from "~/lib/meta";
import { priceWords, slotPriceWords } from "~/lib/price";
import bookingStyles from "~/styles/bookings.css";

/** The ids of the page's shared forms (the desk list's and the room grid's buttons point at them). */
const DESK_FORMS = { book: "desk-book-form", wait: "desk-wait-form" } as const;
const SLOT_FORM = "room-slot-form";
/** The star and unstar forms every desk's and room's star button belongs to. */
const STAR_FORMS = { star: "star-form", unstar: "unstar-form" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bookingStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.space.title", data?.day.spaceName);

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
  const events = await context.services.community.events.list(viewer, { spaceId, limit: 5 });
  // People here now who offer what I need, for the "who's here" highlight.
  const helpful = matches
    .filter((m) => m.reasons.some((r) => r.kind === "here_today") && m.reasons.some((r) => r.kind === "offers_what_you_need"))
    .flatMap((m) => m.reasons.filter((r) => r.kind === "offers_what_you_need").map((reason) => ({ id: m.member.id, reason })));
  // Prices are shown for what is chosen, computed in the page from each resource's rate and the space's PPN terms.
  const { taxRate, pricesIncludeTax } = await context.services.billing.settings.get(undefined, spaceId);
  // "Here today" is about the others: the viewer knows where they are.
  return { day, presence: presence.items.filter((p) => p.member.id !== viewer.id), helpful, terms: { taxRate, pricesIncludeTax }, events: events.items };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  return reply(await runBookingIntent(context, viewer, params.spaceId ?? "", await readForm(request)));
}

function ResultMessage({ result, holds }: { result: IntentResult | undefined; holds: (resourceId: string | null) => string | null }) {
  const t = useT();
  const locale = useLocale();
  if (!result) return null;
  if (!result.ok && result.rule === "oneDeskPerMember") {
    return <p className="form-error" role="alert">{t("space.rule.oneDesk", { name: result.held ?? "" })}</p>;
  }
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
              <li key={s.start}>{t("space.skipped", { date: formatLocalRange(s.start, s.end, locale), reason: errorLine(t, s.code, { ...s.facts, reason: s.reason }) })}</li>
            ))}
          </ul>
        </>
      ) : null}
      {result.kind === "waiting" ? (
        // The live day view shows when the member's turn came (someone cancelled): the queue notice gives way.
        holds(result.resourceId) !== null ? <p>{t("space.waitOver", { name: holds(result.resourceId)! })}</p> : <p>{t("space.waiting", { position: result.position })}</p>
      ) : null}
      {result.kind === "promoted" ? <p>{t("space.promoted")}</p> : null}
      {result.kind === "cancelled" ? <p>{t("bookings.cancelled")}</p> : null}
      {result.kind === "checked_in" ? <p>{t("bookings.checkedIn")}</p> : null}
      {result.kind === "starred" ? <p>{t("space.starred")}</p> : null}
      {result.kind === "unstarred" ? <p>{t("space.unstarred")}</p> : null}
    </div>
  );
}

export default function SpacePage() {
  const { day, presence, helpful, terms, events } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<IntentResult>();
  // Without JavaScript the forms post to this route and the answer comes back as the action's data.
  const posted = useActionData<typeof action>() as IntentResult | undefined;
  const result = fetcher.data ?? posted;
  const navigation = useNavigation();
  useLiveSpace(day.spaceId);
  const win = day.window;
  const pendingId = fetcher.state !== "idle" ? String(fetcher.formData?.get("resourceId") ?? "") : null;
  const labels: Record<DeskState, string> & { title: string; scroll: string; favourite: string } = {
    free: t("state.free"),
    booked: t("state.booked"),
    checked_in: t("state.checked_in"),
    mine: t("state.mine"),
    closed: t("space.stateClosed"),
    title: t("space.floorPlan"),
    scroll: t("space.floorPlanScroll"),
    favourite: t("space.favourite"),
  };
  // Starred desks and rooms first (and marked).
  const desks = favouritesFirst(day.resources.filter((r) => r.kind === "desk"));
  const rooms = favouritesFirst(day.resources.filter((r) => r.kind !== "desk"));
  const freeRooms = rooms.some((r) => r.slotStates.includes("free"));
  const zones = [...new Set(desks.map((d) => d.zone).filter(Boolean))];
  const freeDesks = desks.filter((d) => d.state === "free");
  /** The name of a desk or room the member holds in the page's window, or null (the waitlist notice asks). */
  const holds = (resourceId: string | null) => {
    const r = resourceId ? day.resources.find((x) => x.id === resourceId) : undefined;
    return r?.state === "mine" ? r.name : null;
  };
  const mineToday = day.resources.flatMap((r) => r.busy.filter((b) => b.mine).map((b) => ({ ...b, name: r.name })));
  const bookHidden = win ? { date: day.date, from: win.from, to: win.to } : null;
  const isToday = day.date === day.today;
  // The time inputs step through the space's slot grid from its opening time (a step counts from `min`).
  const timeGrid = day.grid ? { min: day.grid.from, max: day.grid.to, step: day.grid.minutes * 60 } : {};
  const askingCancel = result?.ok && result.kind === "confirm" ? result.bookingId : null;
  // What the window costs on each desk; what an hour of the grid costs in each room; what the room form's choice costs.
  const windowMinutes = win ? Math.round((Date.parse(win.end) - Date.parse(win.start)) / 60_000) : 0;
  const slotMinutes = day.slots[0] ? Math.round((Date.parse(day.slots[0].end) - Date.parse(day.slots[0].start)) / 60_000) : 60;
  const price = (r: (typeof day.resources)[number], minutes: number) => priceWords(t, locale, r, minutes, terms);
  const defaultDuration = day.durations.length ? Math.min(60, day.durations[day.durations.length - 1]!) : 60;
  const [roomChoice, setRoomChoice] = useState<{ id: string | undefined; minutes: number }>({ id: rooms[0]?.id, minutes: defaultDuration });
  const chosenRoom = rooms.find((r) => r.id === roomChoice.id) ?? rooms[0];

  return (
    <section className="stack space-page" aria-busy={navigation.state === "loading"}>
      <header>
        <p>
          <Link to="/spaces">← {t("spaces.title")}</Link>
        </p>
        <h1 className="long-name">{day.spaceName}</h1>
        <p className="muted">
          {t("space.timezoneNote", { tz: day.timezone })} · <span data-testid="live-note">{t("space.live")}</span>
        </p>
        <p>
          <Link to={`/spaces/${day.spaceId}/week?date=${day.date}`}>{t("spaceWeek.link")}</Link>
        </p>
      </header>

      <Form method="get" className="toolbar day-toolbar" aria-label={t("space.date")}>
        <Link className="small-button" to={`?date=${day.prevDate}`} aria-label={t("space.prev")}>←</Link>
        <Field label={t("space.date")} id="date" type="date" name="date" defaultValue={day.date} key={day.date} />
        <Field label={t("space.from")} id="from" type="time" name="from" defaultValue={win?.from} key={`f${win?.from}`} {...timeGrid} />
        <Field label={t("space.to")} id="to" type="time" name="to" defaultValue={win?.to} key={`t${win?.to}`} {...timeGrid} />
        <button type="submit" className="small-button">{t("space.show")}</button>
        <Link className="small-button" to={`?date=${day.nextDate}`} aria-label={t("space.next")}>→</Link>
        {!isToday ? <Link to={`?date=${day.today}`}>{t("space.today")}</Link> : null}
      </Form>

      <p>
        <strong>{formatDate(day.date, locale)}</strong> ·{" "}
        {day.open ? t("space.open", { from: hhmm(day.open.start), to: hhmm(day.open.end) }) : t("space.closedToday")}
      </p>
      {day.closures.map((c) => (
        <p key={c.start} className="form-error">{t("space.closure", { from: formatLocalDateTime(c.start, locale), to: formatLocalDateTime(c.end, locale), reason: c.reason })}</p>
      ))}

      <ResultMessage result={result && !(result.ok && result.kind === "confirm") ? result : undefined} holds={holds} />

      {(["star", "unstar"] as const).map((intent) => (
        <fetcher.Form key={intent} method="post" id={STAR_FORMS[intent]} hidden>
          <input type="hidden" name="intent" value={BOOKING_INTENTS[intent]} />
        </fetcher.Form>
      ))}
      <div className="two-col">
        <div className="stack">
          {win ? (
            <section aria-labelledby="plan-title" className="card">
              <h2 id="plan-title">{t("space.floorPlan")}</h2>
              <p className="muted" id="plan-hint">{t("space.floorPlanHelp", { from: win.from, to: win.to })}</p>
              {win.closedReason ? (
                <p className="notice closed-note" data-testid="window-closed">{t("space.windowClosed", { reason: win.closedReason })}</p>
              ) : null}
              <ul className="legend" aria-label={t("space.legend")}>
                {(["free", "booked", "checked_in", "mine", "closed"] as DeskState[]).map((s) => (
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
              {/* Two forms for the whole list (book a free desk, wait for a taken one): each desk's button belongs to
                  one by its `form` attribute and posts the desk's id. A form per desk made the page slow to hydrate. */}
              {(["book", "wait"] as const).map((intent) => (
                <fetcher.Form key={intent} method="post" id={DESK_FORMS[intent]} hidden>
                  <input type="hidden" name="intent" value={BOOKING_INTENTS[intent]} />
                  <input type="hidden" name="date" value={day.date} />
                  <input type="hidden" name="from" value={win.from} />
                  <input type="hidden" name="to" value={win.to} />
                </fetcher.Form>
              ))}
              <ul className="desk-list">
                {desks.map((d) => (
                  <li key={d.id} className={d.favourite ? "is-favourite" : undefined}>
                    <StarToggle forms={STAR_FORMS} resourceId={d.id} starred={d.favourite} label={t(d.favourite ? "space.unstar" : "space.star", { name: d.name })} />
                    <span className="desk-name">
                      {d.name} <span className="muted">{d.zone}</span>
                      {d.state === "free" ? <span className="desk-price" data-testid="desk-price"> · {price(d, windowMinutes)}</span> : null}
                    </span>
                    {d.state === "free" || d.state === "booked" || d.state === "checked_in" ? (
                      <button type="submit" form={DESK_FORMS[d.state === "free" ? "book" : "wait"]} name="resourceId" value={d.id} className="small-button">
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
                    ) : (
                      <span className={`desk-state state-text-${d.state}`}>{labels[d.state]}</span>
                    )}
                  </li>
                ))}
              </ul>
              <fetcher.Form method="post" className="toolbar book-form" aria-label={t("space.bookForm")}>
                <input type="hidden" name="intent" value={BOOKING_INTENTS.bookAny} />
                <input type="hidden" name="date" value={day.date} />
                <input type="hidden" name="from" value={win.from} />
                <input type="hidden" name="to" value={win.to} />
                <SelectField label={t("space.desk")} id="book-desk" name="resourceId" defaultValue="">
                  <option value="">{t("space.anyDesk")}</option>
                  {freeDesks.map((d) => <option key={d.id} value={d.id}>{d.zone ? `${d.name} (${d.zone})` : d.name}</option>)}
                </SelectField>
                {zones.length ? (
                  <SelectField label={t("space.zone")} id="zone" name="zone" defaultValue="" hint={t("space.zoneHint")}>
                    <option value="">{t("space.anyZone")}</option>
                    {zones.map((z) => <option key={z} value={z}>{z}</option>)}
                  </SelectField>
                ) : null}
                <div className="checkbox">
                  <input type="checkbox" id="weekly" name="weekly" value="1" />
                  <label htmlFor="weekly">{t("space.weekly")}</label>
                </div>
                <Field label={t("space.weeks")} id="weeks" name="weeks" type="number" min={2} max={26} defaultValue={4} />
                <button type="submit" className="primary">{t("space.book", { from: win.from, to: win.to })}</button>
              </fetcher.Form>
            </section>
          ) : null}

          {rooms.length && day.slots.length ? (
            <section aria-labelledby="rooms-title" className="card">
              <h2 id="rooms-title">{t("space.rooms")}</h2>
              {day.durations.length && freeRooms ? (
                <fetcher.Form method="post" className="toolbar book-form room-form" aria-label={t("space.bookRoom")}>
                  <input type="hidden" name="intent" value={BOOKING_INTENTS.book} />
                  <input type="hidden" name="date" value={day.date} />
                  <SelectField label={t("space.room")} id="room" name="resourceId" defaultValue={rooms[0]?.id} onChange={(e) => {
                      // Read now: React clears the event's currentTarget once the handler returns, before the updater runs.
                      const id = e.currentTarget.value;
                      setRoomChoice((c) => ({ ...c, id }));
                    }}>
                    {rooms.map((r) => <option key={r.id} value={r.id}>{r.favourite ? `★ ${r.name}` : r.name}</option>)}
                  </SelectField>
                  <Field label={t("space.start")} id="room-start" type="time" name="from" required defaultValue={win?.from} key={`rs${day.date}${win?.from}`} {...timeGrid} />
                  <SelectField label={t("space.duration")} id="room-duration" name="duration" defaultValue={String(defaultDuration)} onChange={(e) => {
                      const minutes = Number(e.currentTarget.value);
                      setRoomChoice((c) => ({ ...c, minutes }));
                    }}>
                    {day.durations.map((m) => <option key={m} value={m}>{duration(t, m)}</option>)}
                  </SelectField>
                  {chosenRoom ? (
                    <p className="price-line">
                      {t("billing.prices.priceFor")}: <output htmlFor="room room-duration" data-testid="room-price" aria-live="polite">{price(chosenRoom, roomChoice.minutes)}</output>
                    </p>
                  ) : null}
                  <button type="submit" className="primary">{t("space.bookRoomSubmit")}</button>
                </fetcher.Form>
              ) : null}
              <p className="muted">{t("space.roomsHelp")}</p>
              {/* One form for the grid: a free cell's button belongs to it and posts the cell's room and times. */}
              <fetcher.Form method="post" id={SLOT_FORM} hidden>
                <input type="hidden" name="intent" value={BOOKING_INTENTS.book} />
              </fetcher.Form>
              <div className="grid-scroll" tabIndex={0} role="region" aria-label={t("space.rooms")}>
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
                        <th scope="row">
                          <StarToggle forms={STAR_FORMS} resourceId={r.id} starred={r.favourite} label={t(r.favourite ? "space.unstar" : "space.star", { name: r.name })} />
                          <span className="room-name">{r.name}</span> <span className="muted">({t("space.capacity", { count: r.capacity })})</span>
                          <br />
                          <span className="muted room-price" data-testid="room-slot-price">{slotPriceWords(t, locale, r, slotMinutes, duration(t, slotMinutes), terms)}</span>
                        </th>
                        {day.slots.map((s, i) => {
                          const state = r.slotStates[i] ?? "booked";
                          const title = state === "closed" && s.closedReason ? `${labels.closed}: ${s.closedReason}` : labels[state];
                          return (
                            <td key={s.start} className={`cell-${state}`}>
                              {state === "free" ? (
                                <button
                                  type="submit"
                                  form={SLOT_FORM}
                                  name={SLOT_FIELD}
                                  value={slotValue(r.id, s.start, s.end)}
                                  aria-label={t("space.bookSlot", { name: r.name, time: s.label })}
                                >
                                  +
                                </button>
                              ) : (
                                <span title={title}>{state === "mine" ? "✓" : state === "closed" ? "×" : "·"}<span className="sr-only">{title}</span></span>
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
          <UpcomingEvents events={events} />
          <section className="card" aria-labelledby="here-title">
            {/* Who is checked in is always now: on another date the heading says so rather than "today". */}
            <h2 id="here-title">{isToday ? t("space.here") : t("space.hereNow")}</h2>
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
                    <span className="booking-actions">
                      {b.canCheckIn ? (
                        <BookingButton form={fetcher.Form} intent={BOOKING_INTENTS.checkIn} bookingId={b.bookingId}>{t("bookings.checkIn")}</BookingButton>
                      ) : null}
                      <CancelBooking
                        form={fetcher.Form}
                        bookingId={b.bookingId}
                        asking={askingCancel === b.bookingId}
                        label={`${t("bookings.cancel")}: ${b.name} ${hhmm(b.start)}`}
                        question={t("bookings.confirmQuestion", { name: b.name, when: `${hhmm(b.start)}–${hhmm(b.end)}` })}
                      >
                        {t("bookings.cancel")}
                      </CancelBooking>
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
