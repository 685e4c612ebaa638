import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { BookingButton } from "~/components/BookingButton";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { useT, type MessageKey } from "~/i18n";
import { runBookingIntent, type IntentResult } from "~/lib/booking-intents.server";
import { fieldsOf, readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { BOOKING_INTENTS } from "~/lib/intents";

/** This page's own intent; the others are the booking intents it shares with the space page. */
const INTENTS = { rotateCalendar: "rotate-calendar" } as const;
import { hhmm, ymd } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "My bookings · Jejaring" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const [mine, calendarPath] = await Promise.all([
    context.services.bookings.myBookings(viewer),
    context.services.bookings.calendarPath(viewer.id),
  ]);
  return { ...mine, calendarUrl: new URL(calendarPath, context.publicOrigin).toString() };
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

export default function MyBookings() {
  const { upcoming, past, calendarUrl } = useLoaderData<typeof loader>();
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data;
  return (
    <section className="stack">
      <h1>{t("bookings.title")}</h1>
      {result && !result.ok ? (
        <FormErrorMessage code={result.code} />
      ) : result?.ok && result.kind === "cancelled" ? (
        <p className="notice" role="status">{t("bookings.cancelled")}</p>
      ) : result?.ok && result.kind === "checked_in" ? (
        <p className="notice" role="status">{t("bookings.checkedIn")}</p>
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
              <span>
                <strong>{b.resourceName}</strong> · {b.spaceName}
                <br />
                <span>{ymd(b.start)} {hhmm(b.start)}–{hhmm(b.end)}</span>{" "}
                <span className="muted">({b.timezone}) · {t(`bookings.status.${b.status}` as MessageKey)}</span>
              </span>
              <span>
                {b.canCheckIn ? (
                  <BookingButton form={fetcher.Form} intent={BOOKING_INTENTS.checkIn} bookingId={b.id}>{t("bookings.checkIn")}</BookingButton>
                ) : null}{" "}
                <a className="small-button" href={`/api/v1/bookings/${b.id}/ics`} download>{t("bookings.download")}</a>{" "}
                <BookingButton form={fetcher.Form} intent={BOOKING_INTENTS.cancel} bookingId={b.id} label={`${t("bookings.cancel")}: ${b.resourceName} ${ymd(b.start)} ${hhmm(b.start)}`}>
                  {t("bookings.cancel")}
                </BookingButton>
                {b.seriesId ? (
                  <>
                    {" "}
                    <BookingButton form={fetcher.Form} intent={BOOKING_INTENTS.cancelSeries} bookingId={b.id}>{t("bookings.cancelSeries")}</BookingButton>
                  </>
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
                {b.resourceName} · {b.spaceName} · {ymd(b.start)} {hhmm(b.start)}–{hhmm(b.end)}
              </span>
              <span className="muted">{t(`bookings.status.${b.status}` as MessageKey)}</span>
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
    </section>
  );
}
