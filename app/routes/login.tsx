import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { requireAnonymous, safeRedirect } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import accountStyles from "~/styles/account.css";

export const links = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.login.title");

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const f = fieldsOf(await readForm(request));
  // The address typed goes back into the form; the password never does.
  const email = f.text("email");
  const parsed = parseForm(context, context.schemas.identity.LoginInput, { email, password: f.text("password") });
  if (!parsed.ok) return reply({ ...parsed, email });
  try {
    const { token, locale } = await context.services.identity.login(parsed.data, context.clientIp);
    const headers = new Headers({ "Set-Cookie": context.cookies.commitSession(token) });
    // The member's language, chosen on any device, becomes this device's too (also after logging out).
    if (locale) headers.append("Set-Cookie", context.cookies.commitLocale(locale));
    return redirect(safeRedirect(f.optional("redirectTo")), { headers });
  } catch (error) {
    const failed = failure(context, error);
    // Wrong credentials or too many tries are answered on the form; anything else is the error page.
    if (failed.code !== "unauthenticated" && failed.code !== "rate_limited") throw error;
    if (failed.code === "rate_limited") failed.details.retryAfter ??= 60;
    return reply({ ...failed, email });
  }
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card auth-card">
      <h1>{t("auth.login.title")}</h1>
      {params.get("deleted") === "1" && !result ? (
        <p className="notice" role="status">
          {t("auth.deleted")}
        </p>
      ) : null}
      {params.get("reset") === "1" && !result ? (
        <p className="notice" role="status">
          {t("accounts.login.resetDone")}
        </p>
      ) : null}
      <Form method="post" className="form" aria-describedby={result ? "login-error" : undefined}>
        {result ? (
          <p className="form-error" id="login-error" role="alert">
            {result.code === "rate_limited"
              ? t("auth.rateLimited", { minutes: Math.ceil(Number(result.details.retryAfter) / 60) })
              : result.details.reason === "account_suspended"
                ? t("auth.suspended")
                : t("auth.invalid")}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field label={t("auth.email")} name="email" type="email" autoComplete="email" required defaultValue={result?.email} />
        <Field label={t("auth.password")} name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("auth.pending") : t("auth.login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("accounts.login.forgot")}</Link>
      </p>
      <p>
        {t("auth.login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
      </p>
    </section>
  );
}
