import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ClosureFields, type ClosureValues } from "~/components/ClosureFields";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { useLocale, useT } from "~/i18n";
import { fieldsOf, readForm, type FormError } from "~/lib/forms";
import { failure, idOf, parseForm, reply } from "~/lib/forms.server";
import { invariantResponse } from "~/lib/guards.server";
import { requireOperatorSpace } from "~/lib/operator.server";
import { formatLocalDateTime, formatLocalRange } from "~/lib/time";
import { pageMeta } from "~/lib/meta";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorClosures.title", data?.space.name);

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
    max: context.limits.maxLengths(context.schemas.bookings.ClosureInput),
  };
}

type Preview = {
  start: string;
  end: string;
  bookings: Array<{ bookingId: string; member: { id: string; name: string }; resourceName: string; start: string; end: string; status: string }>;
  waitlisted: number;
};
type Result =
  | { ok: true; step: "preview"; input: ClosureValues; preview: Preview; closureId: string | null }
  | { ok: true; step: "closed"; input: ClosureValues; cancelledBookings: number }
  | { ok: true; step: "edited"; cancelledBookings: number }
  | { ok: true; step: "removed" }
  /** What was typed comes back, in the form it was typed into (a closure's edit form, or the new one). */
  | (FormError & { input: ClosureValues; closureId: string | null });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const f = fieldsOf(await readForm(request));
  const intent = f.text("intent");
  const input: ClosureValues = { start: f.text("start"), end: f.text("end"), reason: f.text("reason") };
  // Edits and removals name one of this space's closures.
  let closureId: string | null = null;
  if (intent === INTENTS.previewEdit || intent === INTENTS.confirmEdit || intent === INTENTS.remove) {
    closureId = idOf(context, f.optional("closureId"));
    const own = closureId !== null && (await context.services.bookings.closures(viewer, space.id)).some((c) => c.id === closureId);
    invariantResponse(own, "Not found", { status: 404 });
  }
  const failed = (e: FormError) => reply<Result>({ ...e, input, closureId });
  try {
    if (intent === INTENTS.remove) {
      await context.services.bookings.removeClosure(viewer, closureId!);
      return reply<Result>({ ok: true, step: "removed" });
    }
    const parsed = parseForm(context, context.schemas.bookings.ClosureInput, input);
    if (!parsed.ok) return failed(parsed);
    switch (intent) {
      case INTENTS.confirm: {
        const closed = await context.services.bookings.closeSpace(viewer, space.id, parsed.data);
        return reply<Result>({ ok: true, step: "closed", input, cancelledBookings: closed.cancelledBookings });
      }
      case INTENTS.confirmEdit: {
        const edited = await context.services.bookings.updateClosure(viewer, closureId!, parsed.data);
        return reply<Result>({ ok: true, step: "edited", cancelledBookings: edited.cancelledBookings });
      }
      default: {
        const preview = await context.services.bookings.previewClosure(viewer, space.id, { start: parsed.data.start, end: parsed.data.end });
        return reply<Result>({ ok: true, step: "preview", input, preview, closureId });
      }
    }
  } catch (error) {
    return failed(failure(context, error));
  }
}

/** `2027-03-02T08:00:00+07:00` → the datetime-local value `2027-03-02T08:00` (already in the space's zone). */
const localValue = (iso: string) => iso.slice(0, 16);

export default function Closures() {
  const { space, closures, editing, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const when = (iso: string) => formatLocalDateTime(iso, locale);
  // A failed or previewed post comes back to the form it was typed into, with what was typed (and its errors).
  const typed = result && (!result.ok || result.step === "preview") ? result : null;
  const errors = result && !result.ok ? result.errors : {};
  const editId = typed?.closureId ? typed.closureId : result?.ok && (result.step === "edited" || result.step === "removed") ? null : editing;
  const edited = closures.find((c) => c.id === editId) ?? null;
  const typedForEdit = typed?.closureId ? typed.input : null;
  const typedForNew = typed && !typed.closureId ? typed.input : null;
  const input = typedForNew ?? { start: "", end: "", reason: "" };
  const editInput = typedForEdit ?? (edited ? { start: localValue(edited.start), end: localValue(edited.end), reason: edited.reason } : null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  return (
    <section className="stack op-page">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("op.close.title")}</h2>
      <p className="muted">{t("op.close.help", { tz: space.timezone })} {t("op.close.limits")}</p>

      <section className="card" aria-labelledby="closures-title">
        <h3 id="closures-title">{t("op.close.upcoming")}</h3>
        {closures.length === 0 ? <p className="muted">{t("op.close.none")}</p> : null}
        <ul className="booking-list op-closures">
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
                  {/* Removing asks first: a disclosure with what it means, so it works without JavaScript. */}
                  <details className="op-confirm">
                    <summary className="small-button" aria-label={t("op.close.removeLabel", range)}>{t("op.close.remove")}</summary>
                    <Form method="post" className="op-confirm-body">
                      <input type="hidden" name="intent" value={INTENTS.remove} />
                      <input type="hidden" name="closureId" value={c.id} />
                      <p className="small">{t("op.close.removeWarning", range)}</p>
                      <button type="submit" className="small-button danger" disabled={busy}>
                        {t("op.close.removeConfirm")}
                      </button>
                    </Form>
                  </details>
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
          <ClosureFields values={editInput} errors={typedForEdit ? errors : {}} maxReason={max.reason} />
          <button type="submit" className="primary" disabled={busy}>{t("op.close.previewEdit")}</button>
        </Form>
      ) : null}

      <Form method="post" className="card form" aria-labelledby="closure-form-title" key={result?.ok && result.step === "closed" ? "reset" : "form"}>
        <h3 id="closure-form-title">{t("op.close.new")}</h3>
        <input type="hidden" name="intent" value={INTENTS.preview} />
        <ClosureFields values={input} errors={typedForNew ? errors : {}} maxReason={max.reason} />
        <button type="submit" className="primary" disabled={busy}>{t("op.close.preview")}</button>
      </Form>

      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        {result && !result.ok ? <FormErrorMessage code={result.code} message={result.message} /> : null}
        {result?.ok && result.step === "closed" ? (
          <p className="notice" role="status">{t("op.close.done", { count: result.cancelledBookings })}</p>
        ) : null}
        {result?.ok && result.step === "edited" ? (
          <p className="notice" role="status">{t("op.close.edited", { count: result.cancelledBookings })}</p>
        ) : null}
        {result?.ok && result.step === "removed" ? <p className="notice" role="status">{t("op.close.removed")}</p> : null}
        {result?.ok && result.step === "preview" ? (
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
                        <td>{formatLocalRange(b.start, b.end, locale)}</td>
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
