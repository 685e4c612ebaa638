import type { AppLoadContext } from "@remix-run/node";
import { fieldsOf, type FormError } from "./forms";
import { fail, failure, idOf, parseForm } from "./forms.server";
import { errorWords } from "../i18n/errors";
import { translator } from "../i18n/translate";
import { slotFields, SLOT_FIELD } from "./booking-slot";
import { BOOKING_INTENTS } from "./intents";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

export type IntentResult =
  | { ok: true; kind: "booked"; name: string; start: string; end: string }
  /** `skipped`: each week not booked, with its error's code, reason and facts (the page words them). */
  | { ok: true; kind: "series"; created: number; skipped: Array<{ start: string; end: string; code: string; reason?: string; facts: Record<string, string | number> }> }
  | { ok: true; kind: "waiting"; position: number; resourceId: string | null }
  | { ok: true; kind: "promoted" }
  | { ok: true; kind: "cancelled" }
  | { ok: true; kind: "checked_in" }
  | { ok: true; kind: "checked_out"; name: string; end: string }
  | { ok: true; kind: "moved"; name: string; start: string; end: string }
  | { ok: true; kind: "starred" | "unstarred"; resourceId: string }
  /** A cancel posted without `confirm=1` (a page without JavaScript): nothing changed, the page asks first. */
  | { ok: true; kind: "confirm"; bookingId: string; series: boolean }
  | (FormError & { alternatives?: Array<{ name: string }>; rule?: string; held?: string });

/** A booking form's field errors, said in one line (its inputs are hidden: there is no field to show them beside). */
const inOneLine = (failed: FormError): FormError => ({ ...failed, message: Object.values(failed.errors).join("; ") });

/** The change form's inputs: a schema's `start`/`end` are its `from`/`until` time fields. */
const MOVE_FIELDS: Record<string, string> = { start: "from", end: "until", resourceId: "resourceId" };
const moveField = (path: string) => MOVE_FIELDS[path.split(".")[0] ?? ""] ?? "_form";

/**
 * Which of the change form's fields a refusal is about (said beside it): the desk or room when it is taken or a
 * second desk, the end for a booking too long, the date for a day that cannot be booked, else the start time.
 */
function moveFieldOf(failed: FormError): string | null {
  const reason = failed.details.reason;
  if (failed.code === "booking_conflict" || reason === "one_desk_per_member") return failed.code === "booking_conflict" && reason === "concurrent_change" ? null : "resourceId";
  if (reason === "max_booking_minutes" || reason === "end_not_after_start") return "until";
  if (reason === "max_advance_days" || reason === "closed_that_day" || failed.code === "space_closed") return "date";
  if (reason === "not_movable" || failed.code === "not_found" || failed.code === "validation_failed") return null;
  return "from";
}

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
  // A room-grid cell posts its room and times as one `slot` value.
  const slot = slotFields(f.optional(SLOT_FIELD));
  const at = (instant: string, local: string) => f.optional(instant) ?? (date && f.optional(local) ? `${date}T${f.text(local)}` : undefined);
  const start = slot.start ?? at("start", "from");
  const end = slot.end ?? at("end", "to");
  // A room by start and duration: the length in minutes instead of an end.
  const duration = f.int("duration");
  const recurrence = f.checked("weekly") ? { recurrence: { freq: "weekly" as const, count: Number(f.optional("weeks") ?? 0) } } : {};
  try {
    switch (intent) {
      case BOOKING_INTENTS.book:
      case BOOKING_INTENTS.bookAny: {
        // The booking form's desk picker posts book-any with a chosen desk (or none: any free desk).
        const resourceId = slot.resourceId ?? f.optional("resourceId");
        const timing = duration !== undefined ? { start, durationMinutes: duration } : { start, end };
        const input =
          intent === BOOKING_INTENTS.book || resourceId
            ? { resourceId, ...timing, ...recurrence, ...extra }
            : { spaceId, kind: "desk", zone: f.optional("zone"), ...timing, ...recurrence, ...extra };
        const parsed = parseForm(context, s.BookingCreateInput, JSON.parse(JSON.stringify(input)));
        if (!parsed.ok) return inOneLine(parsed);
        const result = await context.services.bookings.create(viewer, parsed.data);
        if ("created" in result) {
          const skipped = result.skipped.map(({ start, end, code, reason, facts }) => ({ start, end, code, reason, facts }));
          return { ok: true, kind: "series", created: result.created.length, skipped };
        }
        return { ok: true, kind: "booked", name: result.resourceName, start: result.start, end: result.end };
      }
      case BOOKING_INTENTS.wait: {
        const parsed = parseForm(context, s.WaitlistInput, { resourceId: f.optional("resourceId"), start, end });
        if (!parsed.ok) return parsed;
        const result = await context.services.bookings.joinWaitlist(viewer, parsed.data);
        return result.status === "promoted" ? { ok: true, kind: "promoted" } : { ok: true, kind: "waiting", position: result.position, resourceId: "resourceId" in parsed.data ? parsed.data.resourceId : null };
      }
      case BOOKING_INTENTS.move: {
        const id = idOf(context, f.optional("bookingId"));
        if (!id) return fail(context, "not_found");
        const until = date && f.optional("until") ? `${date}T${f.text("until")}` : undefined;
        const parsed = parseForm(context, s.RescheduleInput, JSON.parse(JSON.stringify({ start, end: until, resourceId: f.optional("resourceId") })), moveField);
        if (!parsed.ok) return parsed;
        try {
          const moved = await context.services.bookings.reschedule(viewer, id, parsed.data);
          return { ok: true, kind: "moved", name: moved.resourceName, start: moved.start, end: moved.end };
        } catch (error) {
          // Said beside the field it is about (and above the form, as every refusal is).
          const failed = failure(context, error, moveField);
          const field = moveFieldOf(failed);
          return field && !failed.errors[field] ? { ...failed, errors: { ...failed.errors, [field]: failed.message || errorWords(translator(context.locale), failed.code).title } } : failed;
        }
      }
      case BOOKING_INTENTS.star:
      case BOOKING_INTENTS.unstar: {
        const resourceId = idOf(context, f.optional("resourceId"));
        if (!resourceId) return fail(context, "not_found");
        if (intent === BOOKING_INTENTS.star) await context.services.bookings.star(viewer, resourceId);
        else await context.services.bookings.unstar(viewer, resourceId);
        return { ok: true, kind: intent === BOOKING_INTENTS.star ? "starred" : "unstarred", resourceId };
      }
      case BOOKING_INTENTS.cancel:
      case BOOKING_INTENTS.cancelSeries:
      case BOOKING_INTENTS.checkIn:
      case BOOKING_INTENTS.checkOut: {
        const id = idOf(context, f.optional("bookingId"));
        if (!id) return fail(context, "not_found");
        if (intent === BOOKING_INTENTS.checkIn) {
          await context.services.bookings.checkIn(viewer, id);
          return { ok: true, kind: "checked_in" };
        }
        if (intent === BOOKING_INTENTS.checkOut) {
          const ended = await context.services.bookings.checkOut(viewer, id);
          return { ok: true, kind: "checked_out", name: ended.resourceName, end: ended.end };
        }
        // One click never cancels: the page asks first (in the browser; without JavaScript through this answer).
        if (f.optional("confirm") !== "1") {
          await context.services.bookings.get(viewer, id); // someone else's booking stays not_found
          return { ok: true, kind: "confirm", bookingId: id, series: intent === BOOKING_INTENTS.cancelSeries };
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
    // A rule the page words itself (the service's detail is English): which one, and the desk already held.
    const rule = typeof failed.details.rule === "string" ? failed.details.rule : undefined;
    const held = typeof failed.details.resourceName === "string" ? failed.details.resourceName : undefined;
    return { ...failed, ...(alternatives ? { alternatives } : {}), ...(rule ? { rule } : {}), ...(held ? { held } : {}) };
  }
}
