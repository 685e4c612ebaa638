import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TriangleAlert } from "lucide-react";
import { Field } from "~/components/Field";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import accountStyles from "~/styles/account.css";

export const links = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.accountDelete.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return { preview: await context.services.identity.deletionPreview(viewer.id) };
}

/** Deletes the account (the password confirms it), ends the cookie and says so on the log-in page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const f = fieldsOf(await readForm(request));
  const parsed = parseForm(context, context.schemas.identity.DeleteAccountInput, { password: f.text("password") });
  if (!parsed.ok) return reply(parsed);
  try {
    await context.services.identity.deleteAccount(viewer, parsed.data, context.clientIp);
  } catch (error) {
    const failed = failure(context, error);
    if (failed.code !== "validation_failed" && failed.code !== "rate_limited" && failed.code !== "rule_violation") throw error;
    if (failed.code === "rate_limited") failed.details.retryAfter ??= 60;
    return reply(failed);
  }
  return redirect("/login?deleted=1", { headers: { "Set-Cookie": context.cookies.destroySession() } });
}

export default function DeleteAccount() {
  const { preview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const failed = result && !result.ok ? result : undefined;
  const reason = failed?.details.reason;
  const message = !failed
    ? null
    : failed.code === "rate_limited"
      ? t("auth.rateLimited", { minutes: Math.ceil(Number(failed.details.retryAfter) / 60) })
      : reason === "wrong_password"
        ? t("account.delete.wrong")
        : reason === "last_admin"
          ? t("account.delete.lastAdmin")
          : reason === "account_has_records"
            ? t("account.delete.hasRecords")
            : t("form.errors");
  return (
    <section className="card account stack account-danger">
      <h1>
        <TriangleAlert aria-hidden size={24} className="account-warning-icon" /> {t("account.delete.heading")}
      </h1>
      <p>
        <strong>{t("account.delete.intro")}</strong> {t("account.delete.what")}
      </p>
      <ul className="account-consequences">
        <li>{t("account.delete.bookings", { count: preview.upcomingBookings })}</li>
        <li>{t("account.delete.messages")}</li>
        <li>{t("account.delete.profile")}</li>
        <li>{t("account.delete.projects", { count: preview.projectsDeleted })}</li>
        <li>{t("account.delete.sessions")}</li>
      </ul>
      {message ? (
        <p className="form-error" role="alert" id="delete-error">
          {message}
        </p>
      ) : null}
      <Form method="post" className="form">
        <Field
          label={t("account.delete.confirm")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={reason === "wrong_password" ? t("account.delete.wrong") : failed?.errors.password ? t("auth.passwordRequired") : undefined}
        />
        <div className="actions">
          <button type="submit" className="danger" disabled={busy}>
            {busy ? t("auth.pending") : t("account.delete.submit")}
          </button>
          <Link to="/account" className="button secondary">
            {t("account.delete.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
