// What bookings need from the wallet (billing builds it; bookings only knows this shape): charge a booking just
// placed, in its transaction, and give back what cancelled bookings were charged.
import type { DB } from "../../../db/connect.js";
import type { PayChoice } from "./bookings.schemas.js";
import type { BookingRow } from "./bookings.repository.js";
import { chargeable } from "./model.js";

export type ChargeResult = { method: "credits" | "day_pass" | "invoice" | "free"; credits: number; dayPasses: number; amount: number };

export type BookingCharges = {
  charge(trx: DB, booking: ReturnType<typeof chargeable>, pay: PayChoice): Promise<ChargeResult>;
  refund(trx: DB, bookingIds: string[]): Promise<string[]>;
};

/** Without a wallet (a bookings service wired alone): nothing is charged or refunded. */
export const noCharges: BookingCharges = {
  charge: async () => ({ method: "free", credits: 0, dayPasses: 0, amount: 0 }),
  refund: async () => [],
};

/** Charges a placed booking and returns its row with the charge, as a fresh read would show it. */
export async function chargeRow(charges: BookingCharges, trx: DB, row: BookingRow, pay: PayChoice): Promise<BookingRow> {
  const c = await charges.charge(trx, chargeable(row), pay);
  return { ...row, charge_method: c.method, charge_credits: c.credits, charge_day_passes: c.dayPasses, charge_amount: c.amount, charge_refunded_at: null };
}

/** Refunds the bookings of `rows` that had not begun at `now` (a cancellation after the start gives nothing back). */
export async function refundUnstarted(charges: BookingCharges, trx: DB, rows: Array<Pick<BookingRow, "id" | "start">>, now: Date): Promise<string[]> {
  const ids = rows.filter((r) => new Date(r.start).getTime() > now.getTime()).map((r) => r.id);
  return ids.length ? charges.refund(trx, ids) : [];
}
