import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { InvitationPreview } from "../../server/domain/identity/accounts.schemas";
import { Field } from "~/components/Field";
import { useLocale, useT } from "~/i18n";
import { useBrowserZone } from "~/lib/browser-zone";
import { useSocket } from "~/realtime/socket";
import { fieldsOf, readForm } from "~/lib/forms";
import { fail, failure, parseForm, reply } from "~/lib/forms.server";
import { requireAnonymous } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { dateIn, formatDate } from "~/lib/time";
import accountStyles from "~/styles/account.css";

export const links = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data?.invitation || data?.invalid ? "meta.signupInvitation.title" : "meta.signup.title");

/** A sign-up link's invitation (`?invitation=<token>`): who invited, to what; or why it no longer works. */
async function invitationOf(context: AppLoadContext, token: string): Promise<{ ok: true; preview: InvitationPreview } | { ok: false; status: number }> {
  const parsed = parseForm(context, context.schemas.accounts.InvitationPreviewQuery, { token });
  if (!parsed.ok) return { ok: false, status: parsed.status };
  try {
    return { ok: true, preview: await context.services.accounts.invitations.preview(parsed.data.token) };
  } catch (error) {
    const failed = failure(context, error);
    if (failed.code !== "rule_violation") throw error;
    return { ok: false, status: failed.status };
  }
}

/** Where the new member starts: the project they joined, the space they run or were welcomed to, or the network. */
function landingOf(i: InvitationPreview | null): string {
  if (i?.projectId) return `/projects/${i.projectId}`;
  if (i?.spaceId) return i.role === "operator" ? `/operator/spaces/${i.spaceId}` : `/spaces/${i.spaceId}`;
  if (i?.role === "admin") return "/admin";
  return "/network";
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const max = context.limits.maxLengths(context.schemas.identity.SignupInput);
  const token = new URL(request.url).searchParams.get("invitation");
  if (token === null) {
    requireAnonymous(context);
    return { max, invitation: null, invalid: false, signedInAs: null };
  }
  // Someone logged in sees the invitation too, and how to accept it (a new account: log out first).
  const signedInAs = context.viewer?.name ?? null;
  const found = await invitationOf(context, token);
  if (!found.ok) return data({ max, invitation: null, invalid: true, signedInAs }, { status: found.status });
  return { max, invitation: { ...found.preview, token }, invalid: false, signedInAs };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // A new account is for someone logged out (the page asks a logged-in visitor to log out first): a sign-up posted
  // with a session anyway (an old tab) makes nothing and keeps that session.
  requireAnonymous(context);
  const f = fieldsOf(await readForm(request));
  const token = f.optional("invitation");
  const found = token ? await invitationOf(context, token) : null;
  const invited = found?.ok ? found.preview : null;
  // What was typed goes back into the form, except the password; an invited address is the one the invitation names.
  const values = { name: f.text("name"), email: invited?.email ?? f.text("email") };
  if (found && !found.ok) return reply({ ...fail(context, "rule_violation", "", {}, { reason: "invitation_invalid" }), values });
  const input = { ...values, password: f.text("password"), ...(token ? { invitation: token } : {}) };
  const parsed = parseForm(context, context.schemas.accounts.SignupWithInvitationInput, input);
  if (!parsed.ok) return reply({ ...parsed, values });
  try {
    const member = await context.services.accounts.signup(parsed.data, { ip: context.clientIp });
    const session = await context.services.identity.startSession(member.id, "web");
    await context.services.identity.setLocale(member.id, context.locale);
    return redirect(landingOf(invited), { headers: { "Set-Cookie": context.cookies.commitSession(session) } });
  } catch (error) {
    const failed = failure(context, error);
    // An address already signed up is said beside the address; too many sign-ups say when to try again; an
    // invitation used (or withdrawn) meanwhile shows the page for a link that no longer works.
    if (failed.code !== "already_exists" && failed.code !== "rate_limited" && failed.details.reason !== "invitation_invalid") throw error;
    if (failed.code === "rate_limited") failed.details.retryAfter ??= 60;
    return reply({ ...failed, values });
  }
}

export default function Signup() {
  const t = useT();
  const locale = useLocale();
  const zone = useBrowserZone();
  const { max, invitation, invalid, signedInAs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { socket } = useSocket();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  if (invalid || result?.details.reason === "invitation_invalid") return <InvalidInvitation />;
  const locked = invitation?.email ?? null;
  return (
    <section className="card auth-card">
      {invitation ? (
        <>
          <h1>{t("signup.invited.title")}</h1>
          <div data-testid="invitation">
            <p>
              {invitation.inviterName
                ? t("signup.invited.by", { name: invitation.inviterName, role: t(`op.role.${invitation.role}`) })
                : t("signup.invited.byUnknown", { role: t(`op.role.${invitation.role}`) })}
            </p>
            {invitation.spaceName || invitation.projectName ? (
              <ul>
                {invitation.spaceName ? <li>{t("signup.invited.space", { name: invitation.spaceName })}</li> : null}
                {invitation.projectName ? <li>{t("signup.invited.project", { name: invitation.projectName })}</li> : null}
              </ul>
            ) : null}
            <p className="muted small">
              {t("signup.invited.until", { date: formatDate(dateIn(zone, invitation.expiresAt), locale) })}
            </p>
          </div>
        </>
      ) : (
        <h1>{t("auth.signup.title")}</h1>
      )}
      {invitation && signedInAs ? (
        // This tab's socket goes first: the session's end would otherwise send it to the log-in page, not back here.
        <Form method="post" action="/logout" className="form" onSubmit={() => socket?.disconnect()}>
          <p>{t("signup.invited.signedIn", { name: signedInAs })}</p>
          <input type="hidden" name="redirectTo" value={`/signup?invitation=${encodeURIComponent(invitation.token)}`} />
          <button type="submit" className="primary">{t("signup.invited.logOut")}</button>
        </Form>
      ) : (
        <Form method="post" className="form">
          {invitation ? <input type="hidden" name="invitation" value={invitation.token} /> : null}
          {result?.code === "rate_limited" ? (
            <p className="form-error" role="alert">
              {t("auth.rateLimited", { minutes: Math.ceil(Number(result.details.retryAfter) / 60) })}
            </p>
          ) : result ? (
            <p className="form-error" role="alert">{t("form.errors")}</p>
          ) : null}
          <Field label={t("auth.name")} name="name" autoComplete="name" required maxLength={max.name} defaultValue={result?.values.name} error={errors.name ? t("auth.nameRequired") : undefined} />
          <Field
            label={t("auth.email")}
            name="email"
            type="email"
            autoComplete="email"
            required
            readOnly={locked !== null}
            hint={locked !== null ? t("signup.invited.emailLocked") : undefined}
            defaultValue={locked ?? result?.values.email}
            error={result?.code === "already_exists" ? t("auth.exists") : errors.email ? t("auth.emailInvalid") : undefined}
          />
          <Field
            label={t("auth.password")}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            hint={t("auth.passwordHint")}
            maxLength={200}
            error={errors.password ? t("auth.passwordRule") : undefined}
          />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("auth.pending") : invitation ? t("signup.invited.submit") : t("auth.signup.submit")}
          </button>
        </Form>
      )}
      <p>
        {t("auth.signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}

/** A used, withdrawn or expired sign-up link (422): what happened and what to do, in the reader's words. */
function InvalidInvitation() {
  const t = useT();
  return (
    <section className="card auth-card" data-testid="invitation-invalid">
      <h1>{t("signup.invalid.title")}</h1>
      <p>{t("signup.invalid.body")}</p>
      <p>{t("signup.invalid.next")}</p>
      <ul>
        <li><Link to="/login">{t("nav.login")}</Link></li>
        <li><Link to="/forgot-password">{t("signup.invalid.forgot")}</Link></li>
        <li><Link to="/signup">{t("signup.invalid.plain")}</Link></li>
      </ul>
    </section>
  );
}
