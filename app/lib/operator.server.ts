import type { AppLoadContext } from "@remix-run/node";
import { detailErrors, domainError } from "./forms";
import { requireOperator } from "./guards.server";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

/**
 * Operator pages of one space: the guard (members get 403), the id from the URL (404 when malformed) and the
 * space itself (404 when there is none).
 */
export async function requireOperatorSpace(request: Request, context: AppLoadContext, rawId: string | undefined) {
  const viewer: Viewer = requireOperator(request, context);
  const id = context.validate(context.schemas.bookings.BookResourceInput.shape.resourceId, rawId);
  if (!id.ok) throw new Response("Not found", { status: 404 });
  try {
    const space = await context.services.spaces.get(id.data);
    return { viewer, space };
  } catch (error) {
    if (domainError(error)?.code === "not_found") throw new Response("Not found", { status: 404 });
    throw error;
  }
}

const text = (form: FormData, key: string): string | undefined => {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
};

/** An integer from a form field: undefined when empty, NaN-safe (the schema reports a non-number). */
export function intField(form: FormData, key: string): number | string | undefined {
  const v = text(form, key)?.trim();
  if (v === undefined || v === "") return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * The space settings form (create and edit share it) as the input of SpaceCreateInput / SpaceUpdateInput.
 * Opening hours: `closed-<weekday>` checkbox, `opens-<weekday>` and `closes-<weekday>` (HH:mm).
 */
export function readSpaceForm(form: FormData, opts: { forUpdate: boolean }) {
  const openingHours = WEEKDAYS.filter((d) => !form.get(`closed-${d}`)).map((weekday) => ({
    weekday,
    opens: (text(form, `opens-${weekday}`) ?? "").slice(0, 5),
    closes: (text(form, `closes-${weekday}`) ?? "").slice(0, 5),
  }));
  const rules = Object.fromEntries(
    (["maxBookingMinutes", "maxAdvanceDays", "minNoticeMinutes", "checkInGraceMinutes"] as const)
      .map((k) => [k, intField(form, k)] as const)
      .filter(([, v]) => v !== undefined),
  );
  const capacity = intField(form, "capacity");
  return {
    name: text(form, "name") ?? "",
    timezone: text(form, "timezone") ?? "",
    address: text(form, "address") ?? "",
    openingHours,
    rules,
    ...(opts.forUpdate ? { capacity: capacity ?? null } : capacity !== undefined ? { capacity } : {}),
    ...(opts.forUpdate && form.get("acceptOverCapacity") ? { acceptOverCapacity: true } : {}),
  };
}

/**
 * Errors of the settings form keyed for display: `openingHours.<i>.closes` becomes `hours-<weekday>`, everything
 * else its first path segment (`rules.maxAdvanceDays` stays whole so each rule input can show its own).
 */
export function spaceFormErrors(
  errors: Array<{ path: string; message: string }>,
  openingHours: Array<{ weekday: number }>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const parts = e.path.split(".");
    let key = parts[0] || "_form";
    if (key === "openingHours" && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
      key = `hours-${openingHours[Number(parts[1])]?.weekday ?? ""}`;
    } else if (key === "rules" && parts[1]) {
      key = parts[1];
    }
    out[key] ??= e.message;
  }
  return out;
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

export type ResourceResult =
  | { ok: true; kind: "added"; name: string }
  | { ok: true; kind: "saved"; name: string }
  | { ok: true; kind: "deactivated"; name: string; moved: number; cancelled: number }
  | { ok: true; kind: "activated"; name: string }
  | { ok: false; intent: string; id?: string; code: string; message: string; errors: Record<string, string> };

const fail = (intent: string, code: string, message = "", errors: Record<string, string> = {}, id?: string): ResourceResult => ({
  ok: false,
  intent,
  id,
  code,
  message,
  errors,
});

function amenities(form: FormData): string[] | undefined {
  const raw = form.get("amenities");
  if (raw === null) return undefined;
  return String(raw)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function firstSegmentErrors(errors: Array<{ path: string; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path.split(".")[0] || "_form"] ??= e.message;
  return out;
}

/**
 * The resource intents of the operator pages (resources list and floor-plan editor): add, edit, deactivate
 * (moving or cancelling future bookings) and re-activate. Every id must belong to this space.
 */
export async function runResourceIntent(context: AppLoadContext, viewer: Viewer, spaceId: string, form: FormData): Promise<ResourceResult> {
  const s = context.schemas.spaces;
  const intent = String(form.get("intent") ?? "");
  const rawId = form.get("resourceId");
  const ownResource = async () => {
    const id = context.validate(context.schemas.bookings.BookResourceInput.shape.resourceId, rawId);
    if (!id.ok) return null;
    try {
      const r = await context.services.spaces.resource(id.data);
      return r.spaceId === spaceId ? r : null;
    } catch (error) {
      if (domainError(error)?.code === "not_found") return null;
      throw error;
    }
  };
  try {
    switch (intent) {
      case "add": {
        const zone = String(form.get("zone") ?? "").trim();
        const parsed = context.validate(s.ResourceCreateInput, {
          name: form.get("name") ?? "",
          kind: form.get("kind") ?? "desk",
          ...(zone ? { zone } : {}),
          ...(intField(form, "capacity") !== undefined ? { capacity: intField(form, "capacity") } : {}),
          ...(intField(form, "x") !== undefined ? { x: intField(form, "x") } : {}),
          ...(intField(form, "y") !== undefined ? { y: intField(form, "y") } : {}),
          ...(amenities(form)?.length ? { amenities: amenities(form) } : {}),
        });
        if (!parsed.ok) return fail(intent, "validation_failed", "", firstSegmentErrors(parsed.errors));
        const r = await context.services.spaces.addResource(spaceId, parsed.data);
        return { ok: true, kind: "added", name: r.name };
      }
      case "edit": {
        const r = await ownResource();
        if (!r) return fail(intent, "not_found");
        const parsed = context.validate(s.ResourceUpdateInput, {
          name: form.get("name") ?? "",
          zone: String(form.get("zone") ?? "").trim(),
          ...(intField(form, "capacity") !== undefined ? { capacity: intField(form, "capacity") } : {}),
          amenities: amenities(form) ?? [],
        });
        if (!parsed.ok) return fail(intent, "validation_failed", "", firstSegmentErrors(parsed.errors), r.id);
        const saved = await context.services.spaces.updateResource(r.id, parsed.data);
        return { ok: true, kind: "saved", name: saved.name };
      }
      case "deactivate": {
        const r = await ownResource();
        if (!r) return fail(intent, "not_found");
        const parsed = context.validate(s.DeactivateInput, { futureBookings: form.get("futureBookings") ?? "" });
        if (!parsed.ok) return fail(intent, "validation_failed", "", { futureBookings: parsed.errors[0]?.message ?? "" }, r.id);
        const done = await context.services.bookings.deactivateResource(viewer, r.id, parsed.data);
        return { ok: true, kind: "deactivated", name: r.name, ...done };
      }
      case "activate": {
        const r = await ownResource();
        if (!r) return fail(intent, "not_found");
        await context.services.spaces.setActive(r.id, true);
        return { ok: true, kind: "activated", name: r.name };
      }
      default:
        return fail(intent, "validation_failed", "Unknown action.");
    }
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    const errors = firstSegmentErrors(detailErrors(e.details));
    if (e.code === "already_exists") errors.name ??= e.message;
    return fail(intent, e.code, e.message, errors, typeof rawId === "string" ? rawId : undefined);
  }
}
