import type { Translate } from "~/i18n";
import { fieldsOf, firstSegment, type ErrorKey } from "./forms";

/** ISO weekdays, Monday (1) to Sunday (7). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** The booking rules a space's settings form edits. */
export const RULES = ["maxBookingMinutes", "maxAdvanceDays", "minNoticeMinutes", "checkInGraceMinutes"] as const;
/** The "one desk per member at a time" checkbox (rules.oneDeskPerMember); the form always draws it, so absent = off. */
export const ONE_DESK_FIELD = "oneDeskPerMember";

/** The reminder lead times the settings offer, in minutes (0: none): a quarter hour up to a day. */
export const REMINDER_CHOICES = [0, 15, 30, 60, 120, 1440] as const;

/** The choices, with the space's own value among them when it was set to another (through the API). */
export function reminderChoices(current: number | undefined): number[] {
  const all = new Set<number>(REMINDER_CHOICES);
  if (typeof current === "number" && Number.isInteger(current) && current >= 0) all.add(current);
  return [...all].sort((a, b) => a - b);
}

/** A lead time in words: "No reminder", "30 minutes before", "2 hours before", "1 day before" (and in Indonesian). */
export function reminderLabel(t: Translate, minutes: number): string {
  if (minutes === 0) return t("op.space.reminder.none");
  if (minutes % 1440 === 0) return t("op.space.reminder.days", { count: minutes / 1440 });
  if (minutes % 60 === 0) return t("op.space.reminder.hours", { count: minutes / 60 });
  return t("op.space.reminder.minutes", { count: minutes });
}

/**
 * The space settings form (create and edit share it, SpaceSettingsFields draws it) as the input of SpaceCreateInput /
 * SpaceUpdateInput. Opening hours: a `closed-<weekday>` checkbox, `opens-<weekday>` and `closes-<weekday>` (HH:mm).
 */
export function readSpaceForm(form: FormData, opts: { forUpdate: boolean }) {
  const f = fieldsOf(form);
  const openingHours = WEEKDAYS.filter((d) => !f.checked(`closed-${d}`)).map((weekday) => ({
    weekday,
    opens: f.text(`opens-${weekday}`).slice(0, 5),
    closes: f.text(`closes-${weekday}`).slice(0, 5),
  }));
  const rules = {
    ...Object.fromEntries(RULES.map((k) => [k, f.int(k)] as const).filter(([, v]) => v !== undefined)),
    oneDeskPerMember: f.checked(ONE_DESK_FIELD),
  };
  const capacity = f.int("capacity");
  const reminderMinutes = f.int("reminderMinutes");
  return {
    name: f.text("name"),
    timezone: f.text("timezone"),
    address: f.text("address"),
    openingHours,
    rules,
    ...(opts.forUpdate ? { capacity: capacity ?? null } : capacity !== undefined ? { capacity } : {}),
    ...(reminderMinutes !== undefined ? { reminderMinutes } : {}),
    ...(opts.forUpdate && f.checked("acceptOverCapacity") ? { acceptOverCapacity: true } : {}),
    ...(opts.forUpdate && f.checked("confirmClosedAllWeek") ? { confirmClosedAllWeek: true } : {}),
  };
}

/**
 * Where the settings form shows an error: `openingHours.<i>.closes` beside that weekday's row (`hours-<weekday>`),
 * a rule beside its own input (`rules.maxAdvanceDays` → `maxAdvanceDays`), anything else by its first segment.
 */
export function spaceErrorKey(openingHours: Array<{ weekday: number }>): ErrorKey {
  return (path) => {
    const [head, second] = path.split(".");
    if (head === "openingHours" && second !== undefined && /^\d+$/.test(second)) return `hours-${openingHours[Number(second)]?.weekday ?? ""}`;
    if (head === "rules" && second) return second;
    return firstSegment(path);
  };
}

/** Time zones for the picker: the Indonesian zones first (WIB, WITA, WIT), then every other IANA zone. */
export function timeZoneOptions(current?: string): Array<{ value: string; label: string; group: "id" | "other" }> {
  const indonesian = [
    { value: "Asia/Jakarta", label: "Asia/Jakarta (WIB, UTC+7)" },
    { value: "Asia/Makassar", label: "Asia/Makassar (WITA, UTC+8)" },
    { value: "Asia/Jayapura", label: "Asia/Jayapura (WIT, UTC+9)" },
  ];
  let all: string[] = [];
  try {
    all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  } catch {
    all = [];
  }
  if (!all.includes("UTC")) all = [...all, "UTC"];
  if (current && !all.includes(current) && !indonesian.some((z) => z.value === current)) all = [current, ...all];
  const taken = new Set(indonesian.map((z) => z.value));
  return [
    ...indonesian.map((z) => ({ ...z, group: "id" as const })),
    ...all.filter((z) => !taken.has(z)).map((z) => ({ value: z, label: z, group: "other" as const })),
  ];
}
