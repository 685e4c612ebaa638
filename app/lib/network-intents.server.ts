import type { AppLoadContext } from "@remix-run/node";
import { fieldsOf, type FormError } from "./forms";
import { fail, failure, idOf, parseForm } from "./forms.server";
import { NETWORK_INTENTS } from "./intents";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

export type NetworkIntentResult = { ok: true; kind: "requested" | "accepted" | "declined" | "removed" } | FormError;

/** Connect, accept, decline and remove from any page (profile, connections, matches), through the network service. */
export async function runNetworkIntent(context: AppLoadContext, viewer: Viewer, form: FormData): Promise<NetworkIntentResult> {
  const f = fieldsOf(form);
  const intent = f.text("intent");
  try {
    switch (intent) {
      case NETWORK_INTENTS.connect: {
        const note = f.optional("note");
        const introductionId = f.optional("introductionId");
        const parsed = parseForm(context, context.schemas.network.ConnectionCreate, {
          memberId: f.text("memberId"),
          ...(note ? { note } : {}),
          ...(introductionId ? { introductionId } : {}),
        });
        if (!parsed.ok) return parsed;
        const c = await context.services.network.connect(viewer, parsed.data);
        return { ok: true, kind: c.status === "accepted" ? "accepted" : "requested" };
      }
      case NETWORK_INTENTS.accept:
      case NETWORK_INTENTS.decline: {
        const id = idOf(context, f.optional("connectionId"));
        if (!id) return fail(context, "not_found");
        const accept = intent === NETWORK_INTENTS.accept;
        await context.services.network.respond(viewer, id, accept ? "accepted" : "declined");
        return { ok: true, kind: accept ? "accepted" : "declined" };
      }
      case NETWORK_INTENTS.remove: {
        const id = idOf(context, f.optional("connectionId"));
        if (!id) return fail(context, "not_found");
        await context.services.network.removeConnection(viewer, id);
        return { ok: true, kind: "removed" };
      }
      default:
        return fail(context, "validation_failed");
    }
  } catch (error) {
    return failure(context, error);
  }
}
