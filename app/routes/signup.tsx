import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { requireAnonymous } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import accountStyles from "~/styles/account.css";

export const links = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.signup.title");

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return { max: context.limits.maxLengths(context.schemas.identity.SignupInput) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const f = fieldsOf(await readForm(request));
  // What was typed goes back into the form, except the password.
  const values = { name: f.text("name"), email: f.text("email") };
  const parsed = parseForm(context, context.schemas.identity.SignupInput, { ...values, password: f.text("password") });
  if (!parsed.ok) return reply({ ...parsed, values });
  try {
    const member = await context.services.accounts.signup(parsed.data, { ip: context.clientIp });
    const token = await context.services.identity.startSession(member.id, "web");
    await context.services.identity.setLocale(member.id, context.locale);
    return redirect("/network", { headers: { "Set-Cookie": context.cookies.commitSession(token) } });
  } catch (error) {
    const failed = failure(context, error);
    // An address already signed up is said beside the address; too many sign-ups say when to try again.
    if (failed.code !== "already_exists" && failed.code !== "rate_limited") throw error;
    if (failed.code === "rate_limited") failed.details.retryAfter ??= 60;
    return reply({ ...failed, values });
  }
}

export default function Signup() {
  const t = useT();
  const { max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <section className="card auth-card">
      <h1>{t("auth.signup.title")}</h1>
      <Form method="post" className="form">
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
          defaultValue={result?.values.email}
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
          {busy ? t("auth.pending") : t("auth.signup.submit")}
        </button>
      </Form>
      <p>
        {t("auth.signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}
