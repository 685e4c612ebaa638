import type { AppLoadContext } from "@remix-run/node";
import { fieldsOf, type FormError } from "./forms";
import { fail, failure, idOf, parseForm } from "./forms.server";
import { BOOKING_INTENTS } from "./intents";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

export type IntentResult =
  | { ok: true; kind: "booked"; name: string; start: string; end: string }
  | { ok: true; kind: "series"; created: number; skipped: Array<{ start: string; message: string }> }
  | { ok: true; kind: "waiting"; position: number }
  | { ok: true; kind: "promoted" }
  | { ok: true; kind: "cancelled" }
  | { ok: true; kind: "checked_in" }
  | (FormError & { alternatives?: Array<{ name: string }> });

/** A booking form's field errors, said in one line (its inputs are hidden: there is no field to show them beside). */
const inOneLine = (failed: FormError): FormError => ({ ...failed, message: Object.values(failed.errors).join("; ") });

/**
 * The booking form intents shared by the space page, "My bookings" and a project room: parse with the API's schemas,
 * call the bookings service, and answer with a result the page can show. Local times are `date` + `HH:mm` in the
 * space's zone (the service reads them there), or `start`/`end` instants from the server's own slots.
 */
export async function runBookingIntent(
  context: AppLoadContext,
  viewer: Viewer,
  spaceId: string,
  form: FormData,
  /** A booking made from a project room is the project's meeting (posted into the room). */
  extra: { projectId?: string } = {},
): Promise<IntentResult> {
  const s = context.schemas.bookings;
  const f = fieldsOf(form);
  const intent = f.text("intent");
  const date = f.optional("date");
  const at = (instant: string, local: string) => f.optional(instant) ?? (date && f.optional(local) ? `${date}T${f.text(local)}` : undefined);
  const start = at("start", "from");
  const end = at("end", "to");
  const recurrence = f.checked("weekly") ? { recurrence: { freq: "weekly" as const, count: Number(f.optional("weeks") ?? 0) } } : {};
  try {
    switch (intent) {
      case BOOKING_INTENTS.book:
      case BOOKING_INTENTS.bookAny: {
        const input =
          intent === BOOKING_INTENTS.book
            ? { resourceId: f.optional("resourceId"), start, end, ...recurrence, ...extra }
            : { spaceId, kind: "desk", zone: f.optional("zone"), start, end, ...recurrence, ...extra };
        const parsed = parseForm(context, s.BookingCreateInput, JSON.parse(JSON.stringify(input)));
        if (!parsed.ok) return inOneLine(parsed);
        const result = await context.services.bookings.create(viewer, parsed.data);
        if ("created" in result) return { ok: true, kind: "series", created: result.created.length, skipped: result.skipped };
        return { ok: true, kind: "booked", name: result.resourceName, start: result.start, end: result.end };
      }
      case BOOKING_INTENTS.wait: {
        const parsed = parseForm(context, s.WaitlistInput, { resourceId: f.optional("resourceId"), start, end });
        if (!parsed.ok) return parsed;
        const result = await context.services.bookings.joinWaitlist(viewer, parsed.data);
        return result.status === "promoted" ? { ok: true, kind: "promoted" } : { ok: true, kind: "waiting", position: result.position };
      }
      case BOOKING_INTENTS.cancel:
      case BOOKING_INTENTS.cancelSeries:
      case BOOKING_INTENTS.checkIn: {
        const id = idOf(context, f.optional("bookingId"));
        if (!id) return fail(context, "not_found");
        if (intent === BOOKING_INTENTS.checkIn) {
          await context.services.bookings.checkIn(viewer, id);
          return { ok: true, kind: "checked_in" };
        }
        await context.services.bookings.cancel(viewer, id, intent === BOOKING_INTENTS.cancelSeries ? "series" : "one");
        return { ok: true, kind: "cancelled" };
      }
      default:
        return fail(context, "validation_failed", "Unknown action.");
    }
  } catch (error) {
    const failed = failure(context, error);
    const alternatives = failed.details.alternatives as Array<{ name: string }> | undefined;
    return { ...failed, ...(alternatives ? { alternatives } : {}) };
  }
}
