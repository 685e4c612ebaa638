import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { BookingButton } from "~/components/BookingButton";
import { CancelBooking } from "~/components/CancelBooking";
import { Card } from "~/components/Card";
import { Field, SelectField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { PageHeader } from "~/components/PageHeader";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { runBookingIntent, type IntentResult } from "~/lib/booking-intents.server";
import { domainError, readForm } from "~/lib/forms";
import { idOf, parseForm, reply } from "~/lib/forms.server";
import { invariantResponse, orNotFound, requireMember } from "~/lib/guards.server";
import { BOOKING_INTENTS } from "~/lib/intents";
import { pageMeta } from "~/lib/meta";
import { quoteWords } from "~/lib/price";
import { formatInstantRange, hhmm } from "~/lib/time";
import bookingStyles from "~/styles/bookings.css";

// One booking: what, where and when, and its actions — change the time and/or desk (a plain form: "check what is
// free then" reloads the choices for the times typed, without JavaScript too), check out, cancel.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bookingStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.booking.title", data?.options.booking.resourceName);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const id = idOf(context, params.bookingId);
  invariantResponse(id, "Not found", { status: 404 });
  const url = new URL(request.url);
  const query = parseForm(context, context.schemas.bookings.AvailabilityQuery, {
    date: url.searchParams.get("date") || undefined,
    from: url.searchParams.get("from") || undefined,
    to: url.searchParams.get("until") || undefined,
  });
  const options = await orNotFound(context.services.bookings.moveOptions(viewer, id, query.ok ? query.data : {}));
  // The desk or room picked before "check what is free then", kept when it is one of the choices.
  const picked = idOf(context, url.searchParams.get("resourceId"));
  const selected = options.resources.some((r) => r.id === picked) ? picked! : options.booking.resourceId;
  // What the chosen time costs on the chosen desk or room (none when the times are not a valid booking).
  const quote = await context.services.billing.settings
    .quote({ resourceId: selected, start: `${options.date}T${options.from}`, end: `${options.date}T${options.to}` })
    .catch((error: unknown) => {
      if (domainError(error)) return null;
      throw error;
    });
  return { options, selected, queryErrors: query.ok ? {} : query.errors, quote };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  return reply(await runBookingIntent(context, viewer, "", await readForm(request)));
}

function Notice({ result }: { result: IntentResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const { options } = useLoaderData<typeof loader>();
  if (!result) return null;
  if (!result.ok) return <FormErrorMessage code={result.code} message={result.message} />;
  const line =
    result.kind === "moved"
      ? t("booking.moved", { name: result.name, when: formatInstantRange(result.start, result.end, locale, options.booking.timezone) })
      : result.kind === "checked_out"
        ? t("bookings.checkedOut", { name: result.name, time: hhmm(result.end) })
        : result.kind === "cancelled"
          ? t("bookings.cancelled")
          : null;
  return line ? <p className="notice" role="status">{line}</p> : null;
}

export default function BookingPage() {
  const { options, selected, queryErrors, quote } = useLoaderData<typeof loader>();
  const { booking } = options;
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<IntentResult>();
  const posted = useActionData<typeof action>() as IntentResult | undefined;
  const result = fetcher.data ?? posted;
  const navigation = useNavigation();
  const errors = result && !result.ok ? result.errors : queryErrors;
  const when = formatInstantRange(booking.start, booking.end, locale, booking.timezone);
  const asking = result?.ok && result.kind === "confirm" ? result.bookingId : null;
  const active = booking.status === "confirmed" || booking.status === "checked_in";
  // The time inputs step through the space's grid from its opening time (a step counts from `min`).
  const grid = options.grid ? { min: options.grid.from, max: options.grid.to, step: options.grid.minutes * 60 } : {};
  const kindWord = t(`booking.resource.${booking.resourceKind}` as MessageKey);
  const times = `${options.date}${options.from}${options.to}`;

  return (
    <section className="stack booking-page" aria-busy={navigation.state === "loading"}>
      <p>
        <Link to="/bookings">← {t("booking.back")}</Link>
      </p>
      <PageHeader title={<span className="long-name">{t("booking.heading", { name: booking.resourceName, spaceName: booking.spaceName })}</span>} description={when} />
      <p>
        <span className={`status ${booking.status === "checked_in" ? "status-success" : "status-info"}`}>{t(`bookings.status.${booking.status}` as MessageKey)}</span>
        {booking.checkedOutAt ? <span className="muted"> · {t("booking.ended", { time: hhmm(booking.checkedOutAt) })}</span> : null}
      </p>
      <Notice result={result && !(result.ok && result.kind === "confirm") ? result : undefined} />

      {active && !booking.checkedOutAt ? (
        <div className="cluster booking-actions">
          {options.canCheckOut ? (
            <BookingButton form={fetcher.Form} intent={BOOKING_INTENTS.checkOut} bookingId={booking.id}>{t("bookings.checkOut")}</BookingButton>
          ) : null}
          <CancelBooking
            form={fetcher.Form}
            bookingId={booking.id}
            asking={asking === booking.id}
            question={t("bookings.confirmQuestion", { name: booking.resourceName, when })}
          >
            {t("bookings.cancel")}
          </CancelBooking>
        </div>
      ) : null}

      <Card id="change" testId="change-booking" title={t("booking.changeTitle")}>
        {options.movable ? (
          <Form method="post" className="stack change-form" aria-label={t("booking.changeTitle")} key={`${booking.start}${booking.end}${booking.resourceId}`}>
            <p className="muted">{t("booking.changeHelp")}</p>
            <input type="hidden" name="bookingId" value={booking.id} />
            <div className="toolbar change-times">
              <Field label={t("space.date")} id="change-date" type="date" name="date" required defaultValue={options.date} key={`d${times}`} error={errors.date} />
              <Field label={t("space.from")} id="change-from" type="time" name="from" required defaultValue={options.from} key={`f${times}`} error={errors.from} {...grid} />
              <Field label={t("space.to")} id="change-until" type="time" name="until" required defaultValue={options.to} key={`u${times}`} error={errors.until ?? errors.to} {...grid} />
            </div>
            {options.resources.some((r) => r.free === null) ? <p className="form-error">{t("booking.invalidTimes")}</p> : null}
            <SelectField label={kindWord} id="change-resource" name="resourceId" defaultValue={selected} key={`r${times}${selected}`} error={errors.resourceId}>
              {options.resources.map((r) => {
                const name = r.zone ? `${r.name} (${r.zone})` : r.name;
                const label = r.current ? t("booking.optionCurrent", { name }) : r.free === false ? t("booking.optionTaken", { name }) : t("booking.optionFree", { name });
                return (
                  <option key={r.id} value={r.id} disabled={!r.current && r.free === false}>
                    {label}
                  </option>
                );
              })}
            </SelectField>
            {quote ? (
              <p className="price-line">
                {t("billing.prices.priceFor")}: <strong data-testid="change-price">{quoteWords(t, locale, quote)}</strong>
              </p>
            ) : null}
            <div className="cluster">
              {/* A GET of this page with the times typed: the choices above are reloaded for them. */}
              <button type="submit" formMethod="get" formNoValidate className="button secondary">{t("booking.check")}</button>
              <button type="submit" name="intent" value={BOOKING_INTENTS.move} className="button">{t("booking.save")}</button>
            </div>
          </Form>
        ) : (
          <p className="muted">{t("booking.notMovable")}</p>
        )}
      </Card>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
