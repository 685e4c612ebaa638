// The demo network's money (issue 14): after db/seed.ts has inserted the people and spaces, the seeded spaces get
// plans in IDR and some members subscriptions, credit packages, wallets, and paid and outstanding invoices — made
// through the billing services, so numbers, PPN, invoice sequences and wallet lots are exactly what the app makes.
import type { DB } from "../db/connect.js";
import type { Services } from "./services.js";

/** The plans every seeded space sells (prices in rupiah). */
export const DEMO_PLANS = [
  { name: "Day pass", kind: "day_passes", price: 75_000, interval: "once", dayPassesPerCycle: 1, validDays: 30, description: "One day at any desk." },
  { name: "Hot desk bulanan", kind: "hot_desk", price: 1_250_000, interval: "month", creditsPerCycle: 10, description: "Any free desk, every day, with 10 meeting-room credits a month." },
  { name: "Virtual office", kind: "virtual_office", price: 4_500_000, interval: "year", description: "A business address (domisili) and mail handling." },
  { name: "Paket ruang rapat 10 jam", kind: "credits", price: 900_000, interval: "once", creditsPerCycle: 10, validDays: 90, description: "Ten hours of meeting rooms." },
] as const;

export async function seedMoneyDemo(db: DB, services: Services): Promise<{ plans: number; subscriptions: number }> {
  const admin = await db.selectFrom("members").select(["id", "role"]).where("role", "=", "admin").orderBy("email").executeTakeFirst();
  if (!admin) return { plans: 0, subscriptions: 0 };
  const actor = { id: admin.id, role: "admin" as const };
  const spaces = await db.selectFrom("spaces").select(["id", "name"]).orderBy("name").execute();
  const members = await db.selectFrom("members").select("id").where("role", "=", "member").orderBy("email").limit(2 * spaces.length * 3).execute();
  const { plans, invoices } = services.billing;
  let plansMade = 0;
  let subscriptions = 0;
  let next = 0;
  const someone = () => members[next++ % Math.max(members.length, 1)]?.id;
  for (const space of spaces) {
    const made = [];
    for (const p of DEMO_PLANS) {
      made.push(await plans.createPlan(actor, { ...p, spaceId: space.id }));
      plansMade++;
    }
    const [, hotDesk, virtualOffice, roomPack] = made;
    // A paid hot desk, an outstanding one, a paid credit package, an outstanding virtual office.
    const sales: Array<{ planId: string; paid: boolean }> = [
      { planId: hotDesk!.id, paid: true },
      { planId: hotDesk!.id, paid: false },
      { planId: roomPack!.id, paid: true },
      { planId: virtualOffice!.id, paid: false },
    ];
    for (const sale of sales) {
      const memberId = someone();
      if (!memberId) break;
      const sub = await plans.subscribe(actor, { planId: sale.planId, memberId });
      subscriptions++;
      if (sale.paid && sub.invoiceId) {
        const inv = await invoices.get(actor, sub.invoiceId);
        await invoices.recordPayment(actor, sub.invoiceId, { amount: inv.total, method: "transfer", withheld: 0, reference: `BCA ${inv.number}` });
      }
    }
  }
  return { plans: plansMade, subscriptions };
}
