import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type AppLoadContext,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Bell, Camera, KeyRound, Languages, LogOut, Mail, Trash2, UserRound } from "lucide-react";
import type { PreferenceKind } from "../../server/domain/messaging/messages.schemas";
import { Avatar } from "~/components/Avatar";
import { Field, SelectField } from "~/components/Field";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { fail, failure, parseForm, reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { cappedFileUpload, TOO_LARGE } from "~/lib/uploads.server";
import accountStyles from "~/styles/account.css";

export const links = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.account.title");

/** The forms of this page: each posts one of these as `intent`. */
export const ACCOUNT_INTENTS = {
  locale: "locale",
  password: "password",
  photo: "photo",
  removePhoto: "remove-photo",
  verifyEmail: "verify-email",
  email: "email",
  cancelEmail: "cancel-email",
  notifications: "notifications",
  phone: "phone",
  verifyPhone: "verify-phone",
  removePhone: "remove-phone",
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const [member, photo, verification, prefs] = await Promise.all([
    context.services.identity.getMember(viewer.id),
    context.services.photos.mine(viewer.id),
    context.services.accounts.tokens.verificationOf(viewer.id),
    context.services.messaging.preferences.get(viewer.id),
  ]);
  const kinds = context.schemas.messaging.PREFERENCE_KINDS;
  return {
    member,
    photo,
    verified: verification.verified,
    pendingEmail: verification.pendingEmail,
    prefs: { ...prefs, kinds: (Object.keys(kinds) as PreferenceKind[]).map((kind) => ({ kind, on: prefs.kinds[kind] ?? kinds[kind].byDefault, whatsapp: kinds[kind].whatsapp })) },
    locale: viewer.locale ?? context.locale,
    photoMaxMegabytes: context.limits.photoBytes / 1024 / 1024,
  };
}

/** A refused photo: the reason's words under the file input. */
function photoRefused(context: AppLoadContext, error: unknown) {
  const failed = failure(context, error);
  return reply({ ...failed, errors: { photo: failed.message || Object.values(failed.errors)[0] || "" }, intent: ACCOUNT_INTENTS.photo });
}

/** The photo form: a multipart post, of which no more than the server's cap is ever kept in memory. */
async function uploadPhoto(request: Request, context: AppLoadContext, memberId: string) {
  const maxMegabytes = context.limits.photoBytes / 1024 / 1024;
  const refused = (reason: "photo_too_large" | "photo_type", headers?: HeadersInit) => {
    const failed = fail(context, "validation_failed", "", {}, { reason, maxMegabytes });
    return data({ ...failed, errors: { photo: failed.message }, intent: ACCOUNT_INTENTS.photo }, { status: failed.status, headers });
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, cappedFileUpload("photo", context.limits.photoBytes));
  } catch (error) {
    // Far past the limit (the rest is not read: close the connection, or the browser would queue its next
    // request behind the unread bytes), or not a readable form.
    return error instanceof RangeError || error instanceof MaxPartSizeExceededError ? refused("photo_too_large", { Connection: "close" }) : refused("photo_type");
  }
  const file = form.get("photo");
  if (file === TOO_LARGE) return refused("photo_too_large");
  if (!file || typeof file === "string" || file.size === 0) return refused("photo_type");
  try {
    await context.services.photos.set(memberId, new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    return photoRefused(context, error);
  }
  return redirect("/account?saved=photo");
}

/** A service's refusal of one form, in words (a code the form expects), or rethrown. Rate limits carry their wait. */
function refusedWith(context: AppLoadContext, error: unknown, intent: string, expected: string[]) {
  const failed = failure(context, error);
  if (!expected.includes(failed.code)) throw error;
  if (failed.code === "rate_limited") failed.details.retryAfter ??= 60;
  return reply({ ...failed, intent });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return uploadPhoto(request, context, viewer.id);
  const form = await readForm(request);
  const f = fieldsOf(form);
  const intent = f.text("intent");
  if (intent === ACCOUNT_INTENTS.removePhoto) {
    await context.services.photos.remove(viewer.id);
    return redirect("/account?saved=photo-removed");
  }
  if (intent === ACCOUNT_INTENTS.verifyEmail) {
    try {
      await context.services.accounts.tokens.resendVerification(viewer.id);
      return reply({ ok: true as const, intent });
    } catch (error) {
      const failed = failure(context, error);
      if (failed.code !== "rule_violation" && failed.code !== "rate_limited") throw error;
      if (failed.code === "rate_limited") failed.details.retryAfter ??= 60;
      return reply({ ...failed, intent });
    }
  }
  if (intent === ACCOUNT_INTENTS.email) {
    const parsed = parseForm(context, context.schemas.accounts.EmailChangeInput, { email: f.text("email"), password: f.text("password") });
    if (!parsed.ok) return reply({ ...parsed, intent });
    try {
      await context.services.accounts.emailChange.request(viewer.id, parsed.data, context.clientIp);
      return redirect("/account?saved=email-pending#email");
    } catch (error) {
      return refusedWith(context, error, intent, ["validation_failed", "already_exists", "rule_violation", "rate_limited"]);
    }
  }
  if (intent === ACCOUNT_INTENTS.cancelEmail) {
    await context.services.accounts.emailChange.cancel(viewer.id);
    return redirect("/account?saved=email-cancelled#email");
  }
  if (intent === ACCOUNT_INTENTS.notifications) {
    // Every kind the form showed is posted by name; an unchecked box is not posted, so it means "off".
    const names = form.getAll("kind").filter((k): k is string => typeof k === "string");
    const patch = { email: f.checked("email"), whatsapp: f.checked("whatsapp"), kinds: Object.fromEntries(names.map((k) => [k, f.checked(`kind:${k}`)])) };
    const parsed = parseForm(context, context.schemas.preferences.PreferencesPatch, patch);
    if (!parsed.ok) return reply({ ...parsed, intent });
    try {
      await context.services.messaging.preferences.update(viewer.id, parsed.data);
      return redirect("/account?saved=notifications#notifications");
    } catch (error) {
      return refusedWith(context, error, intent, ["rule_violation"]);
    }
  }
  if (intent === ACCOUNT_INTENTS.phone || intent === ACCOUNT_INTENTS.removePhone) {
    const phone = intent === ACCOUNT_INTENTS.removePhone ? null : f.text("phone").trim();
    const parsed = parseForm(context, context.schemas.preferences.PreferencesPatch, { phone });
    if (!parsed.ok) return reply({ ...parsed, intent });
    try {
      await context.services.messaging.preferences.update(viewer.id, parsed.data);
      return redirect(`/account?saved=${phone === null ? "phone-removed" : "phone-sent"}#whatsapp`);
    } catch (error) {
      return refusedWith(context, error, intent, ["rule_violation", "rate_limited"]);
    }
  }
  if (intent === ACCOUNT_INTENTS.verifyPhone) {
    const parsed = parseForm(context, context.schemas.preferences.PhoneCode, { code: f.text("code").trim() });
    if (!parsed.ok) return reply({ ...parsed, intent });
    try {
      await context.services.messaging.preferences.verifyPhone(viewer.id, parsed.data.code);
      return redirect("/account?saved=phone-verified#whatsapp");
    } catch (error) {
      return refusedWith(context, error, intent, ["rule_violation"]);
    }
  }
  if (intent === ACCOUNT_INTENTS.locale) {
    const parsed = parseForm(context, context.schemas.identity.LocaleSchema, f.text("locale"));
    if (!parsed.ok) return reply({ ...parsed, intent });
    await context.services.identity.setLocale(viewer.id, parsed.data);
    // The member's choice follows them to every device; the cookie keeps it on this one after logging out.
    return redirect("/account?saved=locale", { headers: { "Set-Cookie": context.cookies.commitLocale(parsed.data) } });
  }
  if (intent === ACCOUNT_INTENTS.password) {
    const input = { currentPassword: f.text("currentPassword"), newPassword: f.text("newPassword") };
    const parsed = parseForm(context, context.schemas.identity.ChangePasswordInput, input);
    if (!parsed.ok) return reply({ ...parsed, intent });
    try {
      const { endedSessions } = await context.services.identity.changePassword(viewer, parsed.data, context.clientIp);
      return reply({ ok: true as const, intent, endedSessions });
    } catch (error) {
      const failed = failure(context, error);
      if (failed.code !== "validation_failed" && failed.code !== "rate_limited") throw error;
      if (failed.code === "rate_limited") failed.details.retryAfter ??= 60;
      return reply({ ...failed, intent });
    }
  }
  return reply({ ...fail(context, "validation_failed", "Unknown form.", { intent: "Unknown form." }), intent });
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Result = ReturnType<typeof useActionData<typeof action>>;
type Refused = Extract<NonNullable<Result>, { ok: false }>;

/** The refusal of the form with this intent, if that is what was posted. */
const refusedFor = (result: Result, intent: string): Refused | undefined => (result && !result.ok && result.intent === intent ? (result as Refused) : undefined);

/** A refusal's words: a rate limit with its wait, else the reason's words, else the general line. */
function refusalLine(t: ReturnType<typeof useT>, r: Refused): string {
  if (r.code === "rate_limited") return t("auth.rateLimited", { minutes: Math.max(1, Math.ceil(Number(r.details.retryAfter) / 60)) });
  return r.message || t("form.errors");
}

function EmailSection({ member, pendingEmail, result, saved, busy }: { member: Loaded["member"]; pendingEmail: string | null; result: Result; saved: string | null; busy: boolean }) {
  const t = useT();
  const refused = refusedFor(result, ACCOUNT_INTENTS.email);
  const errors: Record<string, string | undefined> = refused?.errors ?? {};
  const wrongPassword = refused?.details.reason === "wrong_password";
  const emailError = refused && (refused.code === "already_exists" || refused.code === "rule_violation") ? refused.message : errors.email;
  return (
    <section className="card" id="email" aria-labelledby="account-email-title">
      <h2 id="account-email-title">
        <Mail aria-hidden size={20} /> {t("account.email.title")}
      </h2>
      <p className="account-email">{t("account.email.current", { email: member.email })}</p>
      {saved === "email-pending" && pendingEmail ? (
        <p className="notice" role="status">
          {t("account.email.sent", { email: pendingEmail })}
        </p>
      ) : saved === "email-cancelled" ? (
        <p className="notice" role="status">
          {t("account.email.cancelled", { email: member.email })}
        </p>
      ) : null}
      {pendingEmail ? (
        <Form method="post" className="form" data-testid="email-pending">
          <p className="account-email">{t("account.email.pending", { email: pendingEmail, current: member.email })}</p>
          <input type="hidden" name="intent" value={ACCOUNT_INTENTS.cancelEmail} />
          <button type="submit" className="button secondary">
            {t("account.email.cancel")}
          </button>
        </Form>
      ) : null}
      <p className="muted">{t("account.email.how")}</p>
      {refused && refused.code === "rate_limited" ? (
        <p className="form-error" role="alert">
          {refusalLine(t, refused)}
        </p>
      ) : null}
      <Form method="post" className="form" data-testid="email-form">
        <input type="hidden" name="intent" value={ACCOUNT_INTENTS.email} />
        <Field label={t("account.email.new")} name="email" type="email" autoComplete="email" inputMode="email" required maxLength={254} error={emailError} announce />
        <Field
          label={t("account.email.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={wrongPassword ? t("account.password.wrong") : errors.password ? t("auth.passwordRequired") : undefined}
          announce
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("auth.pending") : t("account.email.submit")}
        </button>
      </Form>
    </section>
  );
}

function NotificationsSection({ member, verified, prefs, result, saved, busy }: { member: Loaded["member"]; verified: boolean; prefs: Loaded["prefs"]; result: Result; saved: string | null; busy: (intent: string) => boolean }) {
  const t = useT();
  const refused = refusedFor(result, ACCOUNT_INTENTS.notifications);
  const phoneRefused = refusedFor(result, ACCOUNT_INTENTS.phone) ?? refusedFor(result, ACCOUNT_INTENTS.removePhone);
  const codeRefused = refusedFor(result, ACCOUNT_INTENTS.verifyPhone);
  const canWhatsApp = prefs.phone !== null && prefs.phoneVerified;
  const phoneLine = phoneRefused
    ? phoneRefused.code === "rate_limited"
      ? t("prefs.phone.wait", { count: Math.max(1, Number(phoneRefused.details.retryAfter) || 60) })
      : phoneRefused.code === "validation_failed"
        ? undefined
        : refusalLine(t, phoneRefused)
    : undefined;
  return (
    <section className="card" id="notifications" aria-labelledby="account-notifications">
      <h2 id="account-notifications">
        <Bell aria-hidden size={20} /> {t("prefs.title")}
      </h2>
      <p className="muted">{t("prefs.intro")}</p>
      {saved === "notifications" ? (
        <p className="notice" role="status">
          {t("prefs.saved")}
        </p>
      ) : null}
      {refused ? (
        <p className="form-error" role="alert">
          {refusalLine(t, refused)}
        </p>
      ) : null}
      <Form method="post" className="form prefs-form" data-testid="prefs-form">
        <input type="hidden" name="intent" value={ACCOUNT_INTENTS.notifications} />
        <fieldset>
          <legend>{t("prefs.channels")}</legend>
          <div className="pref-option">
            <input type="checkbox" id="pref-email" name="email" value="on" defaultChecked={prefs.email} aria-describedby="pref-email-about" />
            <label htmlFor="pref-email">{t("prefs.email")}</label>
            <span className="hint account-email" id="pref-email-about">
              {t(verified ? "prefs.email.to" : "prefs.email.unverified", { email: member.email })}
            </span>
          </div>
          <div className="pref-option">
            <input
              type="checkbox"
              id="pref-whatsapp"
              name="whatsapp"
              value="on"
              defaultChecked={prefs.whatsapp}
              disabled={!canWhatsApp && !prefs.whatsapp}
              aria-describedby="pref-whatsapp-about"
            />
            <label htmlFor="pref-whatsapp">{t("prefs.whatsapp")}</label>
            <span className="hint" id="pref-whatsapp-about">
              {canWhatsApp ? t("prefs.whatsapp.to", { phone: prefs.phone! }) : t("prefs.whatsapp.needsPhone")}
            </span>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("prefs.kinds")}</legend>
          {prefs.kinds.map(({ kind, on, whatsapp }) => (
            <div className="pref-option" key={kind}>
              <input type="hidden" name="kind" value={kind} />
              <input type="checkbox" id={`pref-kind-${kind}`} name={`kind:${kind}`} value="on" defaultChecked={on} aria-describedby={`pref-kind-${kind}-about`} />
              <label htmlFor={`pref-kind-${kind}`}>{t(`prefs.kind.${kind}`)}</label>
              <span className="hint" id={`pref-kind-${kind}-about`}>
                {t(`prefs.kind.${kind}.about`)}
                {whatsapp ? ` (${t("prefs.whatsappToo")})` : ""}
              </span>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={busy(ACCOUNT_INTENTS.notifications)}>
          {busy(ACCOUNT_INTENTS.notifications) ? t("form.saving") : t("prefs.save")}
        </button>
      </Form>

      <h3 id="whatsapp">{t("prefs.phone.title")}</h3>
      {saved === "phone-verified" ? (
        <p className="notice" role="status">
          {t("prefs.phone.verifiedNow")}
        </p>
      ) : saved === "phone-removed" ? (
        <p className="notice" role="status">
          {t("prefs.phone.removed")}
        </p>
      ) : null}
      {phoneLine ? (
        <p className="form-error" role="alert">
          {phoneLine}
        </p>
      ) : null}
      {prefs.phone && prefs.phoneVerified ? (
        <p data-testid="phone-verified">{t("prefs.phone.verified", { phone: prefs.phone })}</p>
      ) : prefs.phone ? (
        <>
          <p role={saved === "phone-sent" ? "status" : undefined} data-testid="phone-pending">
            {prefs.phonePending ? t("prefs.phone.sent", { phone: prefs.phone }) : t("prefs.phone.expired", { phone: prefs.phone })}
          </p>
          {prefs.phonePending ? (
            <Form method="post" className="form" data-testid="code-form">
              <input type="hidden" name="intent" value={ACCOUNT_INTENTS.verifyPhone} />
              <Field
                label={t("prefs.phone.code")}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                hint={t("prefs.phone.codeHint")}
                error={codeRefused ? (codeRefused.code === "validation_failed" ? t("prefs.phone.codeHint") : codeRefused.message) : undefined}
                announce
              />
              <button type="submit" className="primary" disabled={busy(ACCOUNT_INTENTS.verifyPhone)}>
                {t("prefs.phone.confirm")}
              </button>
            </Form>
          ) : null}
          <Form method="post" className="form">
            <input type="hidden" name="intent" value={ACCOUNT_INTENTS.phone} />
            <input type="hidden" name="phone" value={prefs.phone} />
            <button type="submit" className="button secondary" disabled={busy(ACCOUNT_INTENTS.phone)}>
              {t("prefs.phone.again")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p className="muted">{t("prefs.phone.intro")}</p>
          <Form method="post" className="form" data-testid="phone-form">
            <input type="hidden" name="intent" value={ACCOUNT_INTENTS.phone} />
            <Field
              label={t("prefs.phone.label")}
              name="phone"
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              required
              maxLength={16}
              hint={t("prefs.phone.hint")}
              error={phoneRefused?.code === "validation_failed" ? ((phoneRefused.errors as Record<string, string | undefined>).phone ?? phoneRefused.message) : undefined}
              announce
            />
            <button type="submit" className="primary" disabled={busy(ACCOUNT_INTENTS.phone)}>
              {t("prefs.phone.send")}
            </button>
          </Form>
        </>
      )}
      {prefs.phone ? (
        <Form method="post">
          <input type="hidden" name="intent" value={ACCOUNT_INTENTS.removePhone} />
          <button type="submit" className="button danger-outline" disabled={busy(ACCOUNT_INTENTS.removePhone)}>
            {t("prefs.phone.remove")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export default function Account() {
  const { member, photo, verified, pendingEmail, prefs, locale, photoMaxMegabytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const t = useT();
  const pw = result?.intent === ACCOUNT_INTENTS.password ? result : undefined;
  const verify = result?.intent === ACCOUNT_INTENTS.verifyEmail ? result : undefined;
  const pwErrors: Record<string, string | undefined> = pw && !pw.ok ? pw.errors : {};
  const wrongCurrent = pw && !pw.ok && pw.details.reason === "wrong_password";
  const photoFailed = result?.intent === ACCOUNT_INTENTS.photo && !result.ok ? result : undefined;
  const saved = params.get("saved");
  return (
    <div className="account stack">
      <h1>{t("account.title")}</h1>

      <section className="card" aria-labelledby="account-details">
        <h2 id="account-details">
          <UserRound aria-hidden size={20} /> {t("account.details")}
        </h2>
        <dl className="facts">
          <dt>{t("auth.name")}</dt>
          <dd>{member.name}</dd>
          <dt>{t("auth.email")}</dt>
          <dd className="account-email">{member.email}</dd>
          <dt>{t("account.role")}</dt>
          <dd>{t(`role.${member.role}`)}</dd>
        </dl>
        {verified ? (
          <p className="muted" data-testid="email-verified">
            {t("accounts.account.verified", { email: member.email })}
          </p>
        ) : (
          <Form method="post" className="form" data-testid="email-unverified">
            <p>{t("accounts.account.unverified", { email: member.email })}</p>
            {verify?.ok ? (
              <p className="notice" role="status">
                {t("accounts.account.sent", { email: member.email })}
              </p>
            ) : verify ? (
              <p className="form-error" role="alert">
                {verify.code === "rate_limited" ? t("auth.rateLimited", { minutes: Math.ceil(Number(verify.details.retryAfter) / 60) }) : verify.message}
              </p>
            ) : null}
            <input type="hidden" name="intent" value={ACCOUNT_INTENTS.verifyEmail} />
            <button type="submit" disabled={busy(ACCOUNT_INTENTS.verifyEmail)}>
              {t("accounts.account.sendAgain")}
            </button>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="account-photo">
        <h2 id="account-photo">
          <Camera aria-hidden size={20} /> {t("account.photo.title")}
        </h2>
        {saved === "photo" || saved === "photo-removed" ? (
          <p className="notice" role="status">
            {t(saved === "photo" ? "account.photo.saved" : "account.photo.removed")}
          </p>
        ) : null}
        <div className="account-photo">
          <Avatar id={member.id} name={member.name} size="xl" photoUrl={photo?.photoUrl} label={photo ? t("account.photo.alt", { name: member.name }) : undefined} />
          <p className="muted">{photo ? t("account.photo.current") : t("account.photo.none")}</p>
        </div>
        <Form method="post" encType="multipart/form-data" className="form" data-testid="photo-form">
          <input type="hidden" name="intent" value={ACCOUNT_INTENTS.photo} />
          <Field
            label={t("account.photo.file")}
            id="account-photo-file"
            type="file"
            name="photo"
            accept="image/png,image/jpeg,image/webp"
            required
            hint={t("account.photo.hint", { maxMegabytes: photoMaxMegabytes })}
            error={photoFailed?.errors.photo}
            announce
          />
          <button type="submit" className="button secondary" disabled={busy(ACCOUNT_INTENTS.photo)}>
            {busy(ACCOUNT_INTENTS.photo) ? t("auth.pending") : t("account.photo.upload")}
          </button>
        </Form>
        {photo ? (
          <Form method="post">
            <input type="hidden" name="intent" value={ACCOUNT_INTENTS.removePhoto} />
            <button type="submit" className="button danger-outline" disabled={busy(ACCOUNT_INTENTS.removePhoto)}>
              {t("account.photo.remove")}
            </button>
          </Form>
        ) : null}
      </section>

      <NotificationsSection member={member} verified={verified} prefs={prefs} result={result} saved={saved} busy={busy} />

      <section className="card" aria-labelledby="account-language">
        <h2 id="account-language">
          <Languages aria-hidden size={20} /> {t("account.language")}
        </h2>
        {params.get("saved") === "locale" ? (
          <p className="notice" role="status">
            {t("account.language.saved")}
          </p>
        ) : null}
        <Form method="post" className="form">
          <input type="hidden" name="intent" value={ACCOUNT_INTENTS.locale} />
          <SelectField label={t("account.language")} name="locale" defaultValue={locale} hint={t("account.language.hint")}>
            <option value="id" lang="id">
              {t("lang.id")}
            </option>
            <option value="en" lang="en">
              {t("lang.en")}
            </option>
          </SelectField>
          <button type="submit" className="button secondary" disabled={busy(ACCOUNT_INTENTS.locale)}>
            {t("form.save")}
          </button>
        </Form>
      </section>

      <EmailSection member={member} pendingEmail={pendingEmail} result={result} saved={saved} busy={busy(ACCOUNT_INTENTS.email)} />

      <section className="card" aria-labelledby="account-password">
        <h2 id="account-password">
          <KeyRound aria-hidden size={20} /> {t("account.password.title")}
        </h2>
        <p className="muted">{t("account.password.effect")}</p>
        {pw?.ok ? (
          <p className="notice" role="status">
            {t("account.password.changed", { count: pw.endedSessions })}
          </p>
        ) : pw?.code === "rate_limited" ? (
          <p className="form-error" role="alert">
            {t("auth.rateLimited", { minutes: Math.ceil(Number(pw.details.retryAfter) / 60) })}
          </p>
        ) : pw ? (
          <p className="form-error" role="alert">
            {t("form.errors")}
          </p>
        ) : null}
        <Form method="post" className="form">
          <input type="hidden" name="intent" value={ACCOUNT_INTENTS.password} />
          {/* Lets password managers tie the new password to this account. */}
          <input type="email" name="username" autoComplete="username" value={member.email} readOnly hidden />
          <Field
            label={t("account.password.current")}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={wrongCurrent ? t("account.password.wrong") : pwErrors.currentPassword ? t("auth.passwordRequired") : undefined}
          />
          <Field
            label={t("account.password.new")}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={200}
            hint={t("auth.passwordHint")}
            error={pwErrors.newPassword ? t("auth.passwordRule") : undefined}
          />
          <button type="submit" className="primary" disabled={busy(ACCOUNT_INTENTS.password)}>
            {busy(ACCOUNT_INTENTS.password) ? t("auth.pending") : t("account.password.submit")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="account-sessions">
        <h2 id="account-sessions">
          <LogOut aria-hidden size={20} /> {t("account.sessions.title")}
        </h2>
        <p className="muted">{t("account.sessions.effect")}</p>
        <Form method="post" action="/logout">
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="button secondary">
            {t("account.logoutAll")}
          </button>
        </Form>
      </section>

      <section className="card account-danger" aria-labelledby="account-delete">
        <h2 id="account-delete">
          <Trash2 aria-hidden size={20} /> {t("account.delete.title")}
        </h2>
        <p className="muted">{t("account.delete.intro")}</p>
        <Link to="/account/delete" className="button danger-outline">
          {t("account.delete.link")}
        </Link>
      </section>
    </div>
  );
}
