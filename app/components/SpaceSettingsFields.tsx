import { Field } from "~/components/Field";
import { useT, type MessageKey } from "~/i18n";

export type SpaceFormValues = {
  name: string;
  timezone: string;
  address: string;
  capacity?: number | string | null;
  openingHours: Array<{ weekday: number; opens: string; closes: string }>;
  /** Numbers from the space, or what was typed when a post is sent back with errors. */
  rules: Partial<Record<"maxBookingMinutes" | "maxAdvanceDays" | "minNoticeMinutes" | "checkInGraceMinutes", number | string>>;
};

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const RULES = ["maxBookingMinutes", "maxAdvanceDays", "minNoticeMinutes", "checkInGraceMinutes"] as const;

/**
 * The fields of a space's settings (create and edit): name, address, time zone (Indonesian zones first), opening
 * hours per weekday (a closed checkbox, opens, closes), booking rules and capacity. Plain inputs: works without JS.
 */
export function SpaceSettingsFields({
  values,
  zones,
  errors,
  askClosedAllWeek = false,
}: {
  values: SpaceFormValues;
  zones: Array<{ value: string; label: string; group: "id" | "other" }>;
  errors: Record<string, string | undefined>;
  /** Every day was ticked Closed: ask to confirm that (the space would take no bookings at all). */
  askClosedAllWeek?: boolean;
}) {
  const t = useT();
  const hours = new Map(values.openingHours.map((h) => [h.weekday, h]));
  return (
    <>
      <Field label={t("op.space.name")} name="name" required maxLength={120} defaultValue={values.name} error={errors.name} />
      <Field label={t("op.space.address")} name="address" maxLength={300} defaultValue={values.address} error={errors.address} />
      <div className="field">
        <label htmlFor="space-timezone">{t("spaces.timezone")}</label>
        <select id="space-timezone" name="timezone" defaultValue={values.timezone} aria-invalid={errors.timezone ? true : undefined} aria-describedby={errors.timezone ? "space-timezone-error" : undefined}>
          <optgroup label={t("op.space.tzIndonesia")}>
            {zones.filter((z) => z.group === "id").map((z) => <option key={z.value} value={z.value}>{z.label}</option>)}
          </optgroup>
          <optgroup label={t("op.space.tzOther")}>
            {zones.filter((z) => z.group === "other").map((z) => <option key={z.value} value={z.value}>{z.label}</option>)}
          </optgroup>
        </select>
        {errors.timezone ? <span className="error" id="space-timezone-error">{errors.timezone}</span> : null}
      </div>

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
                      <input type="time" name={`opens-${d}`} defaultValue={h?.opens ?? "08:00"} aria-label={t("op.space.opensOn", { day })} aria-invalid={err ? true : undefined} />
                    </td>
                    <td>
                      <input type="time" name={`closes-${d}`} defaultValue={h?.closes ?? "18:00"} aria-label={t("op.space.closesOn", { day })} aria-invalid={err ? true : undefined} />
                      {err ? <span className="error" style={{ display: "block" }}>{day}: {err}</span> : null}
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
    </>
  );
}
