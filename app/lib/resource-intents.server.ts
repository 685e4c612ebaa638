import type { AppLoadContext } from "@remix-run/node";
import { domainError, fieldsOf, firstSegment, type FormError } from "./forms";
import { fail, failure, idOf, parseForm } from "./forms.server";
import { RESOURCE_INTENTS } from "./intents";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

/** A rate's schema paths → the price inputs (`rate.perHour` → `ratePerHour`). */
const rateInput = (path: string) => (path.startsWith("rate.") ? `rate${path.charAt(5).toUpperCase()}${path.slice(6).split(".")[0]}` : firstSegment(path));

export type ResourceResult =
  | { ok: true; kind: "added"; name: string }
  | { ok: true; kind: "saved"; name: string }
  | { ok: true; kind: "deactivated"; name: string; moved: number; cancelled: number }
  | { ok: true; kind: "activated"; name: string }
  /** Which form failed (the intent, and the resource of an edit or deactivation) so the page reopens it. */
  | (FormError & { intent: string; id?: string });

/**
 * The resource intents of the operator pages (resources list and floor-plan editor): add, edit, deactivate
 * (moving or cancelling future bookings) and re-activate. Every id must belong to this space.
 */
export async function runResourceIntent(context: AppLoadContext, viewer: Viewer, spaceId: string, form: FormData): Promise<ResourceResult> {
  const s = context.schemas.spaces;
  const f = fieldsOf(form);
  const intent = f.text("intent");
  const rawId = f.optional("resourceId");
  const which = (failed: FormError, id?: string): ResourceResult => ({ ...failed, intent, ...(id ? { id } : {}) });
  const ownResource = async () => {
    const id = idOf(context, rawId);
    if (!id) return null;
    try {
      const r = await context.services.spaces.resourceRun(viewer, id);
      return r.spaceId === spaceId ? r : null;
    } catch (error) {
      if (domainError(error)?.code === "not_found") return null;
      throw error;
    }
  };
  /**
   * The three price inputs of a form that shows them (`hasRate`): all blank → free (null); otherwise a rate for the
   * schema to check. A form without them (the floor-plan editor) leaves the rate as it is.
   */
  const priced = f.checked("hasRate");
  const rate = () => {
    const [perHour, perDay, creditsPerHour] = [f.int("ratePerHour"), f.int("ratePerDay"), f.int("rateCreditsPerHour")];
    if (perHour === undefined && perDay === undefined && creditsPerHour === undefined) return null;
    return { perHour, perDay: perDay ?? null, creditsPerHour: creditsPerHour ?? null };
  };
  const typed = () => {
    const capacity = f.int("capacity");
    return { name: f.text("name"), ...(capacity !== undefined ? { capacity } : {}) };
  };
  try {
    switch (intent) {
      case RESOURCE_INTENTS.add: {
        const zone = f.text("zone").trim();
        const amenities = f.list("amenities");
        const [x, y] = [f.int("x"), f.int("y")];
        const parsed = parseForm(context, s.ResourceCreateInput, {
          ...typed(),
          kind: f.optional("kind") ?? "desk",
          ...(zone ? { zone } : {}),
          ...(x !== undefined ? { x } : {}),
          ...(y !== undefined ? { y } : {}),
          ...(amenities.length ? { amenities } : {}),
          ...(priced ? { rate: rate() } : {}),
        }, rateInput);
        if (!parsed.ok) return which(parsed);
        const r = await context.services.spaces.addResource(viewer, spaceId, parsed.data);
        return { ok: true, kind: "added", name: r.name };
      }
      case RESOURCE_INTENTS.edit: {
        const r = await ownResource();
        if (!r) return which(fail(context, "not_found"));
        const parsed = parseForm(context, s.ResourceUpdateInput, { ...typed(), zone: f.text("zone").trim(), amenities: f.list("amenities"), ...(priced ? { rate: rate() } : {}) }, rateInput);
        if (!parsed.ok) return which(parsed, r.id);
        const saved = await context.services.spaces.updateResource(viewer, r.id, parsed.data);
        return { ok: true, kind: "saved", name: saved.name };
      }
      case RESOURCE_INTENTS.deactivate: {
        const r = await ownResource();
        if (!r) return which(fail(context, "not_found"));
        // The choice is one radio group: whatever the schema says, it says it there.
        const parsed = parseForm(context, s.DeactivateInput, { futureBookings: f.text("futureBookings") }, () => "futureBookings");
        if (!parsed.ok) return which(parsed, r.id);
        const done = await context.services.bookings.deactivateResource(viewer, r.id, parsed.data);
        return { ok: true, kind: "deactivated", name: r.name, ...done };
      }
      case RESOURCE_INTENTS.activate: {
        const r = await ownResource();
        if (!r) return which(fail(context, "not_found"));
        await context.services.spaces.activate(viewer, r.id);
        return { ok: true, kind: "activated", name: r.name };
      }
      default:
        return which(fail(context, "validation_failed", "Unknown action."));
    }
  } catch (error) {
    const failed = failure(context, error);
    // A name another resource of the space has: said beside the name.
    if (failed.code === "already_exists") failed.errors.name ??= failed.message;
    return which(failed, rawId);
  }
}
