import type { FetcherWithComponents } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useT } from "~/i18n";
import { BOOKING_INTENTS } from "~/lib/intents";

/**
 * Cancel one booking (or its series) in two steps, never in one click. In the browser the first button opens the
 * question in place; without JavaScript it posts the intent without `confirm`, the action changes nothing and
 * answers "confirm", and the page renders this with `asking` so the second post carries `confirm=1`.
 */
export function CancelBooking({
  form: FetcherForm,
  bookingId,
  series = false,
  label,
  question,
  asking: askedByServer = false,
  children,
}: {
  form: FetcherWithComponents<unknown>["Form"];
  bookingId: string | undefined;
  series?: boolean;
  /** An accessible name when the visible text alone does not say which booking. */
  label?: string;
  /** The question, naming the booking ("Cancel D-01, Tue 1 Dec 09:00–11:00?"). */
  question: string;
  asking?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const intent = series ? BOOKING_INTENTS.cancelSeries : BOOKING_INTENTS.cancel;
  if (!asking && !askedByServer) {
    return (
      <FetcherForm method="post" className="inline-form">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="bookingId" value={bookingId} />
        <button
          type="submit"
          className="small-button"
          aria-label={label}
          onClick={(e) => {
            e.preventDefault();
            setAsking(true);
          }}
        >
          {children}
        </button>
      </FetcherForm>
    );
  }
  return (
    <FetcherForm method="post" className="confirm-cancel" role="group" aria-label={question}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="bookingId" value={bookingId} />
      <input type="hidden" name="confirm" value="1" />
      <span className="confirm-question">{question}</span>
      <span className="confirm-actions">
        {/* Focus moves to the question's answer that just opened where the button was. */}
        <button type="submit" className="small-button danger" autoFocus={asking}>
          {series ? t("bookings.confirmCancelSeries") : t("bookings.confirmCancel")}
        </button>
        {/* Without JavaScript "keep" reloads the page as it was; in the browser it closes the question. */}
        <a
          className="small-button"
          href="?"
          onClick={(e) => {
            e.preventDefault();
            setAsking(false);
          }}
        >
          {t("bookings.keep")}
        </a>
      </span>
    </FetcherForm>
  );
}
