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
import { Camera, KeyRound, Languages, LogOut, Trash2, UserRound } from "lucide-react";
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
export const ACCOUNT_INTENTS = { locale: "locale", password: "password", photo: "photo", removePhoto: "remove-photo", verifyEmail: "verify-email" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const [member, photo, verification] = await Promise.all([
    context.services.identity.getMember(viewer.id),
    context.services.photos.mine(viewer.id),
    context.services.accounts.tokens.verificationOf(viewer.id),
  ]);
  return { member, photo, verified: verification.verified, locale: viewer.locale ?? context.locale, photoMaxMegabytes: context.limits.photoBytes / 1024 / 1024 };
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

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return uploadPhoto(request, context, viewer.id);
  const f = fieldsOf(await readForm(request));
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

export default function Account() {
  const { member, photo, verified, locale, photoMaxMegabytes } = useLoaderData<typeof loader>();
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
