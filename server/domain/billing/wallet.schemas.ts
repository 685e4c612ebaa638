// zod input and output schemas of billing's wallet (one validation for form actions, API and OpenAPI).
import { z } from "zod";
import { Id, multiline } from "../validation.js";

const Units = z.number().int().min(-100_000).max(100_000).refine((n) => n !== 0, { message: "not_zero" });

/** An operator's correction of a member's wallet: credits and/or day passes (negative takes away), with a reason. */
export const AdjustmentInput = z
  .strictObject({
    /** The space the lot is for (one the operator runs); an admin may leave it out for a network-wide lot. */
    spaceId: Id.optional(),
    credits: Units.optional(),
    dayPasses: Units.optional(),
    reason: multiline().trim().min(1).max(300),
  })
  .refine((v) => v.credits !== undefined || v.dayPasses !== undefined, { message: "credits_or_day_passes", path: ["credits"] });
export type AdjustmentInput = z.infer<typeof AdjustmentInput>;

export const EntryKind = z.enum(["grant", "purchase", "spend", "refund", "adjustment", "expiry"]);

/** One line of a wallet's history: one movement (entries written together), credits and day passes apart. */
export const EntryOut = z.object({
  id: z.string(),
  kind: EntryKind,
  credits: z.number().int(),
  dayPasses: z.number().int(),
  reason: z.string().nullable(),
  bookingId: z.string().nullable(),
  spaceId: z.string().nullable(),
  spaceName: z.string().nullable(),
  /** The zone its dates are read in: its space's (or the network's). */
  timezone: z.string(),
  /** A lot's last valid day (local date), on the entries that open one. */
  expiresOn: z.string().nullable(),
  createdAt: z.string(),
});
export type EntryOut = z.infer<typeof EntryOut>;

const Expiring = z.array(z.object({ amount: z.number().int(), expiresOn: z.string() }));

export const WalletOut = z.object({
  credits: z.object({ balance: z.number().int(), expiring: Expiring }),
  dayPasses: z.object({ balance: z.number().int(), expiring: Expiring }),
  /** What is valid where: per space (`spaceId` null: anywhere in the network). */
  places: z.array(z.object({ spaceId: z.string().nullable(), spaceName: z.string().nullable(), credits: z.number().int(), dayPasses: z.number().int() })),
  /** The newest movements first (at most `limit`). */
  entries: z.array(EntryOut),
});
export type WalletOut = z.infer<typeof WalletOut>;

export const WalletQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(50) });

export const SpaceWalletsOut = z.object({
  spaceId: z.string(),
  items: z.array(z.object({ member: z.object({ id: z.string(), name: z.string(), email: z.string() }), credits: z.number().int(), dayPasses: z.number().int() })),
});
export type SpaceWalletsOut = z.infer<typeof SpaceWalletsOut>;

export const AdjustmentParams = z.object({ id: Id });
