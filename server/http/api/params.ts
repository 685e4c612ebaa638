import { z } from "zod";
import { Id } from "../../domain/validation.js";

// What the route files share: path parameters, the page envelope, absolute URLs.

/** A path with one `:id`. */
export const IdParams = z.object({ id: Id });
/** A project member's path: `/projects/:id/members/:memberId`. */
export const MemberParams = z.object({ id: Id, memberId: Id });

/** The page envelope of a list: its items and the cursor of the next page (null on the last). */
export const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** An absolute URL on the configured public origin (PUBLIC_ORIGIN), never on the request's Host header. */
export const absolute = (req: { publicOrigin: string }, path: string) => new URL(path, req.publicOrigin).toString();
