import type { AppLoadContext } from "@remix-run/node";
import { domainError } from "./forms";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

export type IntentResult =
  | { ok: true; kind: "booked"; name: string; start: string; end: string }
  | { ok: true; kind: "series"; created: number; skipped: Array<{ start: string; message: string }> }
  | { ok: true; kind: "waiting"; position: number }
  | { ok: true; kind: "promoted" }
  | { ok: true; kind: "cancelled" }
  | { ok: true; kind: "checked_in" }
  | { ok: false; status: number; code: string; message: string; alternatives?: Array<{ name: string }> };


const str = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" && v !== "" ? v : undefined;
};

/**
 * The booking form intents shared by the space page and "My bookings": parse with the API's schemas, call the
 * bookings service, and answer with a result the page can show. Local times are `date` + `HH:mm` in the space's
 * zone (the service reads them there), or `start`/`end` instants from the server's own slots.
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
  const intent = str(form, "intent");
  const date = str(form, "date");
  const start = str(form, "start") ?? (date && str(form, "from") ? `${date}T${str(form, "from")}` : undefined);
  const end = str(form, "end") ?? (date && str(form, "to") ? `${date}T${str(form, "to")}` : undefined);
  const weeks = Number(str(form, "weeks") ?? 0);
  const recurrence = str(form, "weekly") ? { freq: "weekly" as const, count: weeks } : undefined;
  try {
    switch (intent) {
      case "book":
      case "book-any": {
        const input =
          intent === "book"
            ? { resourceId: str(form, "resourceId"), start, end, ...(recurrence ? { recurrence } : {}), ...extra }
            : { spaceId, kind: "desk", zone: str(form, "zone"), start, end, ...(recurrence ? { recurrence } : {}), ...extra };
        const parsed = context.validate(s.BookingCreateInput, JSON.parse(JSON.stringify(input)));
        if (!parsed.ok) return { ok: false, status: 400, code: "validation_failed", message: parsed.errors.map((e) => e.message).join("; ") };
        const result = await context.services.bookings.create(viewer, parsed.data);
        if ("created" in result) return { ok: true, kind: "series", created: result.created.length, skipped: result.skipped };
        return { ok: true, kind: "booked", name: result.resourceName, start: result.start, end: result.end };
      }
      case "wait": {
        const parsed = context.validate(s.WaitlistInput, { resourceId: str(form, "resourceId"), start, end });
        if (!parsed.ok) return { ok: false, status: 400, code: "validation_failed", message: "" };
        const result = await context.services.bookings.joinWaitlist(viewer, parsed.data);
        return result.status === "promoted" ? { ok: true, kind: "promoted" } : { ok: true, kind: "waiting", position: result.position };
      }
      case "cancel":
      case "cancel-series": {
        const id = context.validate(s.BookResourceInput.shape.resourceId, str(form, "bookingId"));
        if (!id.ok) return { ok: false, status: 404, code: "not_found", message: "" };
        await context.services.bookings.cancel(viewer, id.data, intent === "cancel-series" ? "series" : "one");
        return { ok: true, kind: "cancelled" };
      }
      case "check-in": {
        const id = context.validate(s.BookResourceInput.shape.resourceId, str(form, "bookingId"));
        if (!id.ok) return { ok: false, status: 404, code: "not_found", message: "" };
        await context.services.bookings.checkIn(viewer, id.data);
        return { ok: true, kind: "checked_in" };
      }
      default:
        return { ok: false, status: 400, code: "validation_failed", message: "Unknown action." };
    }
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    const alternatives = (error as { details?: { alternatives?: Array<{ name: string }> } }).details?.alternatives;
    return { ok: false, status: e.status, code: e.code, message: e.message, ...(alternatives ? { alternatives } : {}) };
  }
}
