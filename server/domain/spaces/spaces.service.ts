import type { DB } from "../../../db/connect.js";
import type { OpeningHours, Resource, Space } from "../../../db/schema.js";
import { notFound, translateDbError } from "../errors.js";
import * as repo from "./spaces.repository.js";
import * as operatorsRepo from "./operators.repository.js";
import { requireSpaceOperator, runsSpace, type Actor } from "./access.js";
import { DomainError } from "../errors.js";
import { imageType } from "../shared/image-type.js";
import type {
  FloorPlanInput,
  ResourceCreateInput,
  ResourceOut,
  ResourceUpdateInput,
  SpaceCreateInput,
  SpaceOut,
  SpaceUpdateInput,
} from "./spaces.schemas.js";

const hhmm = (t: string) => t.slice(0, 5);

export const FLOOR_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

/** A space with its hours, as other contexts (bookings) need it for rules and time-zone work. */
export type SpaceDetail = {
  id: string;
  name: string;
  timezone: string;
  address: string;
  capacity: number | null;
  hours: Map<number, { opens: string; closes: string }>;
  rules: SpaceOut["rules"];
};

function toRules(s: Space): SpaceOut["rules"] {
  return {
    maxBookingMinutes: s.max_booking_minutes,
    maxAdvanceDays: s.max_advance_days,
    minNoticeMinutes: s.min_notice_minutes,
    checkInGraceMinutes: s.check_in_grace_minutes,
    oneDeskPerMember: s.one_desk_per_member,
  };
}

function toDetail(s: Space, hours: OpeningHours[]): SpaceDetail {
  return {
    id: s.id,
    name: s.name,
    timezone: s.timezone,
    address: s.address,
    capacity: s.capacity,
    hours: new Map(hours.map((h) => [h.weekday, { opens: hhmm(h.opens), closes: hhmm(h.closes) }])),
    rules: toRules(s),
  };
}

export function toResource(r: Resource): ResourceOut {
  return {
    id: r.id,
    spaceId: r.space_id,
    name: r.name,
    kind: r.kind,
    capacity: r.capacity,
    zone: r.zone,
    x: r.x,
    y: r.y,
    amenities: r.amenities,
    active: r.active,
    rate:
      r.rate_per_hour === null
        ? null
        : { perHour: Number(r.rate_per_hour), perDay: r.rate_per_day === null ? null : Number(r.rate_per_day), creditsPerHour: r.credits_per_hour },
  };
}

/** A rate from outside → the resource's three rate columns (null: free, every column cleared). */
function rateColumns(rate: ResourceCreateInput["rate"]): { rate_per_hour: number | null; rate_per_day: number | null; credits_per_hour: number | null } {
  return { rate_per_hour: rate?.perHour ?? null, rate_per_day: rate?.perDay ?? null, credits_per_hour: rate?.creditsPerHour ?? null };
}

/** No opening hours closes a space every day: only on purpose (`confirmClosedAllWeek: true`). */
function requireHoursOrConfirmation(input: { openingHours?: unknown[]; confirmClosedAllWeek?: boolean }) {
  if (input.openingHours?.length === 0 && input.confirmClosedAllWeek !== true) {
    throw new DomainError(
      "rule_violation",
      "No opening hours closes the space every day and no one can book it; send confirmClosedAllWeek: true if that is what you mean.",
      { reason: "closed_all_week", rule: "confirmClosedAllWeek", errors: [{ path: "openingHours", code: "closed_all_week", message: "Open on at least one day, or confirm closing every day" }] },
    );
  }
}

/** Assigning operators is the network manager's (admin's) work. */
function requireAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new DomainError("forbidden", "Only an admin can assign operators.", { reason: "admin_only" });
}

export type SpaceOperatorOut = {
  member: { id: string; name: string; email: string };
  assignedBy: { id: string; name: string } | null;
  assignedAt: string;
};

export function createSpacesService({ db }: { db: DB }) {
  /** The resource, once the actor is known to run its space (anyone else: not_found, as if there were none). */
  async function ownResource(actor: Actor, id: string, tx: DB = db): Promise<Resource> {
    const r = await repo.findResource(tx, id);
    if (!r || !(await runsSpace(tx, actor, r.space_id))) throw notFound("Resource");
    return r;
  }

  /**
   * The given ids, once each, if every one is a member with the operator role (their rows locked against a role
   * change until the assignment commits); otherwise `not_an_operator` naming the others.
   */
  async function operatorsOnly(trx: DB, memberIds: string[]): Promise<string[]> {
    const unique = [...new Set(memberIds)];
    const found = new Set((await operatorsRepo.operatorMembers(trx, unique, { lock: true })).map((f) => f.id));
    if (found.size !== unique.length) {
      throw new DomainError("rule_violation", "Only members with the operator role can be assigned to run a space.", {
        reason: "not_an_operator",
        memberIds: unique.filter((id) => !found.has(id)),
      });
    }
    return unique;
  }

  return {
    /** The one check of every operator read and write: admins run every space, operators the ones assigned. */
    requireOperator(actor: Actor, spaceId: string, tx: DB = db): Promise<void> {
      return requireSpaceOperator(tx, actor, spaceId);
    },

    /** Whether the actor runs this space (no error: for links and lists). */
    runs(actor: Actor, spaceId: string, tx: DB = db): Promise<boolean> {
      return runsSpace(tx, actor, spaceId);
    },

    /** The spaces the actor runs: every one for an admin, the assigned ones for an operator, none for a member. */
    async listRun(actor: Actor): Promise<SpaceOut[]> {
      if (actor.role === "admin") return this.list();
      if (actor.role !== "operator") return [];
      const ids = new Set(await operatorsRepo.assignedSpaceIds(db, actor.id));
      return (await this.list()).filter((s) => ids.has(s.id));
    },

    /** One space for its operator pages: not_found unless the actor runs it. */
    async getRun(actor: Actor, id: string): Promise<SpaceOut> {
      await requireSpaceOperator(db, actor, id);
      return this.get(id);
    },

    async exists(id: string): Promise<boolean> {
      return Boolean(await repo.findSpace(db, id));
    },

    async list(): Promise<SpaceOut[]> {
      const spaces = await repo.listSpaces(db);
      const hours = await repo.listOpeningHours(
        db,
        spaces.map((s) => s.id),
      );
      return spaces.map((s) => ({
        id: s.id,
        name: s.name,
        timezone: s.timezone,
        address: s.address,
        capacity: s.capacity,
        openingHours: hours
          .filter((h) => h.space_id === s.id)
          .map((h) => ({ weekday: h.weekday, opens: hhmm(h.opens), closes: hhmm(h.closes) })),
        rules: toRules(s),
        reminderMinutes: s.reminder_minutes,
        resourceCounts: { desk: s.desks, room: s.rooms, booth: s.booths },
        floorPlanImageUrl: s.floor_image_at
          ? `/api/v1/spaces/${s.id}/floor-plan/image?v=${new Date(s.floor_image_at).getTime()}`
          : null,
      }));
    },

    async get(id: string): Promise<SpaceOut> {
      const found = (await this.list()).find((s) => s.id === id);
      if (!found) throw notFound("Space");
      return found;
    },

    /** Space, hours and rules for another context's rule checks. */
    async detail(id: string, tx: DB = db): Promise<SpaceDetail> {
      const row = await repo.findSpaceWithHours(tx, id);
      if (!row) throw notFound("Space");
      const { hours, ...s } = row;
      return toDetail(s, hours.map((h) => ({ ...h, space_id: id })));
    },

    /** A resource and its space's details in one read (booking a resource by id). */
    async resourceWithSpace(resourceId: string, tx: DB = db): Promise<{ resource: ResourceOut; space: SpaceDetail }> {
      const row = await repo.findResourceWithSpace(tx, resourceId);
      if (!row) throw notFound("Resource");
      const { resource, hours, ...s } = row;
      return { resource: toResource(resource), space: toDetail(s, hours.map((h) => ({ ...h, space_id: s.id }))) };
    },

    /** Creates a space; an operator who creates one runs it (assigned in the same transaction). */
    async create(actor: Actor, input: SpaceCreateInput): Promise<SpaceOut> {
      requireHoursOrConfirmation(input);
      const id = await db.transaction().execute(async (trx) => {
        const s = await repo.insertSpace(trx, {
          name: input.name,
          timezone: input.timezone,
          address: input.address ?? "",
          capacity: input.capacity ?? null,
          max_booking_minutes: input.rules?.maxBookingMinutes,
          max_advance_days: input.rules?.maxAdvanceDays,
          min_notice_minutes: input.rules?.minNoticeMinutes,
          check_in_grace_minutes: input.rules?.checkInGraceMinutes,
          one_desk_per_member: input.rules?.oneDeskPerMember,
          reminder_minutes: input.reminderMinutes,
        });
        await repo.insertOpeningHours(
          trx,
          input.openingHours.map((h) => ({ space_id: s.id, weekday: h.weekday, opens: h.opens, closes: h.closes })),
        );
        // Admins run every space already; an operator runs what they create.
        if (actor.role === "operator") await operatorsRepo.insertAssignments(trx, s.id, [actor.id], actor.id);
        return s.id;
      });
      return this.get(id);
    },

    async addResource(actor: Actor, spaceId: string, input: ResourceCreateInput): Promise<ResourceOut> {
      await requireSpaceOperator(db, actor, spaceId);
      if (!(await repo.findSpace(db, spaceId))) throw notFound("Space");
      try {
        const r = await repo.insertResource(db, {
          space_id: spaceId,
          name: input.name,
          kind: input.kind,
          capacity: input.capacity ?? (input.kind === "desk" ? 1 : input.kind === "booth" ? 1 : 4),
          zone: input.zone ?? "",
          x: input.x ?? null,
          y: input.y ?? null,
          amenities: input.amenities ?? [],
          ...rateColumns(input.rate),
        });
        return toResource(r);
      } catch (error) {
        throw translateDbError(error, { "23505": { message: "A resource with this name already exists in the space.", details: { reason: "resource_name_taken" } } });
      }
    },

    /** Changes a space's settings in the caller's transaction (bookings checks capacity against them first). */
    async update(spaceId: string, input: SpaceUpdateInput, tx: DB = db): Promise<void> {
      requireHoursOrConfirmation(input);
      if (!(await repo.findSpace(tx, spaceId))) throw notFound("Space");
      await repo.updateSpace(tx, spaceId, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
        ...(input.address !== undefined ? { address: input.address } : {}),
        ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
        ...(input.reminderMinutes !== undefined ? { reminder_minutes: input.reminderMinutes } : {}),
        ...(input.rules?.maxBookingMinutes !== undefined ? { max_booking_minutes: input.rules.maxBookingMinutes } : {}),
        ...(input.rules?.maxAdvanceDays !== undefined ? { max_advance_days: input.rules.maxAdvanceDays } : {}),
        ...(input.rules?.minNoticeMinutes !== undefined ? { min_notice_minutes: input.rules.minNoticeMinutes } : {}),
        ...(input.rules?.checkInGraceMinutes !== undefined ? { check_in_grace_minutes: input.rules.checkInGraceMinutes } : {}),
        ...(input.rules?.oneDeskPerMember !== undefined ? { one_desk_per_member: input.rules.oneDeskPerMember } : {}),
      });
      if (input.openingHours) {
        await repo.replaceOpeningHours(
          tx,
          spaceId,
          input.openingHours.map((h) => ({ space_id: spaceId, weekday: h.weekday, opens: h.opens, closes: h.closes })),
        );
      }
    },

    /** Changes a resource; an empty change is a no-op that returns it as it is. */
    async updateResource(actor: Actor, id: string, input: ResourceUpdateInput): Promise<ResourceOut> {
      await ownResource(actor, id);
      const changes = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
        ...(input.zone !== undefined ? { zone: input.zone } : {}),
        ...(input.x !== undefined ? { x: input.x } : {}),
        ...(input.y !== undefined ? { y: input.y } : {}),
        ...(input.amenities !== undefined ? { amenities: input.amenities } : {}),
        ...(input.rate !== undefined ? rateColumns(input.rate) : {}),
      };
      if (Object.keys(changes).length === 0) return this.resource(id);
      try {
        const r = await repo.updateResource(db, id, changes);
        if (!r) throw notFound("Resource");
        return toResource(r);
      } catch (error) {
        throw translateDbError(error, { "23505": { message: "A resource with this name already exists in the space.", details: { reason: "resource_name_taken" } } });
      }
    },

    /** Operator: lets a deactivated resource take bookings again. */
    async activate(actor: Actor, id: string): Promise<ResourceOut> {
      await ownResource(actor, id);
      return this.setActive(id, true);
    },

    /** A resource of a space the actor runs (not_found otherwise): the operator pages' edits start here. */
    async resourceRun(actor: Actor, id: string): Promise<ResourceOut> {
      return toResource(await ownResource(actor, id));
    },

    /**
     * Turns a resource's bookability on or off, with no check of who asks: for the bookings context, which checks
     * the operator first and decides what happens to its future bookings.
     */
    async setActive(id: string, active: boolean, tx: DB = db): Promise<ResourceOut> {
      const r = await repo.updateResource(tx, id, { active });
      if (!r) throw notFound("Resource");
      return toResource(r);
    },

    /** Saves the floor-plan editor's canvas: every position must belong to this space. */
    async setPositions(actor: Actor, spaceId: string, input: FloorPlanInput): Promise<ResourceOut[]> {
      await requireSpaceOperator(db, actor, spaceId);
      return db.transaction().execute(async (trx) => {
        if (!(await repo.findSpace(trx, spaceId))) throw notFound("Space");
        const unique = new Map(input.positions.map((p) => [p.resourceId, p]));
        const moved = await repo.setPositions(trx, spaceId, [...unique.values()]);
        if (moved !== unique.size) {
          throw new DomainError("validation_failed", "Some resources are not in this space.", {
            reason: "resources_not_in_space", errors: [{ path: "positions", code: "resources_not_in_space", message: "Only this space's resources can be placed" }],
          });
        }
        return (await repo.listResources(trx, spaceId)).map(toResource);
      });
    },

    /**
     * Sets (or with null, removes) the floor plan's background image. Only PNG, JPEG or WebP up to 2 MB, checked
     * by their first bytes rather than by what the upload claims.
     */
    async setFloorImage(actor: Actor, spaceId: string, data: Uint8Array | null): Promise<SpaceOut> {
      await requireSpaceOperator(db, actor, spaceId);
      if (!(await repo.findSpace(db, spaceId))) throw notFound("Space");
      if (data === null) {
        await repo.deleteFloorImage(db, spaceId);
      } else {
        const contentType = imageType(data);
        if (!contentType || data.byteLength > FLOOR_IMAGE_MAX_BYTES) {
          throw new DomainError("validation_failed", "Use a PNG, JPEG or WebP image of at most 2 MB.", {
            reason: "image_type", maxMegabytes: 2, errors: [{ path: "image", code: "image_type", facts: { maxMegabytes: 2 }, message: "PNG, JPEG or WebP, at most 2 MB" }],
          });
        }
        await repo.upsertFloorImage(db, spaceId, contentType, data, new Date());
      }
      return this.get(spaceId);
    },

    async floorImage(spaceId: string): Promise<{ contentType: string; data: Uint8Array } | null> {
      const row = await repo.findFloorImage(db, spaceId);
      return row ? { contentType: row.content_type, data: row.data } : null;
    },

    async resource(id: string, tx: DB = db): Promise<ResourceOut> {
      const r = await repo.findResource(tx, id);
      if (!r) throw notFound("Resource");
      return toResource(r);
    },

    /** The desk behind a check-in QR code. */
    async resourceByToken(token: string): Promise<ResourceOut> {
      const r = await repo.findResourceByToken(db, token);
      if (!r) throw notFound("Desk");
      return toResource(r);
    },

    /** Check-in tokens of a space's resources (for QR codes; operators only). */
    async checkinTokens(actor: Actor, spaceId: string): Promise<Array<{ resourceId: string; name: string; token: string }>> {
      await requireSpaceOperator(db, actor, spaceId);
      const rows = await repo.listResources(db, spaceId);
      return rows.map((r) => ({ resourceId: r.id, name: r.name, token: r.checkin_token }));
    },

    /** Admin: who runs the space, with who assigned each and when. */
    async operators(actor: Actor, spaceId: string): Promise<SpaceOperatorOut[]> {
      requireAdmin(actor);
      if (!(await repo.findSpace(db, spaceId))) throw notFound("Space");
      return (await operatorsRepo.listOperators(db, spaceId)).map((r) => ({
        member: { id: r.id, name: r.name, email: r.email },
        assignedBy: r.by_id ? { id: r.by_id, name: r.by_name ?? "" } : null,
        assignedAt: new Date(r.assigned_at).toISOString(),
      }));
    },

    /** Admin: the members who may be assigned (the operator role, not suspended). */
    async assignableOperators(actor: Actor): Promise<Array<{ id: string; name: string; email: string }>> {
      requireAdmin(actor);
      return operatorsRepo.operatorMembers(db);
    },

    /**
     * Admin: assigns operators to a space (those assigned already keep their record). Only members with the
     * operator role: anyone else is refused with `not_an_operator`, nothing written. Returns how many were new.
     */
    async assignOperators(actor: Actor, spaceId: string, memberIds: string[]): Promise<number> {
      requireAdmin(actor);
      return db.transaction().execute(async (trx) => {
        if (!(await repo.findSpace(trx, spaceId))) throw notFound("Space");
        const unique = await operatorsOnly(trx, memberIds);
        return operatorsRepo.insertAssignments(trx, spaceId, unique, actor.id);
      });
    },

    /** Admin: the space's operators become exactly `memberIds` (an empty list leaves it to the admins). */
    async setOperators(actor: Actor, spaceId: string, memberIds: string[]): Promise<SpaceOperatorOut[]> {
      requireAdmin(actor);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.findSpace(trx, spaceId))) throw notFound("Space");
        const unique = await operatorsOnly(trx, memberIds);
        await operatorsRepo.deleteAssignmentsExcept(trx, spaceId, unique);
        await operatorsRepo.insertAssignments(trx, spaceId, unique, actor.id);
      });
      return this.operators(actor, spaceId);
    },

    /**
     * Admin: takes an operator off a space. The last one may go too: admins still run every space (and may
     * assign someone again). Not assigned → not_found.
     */
    async unassignOperator(actor: Actor, spaceId: string, memberId: string): Promise<void> {
      requireAdmin(actor);
      if (!(await repo.findSpace(db, spaceId))) throw notFound("Space");
      if (!(await operatorsRepo.deleteAssignment(db, spaceId, memberId))) throw notFound("Member");
    },

    async resources(spaceId: string, opts: { activeOnly?: boolean } = {}, tx: DB = db): Promise<ResourceOut[]> {
      return (await repo.listResources(tx, spaceId, opts)).map(toResource);
    },
  };
}

export type SpacesService = ReturnType<typeof createSpacesService>;
