import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { SpaceSettingsFields, type SpaceFormValues } from "~/components/SpaceSettingsFields";
import { useT, type MessageKey } from "~/i18n";
import { detailErrors, domainError, readForm } from "~/lib/forms";
import { requireOperator } from "~/lib/guards.server";
import { readSpaceForm, spaceFormErrors, timeZoneOptions } from "~/lib/operator.server";

export const meta: MetaFunction = () => [{ title: "New space · Operator · Jejaring" }];

const DEFAULTS: SpaceFormValues = {
  name: "",
  timezone: "Asia/Jakarta",
  address: "",
  capacity: null,
  openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "08:00", closes: "18:00" })),
  rules: { maxBookingMinutes: 600, maxAdvanceDays: 30, minNoticeMinutes: 0, checkInGraceMinutes: 15 },
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOperator(request, context);
  return { zones: timeZoneOptions() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireOperator(request, context);
  const form = await readForm(request);
  const input = readSpaceForm(form, { forUpdate: false });
  const values = input as unknown as SpaceFormValues;
  const parsed = context.validate(context.schemas.spaces.SpaceCreateInput, input);
  if (!parsed.ok) {
    return data({ code: "validation_failed", message: "", errors: spaceFormErrors(parsed.errors, input.openingHours), values }, { status: 400 });
  }
  try {
    const space = await context.services.spaces.create(parsed.data);
    return redirect(`/operator/spaces/${space.id}/plan`);
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    return data(
      { code: e.code, message: e.message, errors: spaceFormErrors(detailErrors(e.details), input.openingHours), values },
      { status: e.status },
    );
  }
}

export default function NewSpace() {
  const { zones } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <p><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{t("op.space.new")}</h1>
      {failed ? (
        <p className="form-error" role="alert">
          {t(`errors.${failed.code}` as MessageKey)} {failed.message ? <span className="muted">({failed.message})</span> : null}
        </p>
      ) : null}
      <Form method="post" className="form stack" aria-label={t("op.space.new")}>
        <SpaceSettingsFields values={failed?.values ?? DEFAULTS} zones={zones} errors={failed?.errors ?? {}} />
        <button type="submit" className="primary" disabled={busy}>{t("op.space.create")}</button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
