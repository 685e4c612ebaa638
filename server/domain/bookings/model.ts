// Bookings as the rest of the house sees them: who is asking, the check-in window, rows turned into the domain's
// types and into a notification's facts. Pure: no database, no clock of its own.
import type { MemberSummary } from "../identity/index.js";
import { formatInstant } from "../time.js";
import type { BookingRow, peopleInRange } from "./bookings.repository.js";
import type { BookingOut, ClosureOut } from "./bookings.schemas.js";
import type { ClosureRow } from "./closures.repository.js";

export type Viewer = Pick<MemberSummary, "id" | "role">;

/** Check-in opens this long before the start. */
export const CHECK_IN_OPENS_MINUTES = 15;

/** Whether a booking can be checked in at `now`: confirmed, in [start − 15 min, start + grace). */
export function canCheckIn(b: { status: string; start: Date }, graceMinutes: number, now: Date): boolean {
  const start = b.start.getTime();
  return b.status === "confirmed" && now.getTime() >= start - CHECK_IN_OPENS_MINUTES * 60_000 && now.getTime() < start + graceMinutes * 60_000;
}

/**
 * Whether a booking can be ended now (check-out): active, begun (checked in or past its start) and not already
 * ended early. A booking checked in early but not begun is cancelled instead: nothing of it was used.
 */
export function canCheckOut(b: { status: string; start: Date; end: Date; checkedOutAt: Date | null }, now: Date): boolean {
  return (b.status === "confirmed" || b.status === "checked_in") && !b.checkedOutAt && now.getTime() > b.start.getTime() && now.getTime() < b.end.getTime();
}

export function toOut(r: BookingRow): BookingOut {
  return {
    id: r.id,
    resourceId: r.resource_id,
    resourceName: r.resource_name,
    resourceKind: r.resource_kind,
    spaceId: r.space_id,
    spaceName: r.space_name,
    timezone: r.timezone,
    start: formatInstant(new Date(r.start), r.timezone),
    end: formatInstant(new Date(r.end), r.timezone),
    status: r.status,
    seriesId: r.series_id,
    projectId: r.project_id,
    note: r.note,
    checkedInAt: r.checked_in_at ? formatInstant(new Date(r.checked_in_at), r.timezone) : null,
    checkedOutAt: r.checked_out_at ? formatInstant(new Date(r.checked_out_at), r.timezone) : null,
    charge: {
      method: r.charge_method,
      credits: Number(r.charge_credits),
      dayPasses: Number(r.charge_day_passes),
      amount: Number(r.charge_amount),
      refundedAt: r.charge_refunded_at ? new Date(r.charge_refunded_at).toISOString() : null,
    },
  };
}

/** A booking as charging it needs: plain facts. */
export function chargeable(r: BookingRow) {
  return {
    id: r.id,
    memberId: r.member_id,
    spaceId: r.space_id,
    resourceId: r.resource_id,
    resourceKind: r.resource_kind,
    start: new Date(r.start),
    end: new Date(r.end),
    timezone: r.timezone,
  };
}

export function personAt(r: Awaited<ReturnType<typeof peopleInRange>>[number], timezone: string) {
  return {
    bookingId: r.id,
    member: { id: r.member_id, name: r.member_name },
    resourceName: r.resource_name,
    resourceKind: r.resource_kind,
    start: formatInstant(new Date(r.start), timezone),
    end: formatInstant(new Date(r.end), timezone),
    status: r.status,
  };
}

export function closureOut(c: ClosureRow, timezone: string): ClosureOut {
  return {
    id: c.id,
    spaceId: c.space_id,
    start: formatInstant(new Date(c.start), timezone),
    end: formatInstant(new Date(c.end), timezone),
    reason: c.reason,
    createdAt: new Date(c.created_at).toISOString(),
  };
}

/** A booking as a notification names it (notifications' BookingFacts): ids, names and UTC instants, no words. */
export function bookingFacts(r: BookingRow) {
  return {
    bookingId: r.id,
    spaceId: r.space_id,
    spaceName: r.space_name,
    resourceId: r.resource_id,
    resourceName: r.resource_name,
    timezone: r.timezone,
    start: new Date(r.start).toISOString(),
    end: new Date(r.end).toISOString(),
  };
}
