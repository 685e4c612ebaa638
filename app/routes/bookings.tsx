import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { BookingButton } from "~/components/BookingButton";
import { CancelBooking } from "~/components/CancelBooking";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { runBookingIntent, type IntentResult } from "~/lib/booking-intents.server";
import { fieldsOf, readForm } from "~/lib/forms";
import { parseForm, reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { BOOKING_INTENTS } from "~/lib/intents";

/** This page's own intent; the others are the booking intents it shares with the space page. */
const INTENTS = { rotateCalendar: "rotate-calendar" } as const;
import { chargeWords } from "~/lib/price";
import { formatLocalDateTime, formatLocalRange, hhmm } from "~/lib/time";
import { pageMeta } from "~/lib/meta";
import { MyWeek } from "~/components/MyWeek";
import { WeekNav } from "~/components/WeekNav";
import bookingStyles from "~/styles/bookings.css";
import weekStyles from "~/styles/week.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: bookingStyles },
  { rel: "stylesheet", href: weekStyles },
];

/** The page's two views: the list (upcoming, past, the calendar feed) and the week (`?view=week&week=YYYY-MM-DD`). */
const weekHref = (monday: string) => `?view=week&week=${monday}`;

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.bookings.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const url = new URL(request.url);
  if (url.searchParams.get("view") === "week" || url.searchParams.has("week")) {
    // A week that is not a real date shows this week, as a bad date on the space page shows today.
    const query = parseForm(context, context.schemas.bookings.WeekQuery, { date: url.searchParams.get("week") || undefined });
    return { view: "week" as const, week: await context.services.bookings.myWeek(viewer, query.ok ? query.data : {}) };
  }
  const [mine, calendarPath] = await Promise.all([
    context.services.bookings.myBookings(viewer),
    context.services.bookings.calendarPath(viewer.id),
  ]);
  return { view: "list" as const, ...mine, calendarUrl: new URL(calendarPath, context.publicOrigin).toString() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const form = await readForm(request);
  if (fieldsOf(form).text("intent") === INTENTS.rotateCalendar) {
    await context.services.bookings.rotateCalendar(viewer.id);
    return reply<IntentResult | { ok: true; kind: "rotated" }>({ ok: true, kind: "rotated" });
  }
  return reply<IntentResult | { ok: true; kind: "rotated" }>(await runBookingIntent(context, viewer, "", form));
}

type ListData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { view: "list" }>;

export default function MyBookingsPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{t("bookings.title")}</h1>
      <nav className="view-tabs" aria-label={t("week.views")}>
        <Link to="/bookings" aria-current={data.view === "list" ? "page" : undefined}>{t("week.tab.list")}</Link>
        <Link to="?view=week" aria-current={data.view === "week" ? "page" : undefined}>{t("week.tab.week")}</Link>
      </nav>
      {data.view === "week" ? (
        <>
          <WeekNav id="my-week" week={data.week} href={weekHref} />
          <p className="muted text-sm">{t("week.zoneNote")}</p>
          <MyWeek days={data.week.days} today={data.week.today} />
        </>
      ) : (
        <MyBookings data={data} />
      )}
    </section>
  );
}

function MyBookings({ data }: { data: ListData }) {
  const { upcoming, past, calendarUrl } = data;
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  // Without JavaScript the forms post to this route and the answer comes back as the action's data.
  const posted = useActionData<typeof action>();
  const result = fetcher.data ?? posted;
  const askingCancel = result?.ok && result.kind === "confirm" ? result.bookingId : null;
  const askingSeries = result?.ok && result.kind === "confirm" && result.series;
  return (
    <>
      {result && !result.ok ? (
        <FormErrorMessage code={result.code} />
      ) : result?.ok && result.kind === "rotated" ? (
        <p className="notice" role="status">{t("bookings.rotated")}</p>
      ) : result?.ok && result.kind === "cancelled" ? (
        <p className="notice" role="status">{t("bookings.cancelled")}</p>
      ) : result?.ok && result.kind === "checked_in" ? (
        <p className="notice" role="status">{t("bookings.checkedIn")}</p>
      ) : result?.ok && result.kind === "checked_out" ? (
        <p className="notice" role="status">{t("bookings.checkedOut", { name: result.name, time: hhmm(result.end) })}</p>
      ) : null}
      <section className="card" aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t("bookings.upcoming")}</h2>
        {upcoming.length === 0 ? (
          <p>
            {t("bookings.none")} <Link to="/spaces">{t("bookings.find")}</Link>
          </p>
        ) : null}
        <ul className="booking-list" data-testid="upcoming">
          {upcoming.map((b) => (
            <li key={b.id}>
              <span className="booking-what">
                <strong>{b.resourceName}</strong> · <span className="long-name">{b.spaceName}</span>
                <br />
                <span>{formatLocalRange(b.start, b.end, locale)}</span>{" "}
                <span className="muted">({b.timezone}) · {t(`bookings.status.${b.status}` as MessageKey)}</span>
                {chargeWords(t, locale, b.charge) ? (
                  <>
                    <br />
                    <span className="muted" data-testid="charge">{chargeWords(t, locale, b.charge)}</span>
                  </>
                ) : null}
              </span>
              <span className="booking-actions">
                {b.canCheckIn ? (
                  <BookingButton form={fetcher.Form} intent={BOOKING_INTENTS.checkIn} bookingId={b.id}>{t("bookings.checkIn")}</BookingButton>
                ) : null}
                {b.canCheckOut ? (
                  <BookingButton form={fetcher.Form} intent={BOOKING_INTENTS.checkOut} bookingId={b.id} label={t("bookings.checkOutLabel", { name: b.resourceName })}>{t("bookings.checkOut")}</BookingButton>
                ) : null}
                {b.canMove ? (
                  <Link className="small-button" to={`/bookings/${b.id}`} aria-label={`${t("bookings.change")}: ${b.resourceName} ${formatLocalDateTime(b.start, locale)}`}>{t("bookings.change")}</Link>
                ) : null}
                <a className="small-button" href={`/api/v1/bookings/${b.id}/ics`} download>{t("bookings.download")}</a>
                <CancelBooking
                  form={fetcher.Form}
                  bookingId={b.id}
                  asking={askingCancel === b.id && !askingSeries}
                  label={`${t("bookings.cancel")}: ${b.resourceName} ${formatLocalDateTime(b.start, locale)}`}
                  question={t("bookings.confirmQuestion", { name: b.resourceName, when: formatLocalRange(b.start, b.end, locale) })}
                >
                  {t("bookings.cancel")}
                </CancelBooking>
                {b.seriesId ? (
                  <CancelBooking
                    form={fetcher.Form}
                    bookingId={b.id}
                    series
                    asking={askingCancel === b.id && Boolean(askingSeries)}
                    question={t("bookings.confirmSeriesQuestion", { name: b.resourceName })}
                  >
                    {t("bookings.cancelSeries")}
                  </CancelBooking>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="past-title">
        <h2 id="past-title">{t("bookings.past")}</h2>
        {past.length === 0 ? <p>{t("bookings.none")}</p> : null}
        <ul className="booking-list">
          {past.map((b) => (
            <li key={b.id}>
              <span>
                {b.resourceName} · {b.spaceName} · {formatLocalRange(b.start, b.end, locale)}
              </span>
              <span className="muted">{b.checkedOutAt ? t("bookings.endedEarly", { time: hhmm(b.checkedOutAt) }) : t(`bookings.status.${b.status}` as MessageKey)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="calendar-title">
        <h2 id="calendar-title">{t("bookings.calendar")}</h2>
        <p className="muted">{t("bookings.calendarHelp")}</p>
        <p><code className="feed" data-testid="calendar-url">{calendarUrl}</code></p>
        <Form method="post">
          <input type="hidden" name="intent" value={INTENTS.rotateCalendar} />
          <button type="submit" className="small-button">{t("bookings.rotate")}</button>
        </Form>
      </section>
    </>
  );
}
