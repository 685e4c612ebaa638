import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { SpaceSettingsFields, type SpaceFormValues } from "~/components/SpaceSettingsFields";
import { useT } from "~/i18n";
import { readForm } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { requireOperator } from "~/lib/guards.server";
import { readSpaceForm, spaceErrorKey, timeZoneOptions } from "~/lib/space-form";
import { pageMeta } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.operatorNewSpace.title");

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
  return { zones: timeZoneOptions(), max: context.limits.maxLengths(context.schemas.spaces.SpaceCreateInput) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireOperator(request, context);
  const input = readSpaceForm(await readForm(request), { forUpdate: false });
  // What was typed goes back into the form with the errors.
  const values = input as unknown as SpaceFormValues;
  const keyOf = spaceErrorKey(input.openingHours);
  const parsed = parseForm(context, context.schemas.spaces.SpaceCreateInput, input, keyOf);
  if (!parsed.ok) return reply({ ...parsed, values });
  try {
    const space = await context.services.spaces.create(viewer, parsed.data);
    return redirect(`/operator/spaces/${space.id}/plan`);
  } catch (error) {
    return reply({ ...failure(context, error, keyOf), values });
  }
}

export default function NewSpace() {
  const { zones, max } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <p><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{t("op.space.new")}</h1>
      {failed ? <FormErrorMessage code={failed.code} message={failed.message} /> : null}
      <Form method="post" className="form stack" aria-label={t("op.space.new")}>
        <SpaceSettingsFields values={failed?.values ?? DEFAULTS} zones={zones} errors={failed?.errors ?? {}} max={max} />
        <button type="submit" className="primary" disabled={busy}>{t("op.space.create")}</button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
