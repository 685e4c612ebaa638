import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { SpaceSettingsFields, type SpaceFormValues } from "~/components/SpaceSettingsFields";
import { useLocale, useT } from "~/i18n";
import { readForm, type FormError } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { requireOperatorSpace } from "~/lib/operator.server";
import { readSpaceForm, spaceErrorKey, timeZoneOptions } from "~/lib/space-form";
import { formatLocalDateTime } from "~/lib/time";
import { pageMeta } from "~/lib/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorSpace.title", data?.space.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { space } = await requireOperatorSpace(request, context, params.spaceId);
  return { space, zones: timeZoneOptions(space.timezone), max: context.limits.maxLengths(context.schemas.spaces.SpaceUpdateInput) };
}

type Result =
  | { ok: true; overCapacity: { peak: number; at: string } | null }
  | (FormError & {
      /** What was typed, back into the form. */
      values: SpaceFormValues;
      capacity?: { peak: number; at: string; requested: number };
      /** Every day was ticked Closed without confirming it. */
      closedAllWeek?: boolean;
    });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const input = readSpaceForm(await readForm(request), { forUpdate: true });
  const values = input as unknown as SpaceFormValues;
  const keyOf = spaceErrorKey(input.openingHours);
  const parsed = parseForm(context, context.schemas.spaces.SpaceUpdateInput, input, keyOf);
  if (!parsed.ok) return reply<Result>({ ...parsed, values });
  try {
    const { overCapacity } = await context.services.bookings.updateSpace(viewer, space.id, parsed.data);
    return reply<Result>({ ok: true, overCapacity });
  } catch (error) {
    const failed = failure(context, error, keyOf);
    const { rule, peak, at } = failed.details;
    // That one is asked in the form's own words (SpaceSettingsFields), not with the API's English detail.
    if (failed.code === "rule_violation" && rule === "confirmClosedAllWeek") {
      return reply<Result>({ ...failed, message: "", errors: {}, values, closedAllWeek: true });
    }
    const capacity =
      failed.code === "capacity_reached" && typeof peak === "number" && typeof at === "string"
        ? { peak, at, requested: Number(parsed.data.capacity) }
        : undefined;
    return reply<Result>({ ...failed, values, capacity });
  }
}

export default function SpaceSettings() {
  const { space, zones, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  const values: SpaceFormValues = failed?.values ?? space;
  const when = (at: string) => formatLocalDateTime(at, locale);
  return (
    <section className="stack">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("op.nav.settings")}</h2>
      {result?.ok ? (
        <div className="notice" role="status">
          <p>{t("op.space.saved")}</p>
          {result.overCapacity ? <p>{t("op.space.savedOver", { peak: result.overCapacity.peak, at: when(result.overCapacity.at) })}</p> : null}
        </div>
      ) : null}
      {failed?.capacity ? (
        <div className="form-error" role="alert">
          <p>{t("op.space.overCapacity", { peak: failed.capacity.peak, at: when(failed.capacity.at), capacity: failed.capacity.requested })}</p>
        </div>
      ) : failed && !failed.closedAllWeek ? (
        <FormErrorMessage code={failed.code} message={failed.message} />
      ) : null}
      <Form method="post" className="form stack" aria-label={t("op.nav.settings")}>
        <SpaceSettingsFields values={values} zones={zones} errors={failed?.errors ?? {}} max={max} askClosedAllWeek={failed?.closedAllWeek ?? false} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{t("op.save")}</button>
          {failed?.capacity ? (
            <button type="submit" name="acceptOverCapacity" value="1" className="button secondary" disabled={busy}>
              {t("op.space.saveAnyway")}
            </button>
          ) : null}
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
