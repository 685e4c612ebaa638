import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { requireAnonymous } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import accountStyles from "~/styles/account.css";

export const links = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.forgotPassword.title");

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const f = fieldsOf(await readForm(request));
  const email = f.text("email");
  const parsed = parseForm(context, context.schemas.accounts.PasswordResetInput, { email });
  if (!parsed.ok) return reply({ ...parsed, email });
  try {
    await context.services.accounts.tokens.requestPasswordReset(parsed.data.email, context.clientIp);
    // The same answer whether or not the address has an account.
    return reply({ ok: true as const, email });
  } catch (error) {
    const failed = failure(context, error);
    if (failed.code !== "rate_limited") throw error;
    failed.details.retryAfter ??= 60;
    return reply({ ...failed, email });
  }
}

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card auth-card">
      <h1>{t("accounts.forgot.title")}</h1>
      {result?.ok ? (
        <p className="notice" role="status">
          {t("accounts.forgot.sent")}
        </p>
      ) : (
        <Form method="post" className="form">
          <p>{t("accounts.forgot.intro")}</p>
          {result?.code === "rate_limited" ? (
            <p className="form-error" role="alert">
              {t("auth.rateLimited", { minutes: Math.ceil(Number(result.details.retryAfter) / 60) })}
            </p>
          ) : null}
          <Field
            label={t("auth.email")}
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={result?.email}
            error={result && !result.ok && result.code === "validation_failed" ? t("auth.emailInvalid") : undefined}
          />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("auth.pending") : t("accounts.forgot.submit")}
          </button>
        </Form>
      )}
      <p>
        <Link to="/login">{t("accounts.backToLogin")}</Link>
      </p>
    </section>
  );
}
