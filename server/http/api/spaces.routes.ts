import { z } from "zod";
import { settingsSchemas } from "../../domain/billing/index.js";
import { bookingsSchemas as B } from "../../domain/bookings/index.js";
import { notFound } from "../../domain/errors.js";
import { spacesSchemas } from "../../domain/spaces/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams, list, MemberParams } from "./params.js";

/** Spaces and their resources: settings, the floor plan, taking resources out of service, the space now. */
export const spacesRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/spaces",
    summary: "All spaces with opening hours and booking rules",
    tag: "spaces",
    access: "member",
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(spacesSchemas.SpaceOut) }) } },
    async handler({ services }) {
      return { status: 200, body: { items: await services.spaces.list() } };
    },
  }),
  route({
    method: "post",
    path: "/spaces",
    summary: "Create a space with opening hours and booking rules (an operator who creates it runs it)",
    tag: "spaces",
    access: "operator",
    body: spacesSchemas.SpaceCreateInput,
    responses: { 201: { description: "Created", schema: spacesSchemas.SpaceOut } },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.spaces.create(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id",
    summary: "One space",
    tag: "spaces",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: spacesSchemas.SpaceOut } },
    async handler({ services, params }) {
      return { status: 200, body: await services.spaces.get(params.id) };
    },
  }),
  route({
    method: "post",
    path: "/spaces/:id/resources",
    summary: "Add a desk, meeting room or phone booth",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: spacesSchemas.ResourceCreateInput,
    responses: { 201: { description: "Created", schema: spacesSchemas.ResourceOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 201, body: await services.spaces.addResource(viewer!, params.id, body) };
    },
  }),
  route({
    method: "patch",
    path: "/spaces/:id",
    summary: "Change a space: name, address, time zone, opening hours, rules, capacity (a capacity below what is booked is refused unless acceptOverCapacity)",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: settingsSchemas.SpacePatchInput,
    responses: {
      200: {
        description: "OK (overCapacity reports the peak already booked when it exceeds the new capacity; billing: the billing settings now, when they were sent)",
        schema: z.object({
          space: spacesSchemas.SpaceOut,
          overCapacity: z.object({ peak: z.number().int(), at: z.string() }).nullable(),
          billing: settingsSchemas.BillingSettingsOut.optional(),
        }),
      },
    },
    async handler({ services, viewer, params, body }) {
      const { billing, ...change } = body;
      // The space's own settings first (their checks may refuse), then its billing settings; either alone is fine.
      const updated =
        billing === undefined || Object.keys(change).length > 0
          ? await services.bookings.updateSpace(viewer!, params.id, change)
          : { space: await services.spaces.getRun(viewer!, params.id), overCapacity: null };
      if (billing === undefined) return { status: 200, body: updated };
      return { status: 200, body: { ...updated, billing: await services.billing.settings.update(viewer!, params.id, billing) } };
    },
  }),
  route({
    method: "put",
    path: "/spaces/:id/floor-plan",
    summary: "Save the floor plan: positions of the space's resources",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: spacesSchemas.FloorPlanInput,
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(spacesSchemas.ResourceOut) }) } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: { items: await services.spaces.setPositions(viewer!, params.id, body) } };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/floor-plan/image",
    summary: "The floor plan's background image (PNG, JPEG or WebP)",
    tag: "spaces",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "The image", schema: z.string(), contentType: "image/png" } },
    async handler({ services, params }) {
      const image = await services.spaces.floorImage(params.id);
      if (!image) throw notFound("Floor plan image");
      return {
        status: 200,
        body: Buffer.from(image.data),
        contentType: image.contentType,
        // The URL carries a version: cache it for good, privately (members only).
        headers: { "Cache-Control": "private, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
      };
    },
  }),
  route({
    method: "patch",
    path: "/resources/:id",
    summary: "Change a desk, room or booth (name, zone, capacity, amenities, position, rate: null makes it free)",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: spacesSchemas.ResourceUpdateInput,
    responses: { 200: { description: "OK", schema: spacesSchemas.ResourceOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.spaces.updateResource(viewer!, params.id, body) };
    },
  }),
  route({
    method: "post",
    path: "/resources/:id/deactivate",
    summary: "Stop a resource taking bookings; its future bookings are moved to a free one of its kind or cancelled, and their members told",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: spacesSchemas.DeactivateInput,
    responses: { 200: { description: "OK", schema: B.DeactivateOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.bookings.deactivateResource(viewer!, params.id, body) };
    },
  }),
  route({
    method: "post",
    path: "/resources/:id/activate",
    summary: "Let a deactivated resource take bookings again",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    responses: { 200: { description: "OK", schema: spacesSchemas.ResourceOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.spaces.activate(viewer!, params.id) };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/now",
    summary: "The space now: occupancy against capacity, who is checked in, who is expected, arrivals in the next hour",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    responses: { 200: { description: "OK", schema: B.SpaceNowOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.bookings.now(viewer!, params.id) };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/operators",
    summary: "Who runs the space: its assigned operators, with who assigned each and when (admins run every space)",
    tag: "spaces",
    access: "admin",
    params: IdParams,
    responses: { 200: { description: "OK", schema: list(spacesSchemas.SpaceOperatorOut) } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: { items: await services.spaces.operators(viewer!, params.id), nextCursor: null } };
    },
  }),
  route({
    method: "put",
    path: "/spaces/:id/operators",
    summary: "Set who runs the space: exactly these operators (members with the operator role); [] leaves it to the admins",
    tag: "spaces",
    access: "admin",
    params: IdParams,
    body: spacesSchemas.SpaceOperatorsInput,
    responses: { 200: { description: "OK", schema: list(spacesSchemas.SpaceOperatorOut) } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: { items: await services.spaces.setOperators(viewer!, params.id, body.memberIds), nextCursor: null } };
    },
  }),
  route({
    method: "put",
    path: "/spaces/:id/operators/:memberId",
    summary: "Assign one operator to the space (already assigned: unchanged); a member without the operator role → 422 not_an_operator",
    tag: "spaces",
    access: "admin",
    params: MemberParams,
    responses: { 200: { description: "OK", schema: list(spacesSchemas.SpaceOperatorOut) } },
    async handler({ services, viewer, params }) {
      await services.spaces.assignOperators(viewer!, params.id, [params.memberId]);
      return { status: 200, body: { items: await services.spaces.operators(viewer!, params.id), nextCursor: null } };
    },
  }),
  route({
    method: "delete",
    path: "/spaces/:id/operators/:memberId",
    summary: "Take an operator off the space (the last one too: admins still run it); not assigned → 404",
    tag: "spaces",
    access: "admin",
    params: MemberParams,
    responses: { 204: { description: "Removed" } },
    async handler({ services, viewer, params }) {
      await services.spaces.unassignOperator(viewer!, params.id, params.memberId);
      return { status: 204 };
    },
  }),
];
