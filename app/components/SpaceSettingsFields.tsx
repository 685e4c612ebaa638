import { Field, SelectField } from "~/components/Field";
import { useT, type MessageKey } from "~/i18n";
import { ONE_DESK_FIELD, reminderChoices, reminderLabel, RULES, WEEKDAYS } from "~/lib/space-form";

export type SpaceFormValues = {
  name: string;
  timezone: string;
  address: string;
  capacity?: number | string | null;
  /** Minutes before a booking its reminder goes (0: none); a new space leaves it to the server's 60. */
  reminderMinutes?: number | string;
  openingHours: Array<{ weekday: number; opens: string; closes: string }>;
  /** Numbers from the space, or what was typed when a post is sent back with errors. */
  rules: Partial<Record<(typeof RULES)[number], number | string>> & { oneDeskPerMember?: boolean };
};

/**
 * The fields of a space's settings (create and edit): name, address, time zone (Indonesian zones first), opening
 * hours per weekday (a closed checkbox, opens, closes), booking rules, capacity and the reminder's lead time. Plain
 * inputs: works without JS.
 */
export function SpaceSettingsFields({
  values,
  zones,
  errors,
  max,
  askClosedAllWeek = false,
}: {
  values: SpaceFormValues;
  zones: Array<{ value: string; label: string; group: "id" | "other" }>;
  errors: Record<string, string | undefined>;
  /** The longest name and address the server takes (`context.limits.maxLengths`). */
  max: Record<string, number>;
  /** Every day was ticked Closed: ask to confirm that (the space would take no bookings at all). */
  askClosedAllWeek?: boolean;
}) {
  const t = useT();
  const hours = new Map(values.openingHours.map((h) => [h.weekday, h]));
  return (
    <>
      <Field label={t("op.space.name")} name="name" required maxLength={max.name} defaultValue={values.name} error={errors.name} />
      <Field label={t("op.space.address")} name="address" maxLength={max.address} defaultValue={values.address} error={errors.address} />
      <SelectField label={t("spaces.timezone")} id="space-timezone" name="timezone" defaultValue={values.timezone} error={errors.timezone}>
        <optgroup label={t("op.space.tzIndonesia")}>
          {zones.filter((z) => z.group === "id").map((z) => <option key={z.value} value={z.value}>{z.label}</option>)}
        </optgroup>
        <optgroup label={t("op.space.tzOther")}>
          {zones.filter((z) => z.group === "other").map((z) => <option key={z.value} value={z.value}>{z.label}</option>)}
        </optgroup>
      </SelectField>

      {/* min-width 0: a fieldset grows to its widest content by default, and the hours table is wider than a phone. */}
      <fieldset className="card" style={{ minWidth: 0 }}>
        <legend>{t("spaces.hours")}</legend>
        <p className="muted small">{t("op.space.hoursHelp")}</p>
        <div className="grid-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("op.space.day")}</th>
                <th scope="col">{t("spaces.closed")}</th>
                <th scope="col">{t("op.space.opens")}</th>
                <th scope="col">{t("op.space.closes")}</th>
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((d) => {
                const h = hours.get(d);
                const day = t(`weekday.${d}` as MessageKey);
                const err = errors[`hours-${d}`];
                return (
                  <tr key={d}>
                    <th scope="row">{day}</th>
                    <td>
                      <input type="checkbox" id={`closed-${d}`} name={`closed-${d}`} value="1" defaultChecked={!h} aria-label={t("op.space.closedOn", { day })} />
                    </td>
                    <td>
                      <input type="time" name={`opens-${d}`} defaultValue={h?.opens ?? "08:00"} aria-label={t("op.space.opensOn", { day })} aria-invalid={err ? true : undefined} aria-describedby={err ? `hours-${d}-error` : undefined} />
                    </td>
                    <td>
                      <input type="time" name={`closes-${d}`} defaultValue={h?.closes ?? "18:00"} aria-label={t("op.space.closesOn", { day })} aria-invalid={err ? true : undefined} aria-describedby={err ? `hours-${d}-error` : undefined} />
                      {err ? <span className="error" id={`hours-${d}-error`} style={{ display: "block" }}>{day}: {err}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {errors.openingHours ? <p className="form-error">{errors.openingHours}</p> : null}
        {askClosedAllWeek ? (
          <div className="form-error" role="alert">
            <p id="closed-all-week-warning">{t("op.space.closedAllWeek")}</p>
            <div className="checkbox">
              <input type="checkbox" id="confirm-closed-all-week" name="confirmClosedAllWeek" value="1" aria-describedby="closed-all-week-warning" />
              <label htmlFor="confirm-closed-all-week">{t("op.space.confirmClosedAllWeek")}</label>
            </div>
          </div>
        ) : null}
      </fieldset>

      <fieldset className="card">
        <legend>{t("op.space.rules")}</legend>
        <div className="field-row">
          {RULES.map((k) => (
            <Field key={k} type="number" min={0} inputMode="numeric" label={t(`op.rule.${k}` as MessageKey)} name={k} defaultValue={values.rules[k]} error={errors[k]} />
          ))}
        </div>
        {/* On unless the operator turns it off (a new space starts with it on, as the server does). */}
        <div className="checkbox">
          <input
            type="checkbox"
            id="one-desk-per-member"
            name={ONE_DESK_FIELD}
            value="1"
            defaultChecked={values.rules.oneDeskPerMember ?? true}
            aria-describedby="one-desk-per-member-hint"
          />
          <label htmlFor="one-desk-per-member">{t("space.settings.oneDesk")}</label>
        </div>
        <p className="muted small" id="one-desk-per-member-hint">{t("space.settings.oneDeskHint")}</p>
        {errors.oneDeskPerMember ? <p className="form-error">{errors.oneDeskPerMember}</p> : null}
      </fieldset>

      <Field
        type="number"
        min={1}
        inputMode="numeric"
        label={t("op.space.capacity")}
        hint={t("op.space.capacityHint")}
        name="capacity"
        defaultValue={values.capacity ?? ""}
        error={errors.capacity}
      />
      <SelectField
        label={t("op.space.reminder")}
        hint={t("op.space.reminderHint")}
        id="space-reminder"
        name="reminderMinutes"
        defaultValue={String(values.reminderMinutes ?? 60)}
        error={errors.reminderMinutes}
      >
        {reminderChoices(Number(values.reminderMinutes ?? 60)).map((m) => (
          <option key={m} value={m}>{reminderLabel(t, m)}</option>
        ))}
      </SelectField>
    </>
  );
}
