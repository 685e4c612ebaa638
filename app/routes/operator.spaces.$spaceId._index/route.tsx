import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { SpaceSettingsFields, type SpaceFormValues } from "~/components/SpaceSettingsFields";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { detailErrors, domainError, readForm } from "~/lib/forms";
import { readSpaceForm, requireOperatorSpace, spaceFormErrors, timeZoneOptions } from "~/lib/operator.server";
import { formatDate, hhmm } from "~/lib/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.space.name ?? "Space"} · Operator · Jejaring` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { space } = await requireOperatorSpace(request, context, params.spaceId);
  return { space, zones: timeZoneOptions(space.timezone) };
}

type Result =
  | { ok: true; overCapacity: { peak: number; at: string } | null }
  | {
      ok: false;
      code: string;
      message: string;
      errors: Record<string, string>;
      values: SpaceFormValues;
      capacity?: { peak: number; at: string; requested: number };
      /** Every day was ticked Closed without confirming it. */
      closedAllWeek?: boolean;
    };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const form = await readForm(request);
  const input = {
    ...readSpaceForm(form, { forUpdate: true }),
    ...(form.get("confirmClosedAllWeek") ? { confirmClosedAllWeek: true } : {}),
  };
  const values = input as unknown as SpaceFormValues;
  const parsed = context.validate(context.schemas.spaces.SpaceUpdateInput, input);
  if (!parsed.ok) {
    return data<Result>(
      { ok: false, code: "validation_failed", message: "", errors: spaceFormErrors(parsed.errors, input.openingHours), values },
      { status: 400 },
    );
  }
  try {
    const { overCapacity } = await context.services.bookings.updateSpace(viewer, space.id, parsed.data);
    return data<Result>({ ok: true, overCapacity });
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    const closedAllWeek = e.code === "rule_violation" && e.details.rule === "confirmClosedAllWeek";
    // That one is asked in the form's own words (SpaceSettingsFields), not with the API's English detail.
    const errors = closedAllWeek ? {} : spaceFormErrors(detailErrors(e.details), input.openingHours);
    if (closedAllWeek) return data<Result>({ ok: false, code: e.code, message: "", errors, values, closedAllWeek }, { status: e.status });
    const report =
      e.code === "capacity_reached" && typeof e.details.peak === "number" && typeof e.details.at === "string"
        ? { peak: e.details.peak, at: e.details.at, requested: Number(parsed.data.capacity) }
        : undefined;
    return data<Result>({ ok: false, code: e.code, message: e.message, errors, values, capacity: report }, { status: e.status });
  }
}

export default function SpaceSettings() {
  const { space, zones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  const values: SpaceFormValues = failed?.values ?? space;
  const when = (at: string) => `${formatDate(at.slice(0, 10), locale)} ${hhmm(at)}`;
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
        <p className="form-error" role="alert">
          {t(`errors.${failed.code}` as MessageKey)} {failed.message ? <span className="muted">({failed.message})</span> : null}
        </p>
      ) : null}
      <Form method="post" className="form stack" aria-label={t("op.nav.settings")}>
        <SpaceSettingsFields values={values} zones={zones} errors={failed?.errors ?? {}} askClosedAllWeek={failed?.closedAllWeek ?? false} />
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
