import type { AppLoadContext } from "@remix-run/node";
import { domainError } from "./forms";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

export type NetworkIntentResult = { ok: true; kind: "requested" | "accepted" | "declined" } | { ok: false; status: number; code: string };

/** Connect, accept and decline from any page (profile, connections, matches), through the network service. */
export async function runNetworkIntent(context: AppLoadContext, viewer: Viewer, form: FormData): Promise<NetworkIntentResult> {
  const s = context.schemas.network;
  const intent = form.get("intent");
  try {
    if (intent === "connect") {
      const parsed = context.validate(s.ConnectionCreate, {
        memberId: form.get("memberId"),
        ...(form.get("note") ? { note: form.get("note") } : {}),
        ...(form.get("introductionId") ? { introductionId: form.get("introductionId") } : {}),
      });
      if (!parsed.ok) return { ok: false, status: 400, code: "validation_failed" };
      const c = await context.services.network.connect(viewer, parsed.data);
      return { ok: true, kind: c.status === "accepted" ? "accepted" : "requested" };
    }
    if (intent === "accept" || intent === "decline") {
      const id = context.validate(s.ConnectionCreate.shape.memberId, form.get("connectionId"));
      if (!id.ok) return { ok: false, status: 404, code: "not_found" };
      await context.services.network.respond(viewer, id.data, intent === "accept" ? "accepted" : "declined");
      return { ok: true, kind: intent === "accept" ? "accepted" : "declined" };
    }
    return { ok: false, status: 400, code: "validation_failed" };
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    return { ok: false, status: e.status, code: e.code };
  }
}
