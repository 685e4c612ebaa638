import { z } from "zod";
import { text } from "../validation.js";

export const Email = text()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((s) => s.toLowerCase());

// NIST 800-63B / OWASP: length over composition rules; a cap keeps hashing bounded. A password is only ever hashed,
// never stored, searched or shown as text, so it is the one string from outside that is not a `text()`.
export const Password = z.string().min(10).max(200);

export const Name = text().trim().min(1).max(100);

export const RoleSchema = z.enum(["member", "operator", "admin"]);

export const SignupInput = z.strictObject({ email: Email, password: Password, name: Name });
export type SignupInput = z.infer<typeof SignupInput>;

/** Log-in checks the password as typed: no length rule, so old passwords keep working. */
export const LoginInput = z.strictObject({
  email: text().trim().max(254).transform((s) => s.toLowerCase()),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof LoginInput>;

/** Change password: the current one as typed (like log-in), the new one under the sign-up rule. */
export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
  newPassword: Password,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

/** Delete account: the password as typed confirms it. */
export const DeleteAccountInput = z.strictObject({ password: z.string().min(1, "Enter your password").max(200) });
export type DeleteAccountInput = z.infer<typeof DeleteAccountInput>;

export const LocaleInput = z.strictObject({ locale: z.enum(["id", "en"]) });

export const TokenInput = LoginInput.extend({ label: text().trim().max(100).optional() });
export type TokenInput = z.infer<typeof TokenInput>;

export const RoleUpdateInput = z.strictObject({ role: RoleSchema });

export const LocaleSchema = z.enum(["id", "en"]);

export const MemberOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
});

export const SuspendInput = z.strictObject({ suspended: z.boolean() });

export const AdminMembersQuery = z.strictObject({
  q: text().trim().max(100).optional(),
  role: RoleSchema.optional(),
  suspended: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: text().max(200).optional(),
});
export type AdminMembersQuery = z.infer<typeof AdminMembersQuery>;

export const AdminMemberOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  suspended: z.boolean(),
  lastSeenAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminMemberOut = z.infer<typeof AdminMemberOut>;
