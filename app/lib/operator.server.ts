import type { AppLoadContext } from "@remix-run/node";
import { idParam, orNotFound, requireOperator } from "./guards.server";

/**
 * Operator pages of one space: the guard (members get 403), the id from the URL (404 when malformed) and the
 * space itself (404 when there is none, or when the viewer does not run it: an operator runs only the spaces
 * assigned to them, an admin every one).
 */
export async function requireOperatorSpace(request: Request, context: AppLoadContext, rawId: string | undefined) {
  const viewer = requireOperator(request, context);
  const id = idParam(context, rawId);
  const space = await orNotFound(context.services.spaces.getRun(viewer, id));
  return { viewer, space };
}
