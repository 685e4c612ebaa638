import type { FetcherWithComponents } from "@remix-run/react";
import type { ReactNode } from "react";
import type { BOOKING_INTENTS, IntentOf } from "~/lib/intents";

/** One booking's check-in or cancel button: a small form posting the intent and the booking's id through a fetcher. */
export function BookingButton({
  form: FetcherForm,
  intent,
  bookingId,
  label,
  children,
}: {
  form: FetcherWithComponents<unknown>["Form"];
  intent: IntentOf<typeof BOOKING_INTENTS>;
  bookingId: string | undefined;
  /** An accessible name when the visible text alone does not say which booking. */
  label?: string;
  children: ReactNode;
}) {
  return (
    <FetcherForm method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="bookingId" value={bookingId} />
      <button type="submit" className="small-button" aria-label={label}>{children}</button>
    </FetcherForm>
  );
}
