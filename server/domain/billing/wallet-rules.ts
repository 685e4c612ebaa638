// Pure: drawing an amount from a wallet's lots (FIFO) and choosing how a booking pays. No database, no clock.
import type { ChargeMethod } from "../../../db/schema.js";

export type PayChoice = "auto" | "credits" | "day_pass" | "invoice";

/** A lot as drawing sees it: its id and what is left of it, already in the order to draw (soonest expiry, oldest). */
export type OpenLot = { id: string; spaceId: string | null; remaining: number };

/** Takes `amount` from the lots in order; null when they do not hold that much together. */
export function drawFifo(lots: OpenLot[], amount: number): Array<{ lot: OpenLot; amount: number }> | null {
  const draws: Array<{ lot: OpenLot; amount: number }> = [];
  let left = amount;
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) draws.push({ lot, amount: take });
    left -= take;
  }
  return left > 0 ? null : draws;
}

/** What a booking costs each way (bookingPrice's answer): credits / day passes null when they may not pay for it. */
export type PriceOptions = { amount: number; credits: number | null; dayPasses: number | null };

export type ChargePlan = { method: ChargeMethod; credits: number; dayPasses: number; amount: number };

/** Why an explicit way to pay cannot pay (the reasons of `insufficient_credits`). */
export type Refusal = "credits_not_accepted" | "not_enough_credits" | "day_pass_not_accepted" | "not_enough_day_passes";

/**
 * How a booking pays, given its price and what the wallet holds valid there. auto: credits when credits may pay
 * and the wallet covers them, else a day pass (desks), else the member's next invoice at the rate, else nothing
 * (free). An explicit method the wallet cannot cover, or that cannot pay this resource, is refused; an invoice for
 * something that costs nothing is free.
 */
export function planCharge(pay: PayChoice, price: PriceOptions, wallet: { credits: number; dayPasses: number }): ChargePlan | { refused: Refusal; needed: number; balance: number } {
  const free: ChargePlan = { method: "free", credits: 0, dayPasses: 0, amount: 0 };
  const byCredits = price.credits !== null && price.credits > 0 ? price.credits : null;
  const byPass = price.dayPasses !== null && price.dayPasses > 0 ? price.dayPasses : null;
  const credits = (n: number): ChargePlan => ({ method: "credits", credits: n, dayPasses: 0, amount: 0 });
  const pass = (n: number): ChargePlan => ({ method: "day_pass", credits: 0, dayPasses: n, amount: 0 });
  const invoice: ChargePlan = price.amount > 0 ? { method: "invoice", credits: 0, dayPasses: 0, amount: price.amount } : free;
  switch (pay) {
    case "credits":
      if (byCredits === null) return price.amount === 0 && price.credits === 0 ? free : { refused: "credits_not_accepted", needed: 0, balance: wallet.credits };
      return wallet.credits >= byCredits ? credits(byCredits) : { refused: "not_enough_credits", needed: byCredits, balance: wallet.credits };
    case "day_pass":
      if (byPass === null) return { refused: "day_pass_not_accepted", needed: 0, balance: wallet.dayPasses };
      return wallet.dayPasses >= byPass ? pass(byPass) : { refused: "not_enough_day_passes", needed: byPass, balance: wallet.dayPasses };
    case "invoice":
      return invoice;
    case "auto":
      if (byCredits !== null && wallet.credits >= byCredits) return credits(byCredits);
      if (byPass !== null && wallet.dayPasses >= byPass) return pass(byPass);
      return invoice;
  }
}
