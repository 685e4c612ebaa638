import { describe, expect, it } from "vitest";
import { drawFifo, planCharge } from "../../server/domain/billing/wallet-rules.js";

const lot = (id: string, remaining: number) => ({ id, spaceId: null, remaining });

describe("drawFifo", () => {
  it("takes from the lots in order, across lots, and refuses more than they hold together", () => {
    expect(drawFifo([lot("a", 2), lot("b", 3)], 4)).toEqual([
      { lot: lot("a", 2), amount: 2 },
      { lot: lot("b", 3), amount: 2 },
    ]);
    expect(drawFifo([lot("a", 2), lot("b", 3)], 2)).toEqual([{ lot: lot("a", 2), amount: 2 }]);
    expect(drawFifo([lot("a", 2), lot("b", 3)], 6)).toBeNull();
    expect(drawFifo([], 1)).toBeNull();
  });
});

describe("planCharge", () => {
  const room = { amount: 100_000, credits: 2, dayPasses: null };
  const desk = { amount: 75_000, credits: null, dayPasses: 1 };
  const free = { amount: 0, credits: 0, dayPasses: null };
  it("auto: credits when covered, else a day pass, else the invoice, else free", () => {
    expect(planCharge("auto", room, { credits: 2, dayPasses: 0 })).toEqual({ method: "credits", credits: 2, dayPasses: 0, amount: 0 });
    expect(planCharge("auto", room, { credits: 1, dayPasses: 5 })).toEqual({ method: "invoice", credits: 0, dayPasses: 0, amount: 100_000 });
    expect(planCharge("auto", desk, { credits: 9, dayPasses: 1 })).toEqual({ method: "day_pass", credits: 0, dayPasses: 1, amount: 0 });
    expect(planCharge("auto", desk, { credits: 9, dayPasses: 0 })).toMatchObject({ method: "invoice", amount: 75_000 });
    expect(planCharge("auto", free, { credits: 0, dayPasses: 0 })).toMatchObject({ method: "free", amount: 0 });
  });
  it("explicit: refused with a reason when the wallet cannot cover it or it cannot pay this resource", () => {
    expect(planCharge("credits", room, { credits: 1, dayPasses: 0 })).toEqual({ refused: "not_enough_credits", needed: 2, balance: 1 });
    expect(planCharge("credits", desk, { credits: 9, dayPasses: 0 })).toMatchObject({ refused: "credits_not_accepted" });
    expect(planCharge("day_pass", room, { credits: 0, dayPasses: 3 })).toMatchObject({ refused: "day_pass_not_accepted" });
    expect(planCharge("day_pass", desk, { credits: 0, dayPasses: 0 })).toMatchObject({ refused: "not_enough_day_passes" });
    expect(planCharge("invoice", room, { credits: 9, dayPasses: 0 })).toMatchObject({ method: "invoice", amount: 100_000 });
    expect(planCharge("invoice", free, { credits: 0, dayPasses: 0 })).toMatchObject({ method: "free" });
    expect(planCharge("credits", free, { credits: 0, dayPasses: 0 })).toMatchObject({ method: "free" });
  });
});
