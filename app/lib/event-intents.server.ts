import type { AppLoadContext } from "@remix-run/node";
import { fieldsOf, type FormError } from "./forms";
import { fail, failure, idOf, parseForm } from "./forms.server";
import { EVENT_INTENTS } from "./intents";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

export type EventIntentResult = { ok: true; kind: "rsvp" | "cancelled" | "checked_in" | "created"; intent: string; eventId?: string } | (FormError & { intent?: string });

/** The event forms (event page, space page, the operator's create form), through the community service. */
export async function runEventIntent(context: AppLoadContext, viewer: Viewer, form: FormData): Promise<EventIntentResult> {
  const f = fieldsOf(form);
  const intent = f.text("intent");
  const events = context.services.community.events;
  const tagged = (r: FormError) => ({ ...r, intent });
  try {
    if (intent === EVENT_INTENTS.create) {
      const count = f.text("weeks").trim();
      const parsed = parseForm(context, context.schemas.events.EventCreate, {
        spaceId: f.text("spaceId"),
        title: f.text("title"),
        description: f.text("description"),
        start: f.text("start"),
        end: f.text("end"),
        capacity: f.text("capacity") === "" ? undefined : Number(f.text("capacity")),
        resourceId: f.text("resourceId") || undefined,
        visibility: f.text("visibility"),
        ...(count && count !== "1" ? { recurrence: { freq: "weekly", count: Number(count) } } : {}),
      });
      if (!parsed.ok) return tagged(parsed);
      const created = await events.create(viewer, parsed.data);
      return { ok: true, kind: "created", intent, eventId: "items" in created ? created.items[0]!.id : created.id };
    }
    const id = idOf(context, f.optional("eventId"));
    if (!id) return tagged(fail(context, "not_found"));
    switch (intent) {
      case EVENT_INTENTS.rsvp:
        await events.rsvp(viewer, id);
        return { ok: true, kind: "rsvp", intent, eventId: id };
      case EVENT_INTENTS.cancel:
        await events.cancel(viewer, id);
        return { ok: true, kind: "cancelled", intent, eventId: id };
      case EVENT_INTENTS.checkIn: {
        const memberId = f.optional("memberId");
        const member = memberId ? idOf(context, memberId) : undefined;
        if (member === null) return tagged(fail(context, "not_found"));
        await events.checkIn(viewer, id, member ? { memberId: member } : {});
        return { ok: true, kind: "checked_in", intent, eventId: id };
      }
      default:
        return tagged(fail(context, "validation_failed"));
    }
  } catch (error) {
    return tagged(failure(context, error));
  }
}
