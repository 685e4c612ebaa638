import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Field, TextAreaField } from "~/components/Field";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { detailErrors, domainError, errorsByField, readForm, statusOf } from "~/lib/forms";
import { requireOperatorSpace } from "~/lib/operator.server";
import { formatDate, hhmm } from "~/lib/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.space.name ?? "Space"} · Closures · Jejaring` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { space } = await requireOperatorSpace(request, context, params.spaceId);
  return { space: { id: space.id, name: space.name, timezone: space.timezone } };
}

type Input = { start: string; end: string; reason: string };
type Preview = {
  start: string;
  end: string;
  bookings: Array<{ bookingId: string; member: { id: string; name: string }; resourceName: string; start: string; end: string; status: string }>;
  waitlisted: number;
};
type Result =
  | { step: "preview"; input: Input; preview: Preview }
  | { step: "closed"; input: Input; cancelledBookings: number }
  | { step: "error"; input: Input; code: string; message: string; errors: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const form = await readForm(request);
  const input: Input = {
    start: String(form.get("start") ?? ""),
    end: String(form.get("end") ?? ""),
    reason: String(form.get("reason") ?? ""),
  };
  const fail = (code: string, message: string, errors: Record<string, string>) =>
    data<Result>({ step: "error", input, code, message, errors }, { status: statusOf(code) });
  const parsed = context.validate(context.schemas.bookings.ClosureInput, input);
  if (!parsed.ok) return fail("validation_failed", "", errorsByField(parsed.errors));
  try {
    if (form.get("intent") === "confirm") {
      const closed = await context.services.bookings.closeSpace(viewer, space.id, parsed.data);
      return data<Result>({ step: "closed", input, cancelledBookings: closed.cancelledBookings });
    }
    const preview = await context.services.bookings.previewClosure(viewer, space.id, { start: parsed.data.start, end: parsed.data.end });
    return data<Result>({ step: "preview", input, preview });
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    return fail(e.code, e.message, errorsByField(detailErrors(e.details)));
  }
}

export default function Closures() {
  const { space } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const when = (iso: string) => `${formatDate(iso.slice(0, 10), locale)} ${hhmm(iso)}`;
  const errors = result?.step === "error" ? result.errors : {};
  const input = result && result.step !== "closed" ? result.input : { start: "", end: "", reason: "" };
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  return (
    <section className="stack">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("op.close.title")}</h2>
      <p className="muted">{t("op.close.help", { tz: space.timezone })}</p>

      <Form method="post" className="card form" aria-labelledby="closure-form-title" key={result?.step === "closed" ? "reset" : "form"}>
        <h3 id="closure-form-title">{t("op.close.new")}</h3>
        <input type="hidden" name="intent" value="preview" />
        <div className="field-row">
          <Field label={t("op.close.start")} name="start" type="datetime-local" required defaultValue={input.start} error={errors.start} />
          <Field label={t("op.close.end")} name="end" type="datetime-local" required defaultValue={input.end} error={errors.end} />
        </div>
        <TextAreaField label={t("op.close.reason")} name="reason" rows={2} required maxLength={300} defaultValue={input.reason} error={errors.reason} />
        <button type="submit" className="primary" disabled={busy}>{t("op.close.preview")}</button>
      </Form>

      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        {result?.step === "error" ? (
          <p className="form-error" role="alert">
            {t(`errors.${result.code}` as MessageKey)} {result.message ? <span className="muted">({result.message})</span> : null}
          </p>
        ) : null}
        {result?.step === "closed" ? (
          <p className="notice" role="status">{t("op.close.done", { count: result.cancelledBookings })}</p>
        ) : null}
        {result?.step === "preview" ? (
          <section className="card" aria-labelledby="preview-title">
            <h3 id="preview-title">{t("op.close.previewTitle", { from: when(result.preview.start), to: when(result.preview.end) })}</h3>
            <p>{t("op.close.affected", { count: result.preview.bookings.length, waitlisted: result.preview.waitlisted })}</p>
            {result.preview.bookings.length ? (
              <table>
                <caption className="sr-only">{t("op.close.affectedCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("op.now.member")}</th>
                    <th scope="col">{t("op.now.resource")}</th>
                    <th scope="col">{t("op.now.time")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.preview.bookings.map((b) => (
                    <tr key={b.bookingId}>
                      <td>{b.member.name}</td>
                      <td>{b.resourceName}</td>
                      <td>{when(b.start)}–{hhmm(b.end)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="start" value={result.input.start} />
              <input type="hidden" name="end" value={result.input.end} />
              <input type="hidden" name="reason" value={result.input.reason} />
              <button type="submit" className="primary" disabled={busy}>{t("op.close.confirm", { count: result.preview.bookings.length })}</button>
            </Form>
          </section>
        ) : null}
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
