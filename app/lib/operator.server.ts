import type { AppLoadContext } from "@remix-run/node";
import { idOf } from "./forms.server";
import { invariantResponse, orNotFound, requireOperator } from "./guards.server";

/**
 * Operator pages of one space: the guard (members get 403), the id from the URL (404 when malformed) and the
 * space itself (404 when there is none).
 */
export async function requireOperatorSpace(request: Request, context: AppLoadContext, rawId: string | undefined) {
  const viewer = requireOperator(request, context);
  const id = idOf(context, rawId);
  invariantResponse(id, "Not found", { status: 404 });
  const space = await orNotFound(context.services.spaces.get(id));
  return { viewer, space };
}
