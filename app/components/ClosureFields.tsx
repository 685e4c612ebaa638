import { Field, TextAreaField } from "~/components/Field";
import type { FieldErrors } from "~/lib/forms";
import { useT } from "~/i18n";

export type ClosureValues = { start: string; end: string; reason: string };

/** The fields of a closure (new and edit share them): start and end in the space's local time, and the reason. */
export function ClosureFields({ values, errors, maxReason }: { values: ClosureValues; errors: FieldErrors; maxReason?: number }) {
  const t = useT();
  return (
    <>
      <div className="field-row">
        <Field label={t("op.close.start")} name="start" type="datetime-local" required defaultValue={values.start} error={errors.start} />
        <Field label={t("op.close.end")} name="end" type="datetime-local" required defaultValue={values.end} error={errors.end} />
      </div>
      <TextAreaField label={t("op.close.reason")} name="reason" rows={2} required maxLength={maxReason} defaultValue={values.reason} error={errors.reason} />
    </>
  );
}
