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

/** The form intents of this page, shared by the forms and the action's switch. */
const INTENTS = {
  preview: "preview",
  confirm: "confirm",
  previewEdit: "preview-edit",
  confirmEdit: "confirm-edit",
  remove: "remove",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const closures = await context.services.bookings.closures(viewer, space.id);
  // `?edit=<id>` opens the edit form of one closure (a link, so it works without JavaScript).
  const editing = new URL(request.url).searchParams.get("edit");
  return {
    space: { id: space.id, name: space.name, timezone: space.timezone },
    closures,
    editing: closures.some((c) => c.id === editing) ? editing : null,
  };
}

type Input = { start: string; end: string; reason: string };
type Preview = {
  start: string;
  end: string;
  bookings: Array<{ bookingId: string; member: { id: string; name: string }; resourceName: string; start: string; end: string; status: string }>;
  waitlisted: number;
};
type Result =
  | { step: "preview"; input: Input; preview: Preview; closureId: string | null }
  | { step: "closed"; input: Input; cancelledBookings: number }
  | { step: "edited"; cancelledBookings: number }
  | { step: "removed" }
  | { step: "error"; input: Input; code: string; message: string; errors: Record<string, string>; closureId: string | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const input: Input = {
    start: String(form.get("start") ?? ""),
    end: String(form.get("end") ?? ""),
    reason: String(form.get("reason") ?? ""),
  };
  const editing = intent === INTENTS.previewEdit || intent === INTENTS.confirmEdit || intent === INTENTS.remove;
  const fail = (code: string, message: string, errors: Record<string, string>, closureId: string | null = null) =>
    data<Result>({ step: "error", input, code, message, errors, closureId }, { status: statusOf(code) });
  // Edits and removals name one of this space's closures.
  let closureId: string | null = null;
  if (editing) {
    const id = context.validate(context.schemas.bookings.BookResourceInput.shape.resourceId, form.get("closureId"));
    const own = id.ok && (await context.services.bookings.closures(viewer, space.id)).some((c) => c.id === id.data);
    if (!id.ok || !own) throw new Response("Not found", { status: 404 });
    closureId = id.data;
  }
  try {
    if (intent === INTENTS.remove) {
      await context.services.bookings.removeClosure(viewer, closureId!);
      return data<Result>({ step: "removed" });
    }
    const parsed = context.validate(context.schemas.bookings.ClosureInput, input);
    if (!parsed.ok) return fail("validation_failed", "", errorsByField(parsed.errors), closureId);
    if (intent === INTENTS.confirm) {
      const closed = await context.services.bookings.closeSpace(viewer, space.id, parsed.data);
      return data<Result>({ step: "closed", input, cancelledBookings: closed.cancelledBookings });
    }
    if (intent === INTENTS.confirmEdit) {
      const edited = await context.services.bookings.updateClosure(viewer, closureId!, parsed.data);
      return data<Result>({ step: "edited", cancelledBookings: edited.cancelledBookings });
    }
    const preview = await context.services.bookings.previewClosure(viewer, space.id, { start: parsed.data.start, end: parsed.data.end });
    return data<Result>({ step: "preview", input, preview, closureId });
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    return fail(e.code, e.message, errorsByField(detailErrors(e.details)), closureId);
  }
}

/** `2027-03-02T08:00:00+07:00` → the datetime-local value `2027-03-02T08:00` (already in the space's zone). */
const localValue = (iso: string) => iso.slice(0, 16);

export default function Closures() {
  const { space, closures, editing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const when = (iso: string) => `${formatDate(iso.slice(0, 10), locale)} ${hhmm(iso)}`;
  const errors = result?.step === "error" ? result.errors : {};
  // A failed or previewed edit keeps its closure's form open with what was typed.
  const editId =
    result && (result.step === "error" || result.step === "preview") && result.closureId
      ? result.closureId
      : result?.step === "edited" || result?.step === "removed"
        ? null
        : editing;
  const edited = closures.find((c) => c.id === editId) ?? null;
  const typedForEdit = result && (result.step === "error" || result.step === "preview") && result.closureId ? result.input : null;
  const typedForNew = result && (result.step === "error" || result.step === "preview") && !result.closureId ? result.input : null;
  const input = typedForNew ?? { start: "", end: "", reason: "" };
  const editInput = typedForEdit ?? (edited ? { start: localValue(edited.start), end: localValue(edited.end), reason: edited.reason } : null);
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
      <p className="muted">{t("op.close.help", { tz: space.timezone })} {t("op.close.limits")}</p>

      <section className="card" aria-labelledby="closures-title">
        <h3 id="closures-title">{t("op.close.upcoming")}</h3>
        {closures.length === 0 ? <p className="muted">{t("op.close.none")}</p> : null}
        <ul className="booking-list">
          {closures.map((c) => {
            const range = { from: when(c.start), to: when(c.end) };
            return (
              <li key={c.id}>
                <div>
                  <strong>{range.from} – {range.to}</strong>
                  <br />
                  <span className="muted room-description">{c.reason}</span>
                </div>
                <div className="person-actions">
                  <Link to={`?edit=${c.id}`} className="small-button" aria-label={t("op.close.editLabel", range)} preventScrollReset>
                    {t("op.close.edit")}
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="intent" value={INTENTS.remove} />
                    <input type="hidden" name="closureId" value={c.id} />
                    <button type="submit" className="small-button" aria-label={t("op.close.removeLabel", range)} disabled={busy}>
                      {t("op.close.remove")}
                    </button>
                  </Form>
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      {edited && editInput ? (
        <Form method="post" className="card form" aria-labelledby="closure-edit-title" key={`edit-${edited.id}`}>
          <h3 id="closure-edit-title">{t("op.close.editTitle")}</h3>
          <input type="hidden" name="intent" value={INTENTS.previewEdit} />
          <input type="hidden" name="closureId" value={edited.id} />
          <div className="field-row">
            <Field label={t("op.close.start")} name="start" type="datetime-local" required defaultValue={editInput.start} error={typedForEdit ? errors.start : undefined} />
            <Field label={t("op.close.end")} name="end" type="datetime-local" required defaultValue={editInput.end} error={typedForEdit ? errors.end : undefined} />
          </div>
          <TextAreaField label={t("op.close.reason")} name="reason" rows={2} required maxLength={300} defaultValue={editInput.reason} error={typedForEdit ? errors.reason : undefined} />
          <button type="submit" className="primary" disabled={busy}>{t("op.close.previewEdit")}</button>
        </Form>
      ) : null}

      <Form method="post" className="card form" aria-labelledby="closure-form-title" key={result?.step === "closed" ? "reset" : "form"}>
        <h3 id="closure-form-title">{t("op.close.new")}</h3>
        <input type="hidden" name="intent" value={INTENTS.preview} />
        <div className="field-row">
          <Field label={t("op.close.start")} name="start" type="datetime-local" required defaultValue={input.start} error={typedForNew ? errors.start : undefined} />
          <Field label={t("op.close.end")} name="end" type="datetime-local" required defaultValue={input.end} error={typedForNew ? errors.end : undefined} />
        </div>
        <TextAreaField label={t("op.close.reason")} name="reason" rows={2} required maxLength={300} defaultValue={input.reason} error={typedForNew ? errors.reason : undefined} />
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
        {result?.step === "edited" ? (
          <p className="notice" role="status">{t("op.close.edited", { count: result.cancelledBookings })}</p>
        ) : null}
        {result?.step === "removed" ? <p className="notice" role="status">{t("op.close.removed")}</p> : null}
        {result?.step === "preview" ? (
          <section className="card" aria-labelledby="preview-title">
            <h3 id="preview-title">
              {t(result.closureId ? "op.close.editPreviewTitle" : "op.close.previewTitle", { from: when(result.preview.start), to: when(result.preview.end) })}
            </h3>
            <p>{t(result.closureId ? "op.close.editAffected" : "op.close.affected", { count: result.preview.bookings.length, waitlisted: result.preview.waitlisted })}</p>
            {result.preview.bookings.length ? (
              <div className="grid-scroll">
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
              </div>
            ) : null}
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value={result.closureId ? INTENTS.confirmEdit : INTENTS.confirm} />
              {result.closureId ? <input type="hidden" name="closureId" value={result.closureId} /> : null}
              <input type="hidden" name="start" value={result.input.start} />
              <input type="hidden" name="end" value={result.input.end} />
              <input type="hidden" name="reason" value={result.input.reason} />
              <button type="submit" className="primary" disabled={busy}>
                {t(result.closureId ? "op.close.confirmEdit" : "op.close.confirm", { count: result.preview.bookings.length })}
              </button>
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
