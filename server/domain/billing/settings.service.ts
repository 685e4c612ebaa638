// Billing: a space's billing settings (invoice code, PPN, what invoices print), resources' rates as billing reads
// them, and the price of a booking before it is made.
import type { DB } from "../../../db/connect.js";
import type { ResourceKind } from "../../../db/schema.js";
import { DomainError, notFound } from "../errors.js";
import type { Actor } from "../spaces/access.js";
import { minutesBetween, resolveTimes } from "../time.js";
import type { BillingDeps } from "./deps.js";
import { quotePrice, type Rate } from "./price.js";
import * as repo from "./settings.repository.js";
import type { BillingSettingsInput, QuoteOut, QuoteQuery } from "./settings.schemas.js";

/** A space's billing settings as the domain uses them (the defaults when the operator has saved none). */
export type BillingSettingsOut = {
  spaceId: string;
  code: string;
  taxRate: number;
  pricesIncludeTax: boolean;
  legalName: string;
  npwp: string;
  bankAccount: string;
  invoiceNote: string;
  paymentTermsDays: number;
};

/** A resource's rate as billing charges it (null: free). */
export type ResourceRate = { resourceId: string; spaceId: string; kind: ResourceKind; rate: Rate | null };

/** The 0.11 effective PPN (12% on a tax base of 11/12) a PKP charges; 0 for an operator that is not one. */
export const DEFAULT_TAX_RATE = 0.11;
export const DEFAULT_PAYMENT_TERMS_DAYS = 14;

/** An invoice code from a space's name: its words' initials ("Jejaring Kemang" → "JK"), else its first letters. */
export function defaultCode(name: string): string {
  const words = name
    .normalize("NFKD")
    .toUpperCase()
    .replace(/[^A-Z ]/g, "")
    .split(/\s+/)
    .filter(Boolean);
  const initials = words.map((w) => w[0]).join("");
  const code = (initials.length >= 2 ? initials : (words[0] ?? "").slice(0, 3)).slice(0, 10);
  return code.length >= 2 ? code : "JJ";
}

/** The settings' API fields → their columns (only the fields given). */
function columns(input: BillingSettingsInput) {
  return {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.taxRate !== undefined ? { tax_rate: input.taxRate } : {}),
    ...(input.pricesIncludeTax !== undefined ? { prices_include_tax: input.pricesIncludeTax } : {}),
    ...(input.legalName !== undefined ? { legal_name: input.legalName } : {}),
    ...(input.npwp !== undefined ? { npwp: input.npwp } : {}),
    ...(input.bankAccount !== undefined ? { bank_account: input.bankAccount } : {}),
    ...(input.invoiceNote !== undefined ? { invoice_note: input.invoiceNote } : {}),
    ...(input.paymentTermsDays !== undefined ? { payment_terms_days: input.paymentTermsDays } : {}),
  };
}

export function createSettings({ db, clock, spaces }: BillingDeps) {
  const settings = {
    /** A space's billing settings (`trx` when inside a transaction); not_found is the caller's business. */
    async get(trx: DB = db, spaceId: string): Promise<BillingSettingsOut> {
      const row = await trx
        .selectFrom("spaces")
        .leftJoin("billing_settings as b", "b.space_id", "spaces.id")
        .select(["spaces.id", "spaces.name", "b.code", "b.tax_rate", "b.prices_include_tax", "b.legal_name", "b.npwp", "b.bank_account", "b.invoice_note", "b.payment_terms_days"])
        .where("spaces.id", "=", spaceId)
        .executeTakeFirst();
      if (!row) throw notFound("Space");
      return {
        spaceId,
        code: row.code ?? defaultCode(row.name),
        taxRate: row.tax_rate === null ? DEFAULT_TAX_RATE : Number(row.tax_rate),
        pricesIncludeTax: row.prices_include_tax ?? false,
        legalName: row.legal_name ?? "",
        npwp: row.npwp ?? "",
        bankAccount: row.bank_account ?? "",
        invoiceNote: row.invoice_note ?? "",
        paymentTermsDays: row.payment_terms_days ?? DEFAULT_PAYMENT_TERMS_DAYS,
      };
    },

    /** Operator of the space (or admin): its billing settings; anyone else → not_found (Space). */
    async getRun(actor: Actor, spaceId: string): Promise<BillingSettingsOut> {
      await spaces.requireOperator(actor, spaceId);
      return settings.get(db, spaceId);
    },

    /**
     * Operator of the space (or admin): saves what is given (the first save stores the defaults with it) and
     * returns the settings now. Anyone else → not_found (Space).
     */
    async update(actor: Actor, spaceId: string, input: BillingSettingsInput): Promise<BillingSettingsOut> {
      await spaces.requireOperator(actor, spaceId);
      const changes = columns(input);
      if (Object.keys(changes).length > 0) {
        const current = await settings.get(db, spaceId);
        const row = {
          code: current.code,
          tax_rate: current.taxRate,
          prices_include_tax: current.pricesIncludeTax,
          legal_name: current.legalName,
          npwp: current.npwp,
          bank_account: current.bankAccount,
          invoice_note: current.invoiceNote,
          payment_terms_days: current.paymentTermsDays,
          ...changes,
        };
        await repo.upsert(db, spaceId, row, changes, clock.now());
      }
      return settings.get(db, spaceId);
    },

    /** A resource's rate, kind and space (`trx` when inside a transaction); unknown → not_found (Resource). */
    async rateOf(trx: DB = db, resourceId: string): Promise<ResourceRate> {
      const r = await spaces.resource(resourceId, trx);
      return { resourceId: r.id, spaceId: r.spaceId, kind: r.kind, rate: r.rate ? { perHour: r.rate.perHour, perDay: r.rate.perDay, creditsPerHour: r.rate.creditsPerHour } : null };
    },

    /**
     * What a booking of this resource at this time would cost, before it is made: the times are read as a booking's
     * (local in the space's zone or with an offset, end after start, at most the space's longest booking), the
     * price from the resource's rate, the PPN by the space's settings. Any member; an unknown resource → not_found.
     */
    async quote(query: QuoteQuery): Promise<QuoteOut> {
      const { resource, space } = await spaces.resourceWithSpace(query.resourceId);
      const { start, end } = resolveTimes(space, query.start, query.end);
      const minutes = minutesBetween(start, end);
      if (minutes > space.rules.maxBookingMinutes) {
        throw new DomainError("rule_violation", `Bookings at ${space.name} are at most ${space.rules.maxBookingMinutes} minutes.`, {
          rule: "maxBookingMinutes", reason: "max_booking_minutes", minutes: space.rules.maxBookingMinutes, spaceName: space.name,
        });
      }
      const terms = await settings.get(db, space.id);
      const price = quotePrice(resource.kind, resource.rate, minutes, terms);
      return { resourceId: resource.id, minutes, ...price, currency: "IDR", pricesIncludeTax: terms.pricesIncludeTax, taxRate: terms.taxRate };
    },
  };
  return settings;
}
