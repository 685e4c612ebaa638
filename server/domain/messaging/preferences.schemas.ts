import { z } from "zod";
import { PREFERENCE_KINDS, type PreferenceKind } from "./messages.schemas.js";

/** A phone number in E.164: a plus, a country code, then the rest (8 to 15 digits in all). */
export const Phone = z.string().regex(/^\+[1-9]\d{7,14}$/, { error: "Use the international form, e.g. +6281234567890" });

export const PREFERENCE_KIND_NAMES = Object.keys(PREFERENCE_KINDS) as PreferenceKind[];

/**
 * `PATCH /me/notification-preferences`. `kinds` names kinds the member switches on or off (an unknown one is a 422,
 * checked by the service so that its words name the kind). `phone: null` removes the number (and WhatsApp with it).
 */
export const PreferencesPatch = z.strictObject({
  email: z.boolean().optional(),
  whatsapp: z.boolean().optional(),
  phone: Phone.nullable().optional(),
  kinds: z.record(z.string().max(64), z.boolean()).optional(),
});
export type PreferencesPatch = z.infer<typeof PreferencesPatch>;

export const PhoneCode = z.strictObject({ code: z.string().regex(/^\d{6}$/) });

export const PreferencesOut = z.object({
  email: z.boolean(),
  /** Whether the account's email address is confirmed (preference mail goes only to a confirmed one). */
  emailVerified: z.boolean(),
  whatsapp: z.boolean(),
  phone: z.string().nullable(),
  phoneVerified: z.boolean(),
  /** A code was sent to `phone` and is waiting to be entered. */
  phonePending: z.boolean(),
  kinds: z.record(z.string(), z.boolean()),
});
export type PreferencesOut = z.infer<typeof PreferencesOut>;
