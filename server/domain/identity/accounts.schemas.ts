import { z } from "zod";
import { text } from "../validation.js";
import { Email, Password } from "./identity.schemas.js";

/** A link's secret as it arrives (32 random bytes, base64url: 43 characters; a bound keeps junk cheap). */
export const LinkToken = text().trim().min(1).max(200);

export const PasswordResetInput = z.strictObject({ email: Email });
export const PasswordResetConfirmInput = z.strictObject({ token: LinkToken, password: Password });
export type PasswordResetConfirmInput = z.infer<typeof PasswordResetConfirmInput>;
export const VerifyEmailInput = z.strictObject({ token: LinkToken });
export const EmailVerificationOut = z.object({ email: z.string(), verified: z.boolean() });
