import type { DB } from "../../../db/connect.js";
import type { OpeningHours, Resource, Space } from "../../../db/schema.js";
import { notFound, translateDbError } from "../errors.js";
import * as repo from "./spaces.repository.js";
import { DomainError } from "../errors.js";
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

/** The image type from its magic bytes (never from a file name or a claimed type). */
function imageType(data: Uint8Array): "image/png" | "image/jpeg" | "image/webp" | null {
  const b = (i: number) => data[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return "image/png";
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "image/jpeg";
  const ascii = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to));
  if (data.byteLength > 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}

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
  };
}

/** No opening hours closes a space every day: only on purpose (`confirmClosedAllWeek: true`). */
function requireHoursOrConfirmation(input: { openingHours?: unknown[]; confirmClosedAllWeek?: boolean }) {
  if (input.openingHours?.length === 0 && input.confirmClosedAllWeek !== true) {
    throw new DomainError(
      "rule_violation",
      "No opening hours closes the space every day and no one can book it; send confirmClosedAllWeek: true if that is what you mean.",
      { rule: "confirmClosedAllWeek", errors: [{ path: "openingHours", message: "Open on at least one day, or confirm closing every day" }] },
    );
  }
}

export function createSpacesService({ db }: { db: DB }) {
  return {
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

    async create(input: SpaceCreateInput): Promise<SpaceOut> {
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
        });
        await repo.insertOpeningHours(
          trx,
          input.openingHours.map((h) => ({ space_id: s.id, weekday: h.weekday, opens: h.opens, closes: h.closes })),
        );
        return s.id;
      });
      return this.get(id);
    },

    async addResource(spaceId: string, input: ResourceCreateInput): Promise<ResourceOut> {
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
        });
        return toResource(r);
      } catch (error) {
        throw translateDbError(error, { "23505": "A resource with this name already exists in the space." });
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
        ...(input.rules?.maxBookingMinutes !== undefined ? { max_booking_minutes: input.rules.maxBookingMinutes } : {}),
        ...(input.rules?.maxAdvanceDays !== undefined ? { max_advance_days: input.rules.maxAdvanceDays } : {}),
        ...(input.rules?.minNoticeMinutes !== undefined ? { min_notice_minutes: input.rules.minNoticeMinutes } : {}),
        ...(input.rules?.checkInGraceMinutes !== undefined ? { check_in_grace_minutes: input.rules.checkInGraceMinutes } : {}),
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
    async updateResource(id: string, input: ResourceUpdateInput): Promise<ResourceOut> {
      const changes = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
        ...(input.zone !== undefined ? { zone: input.zone } : {}),
        ...(input.x !== undefined ? { x: input.x } : {}),
        ...(input.y !== undefined ? { y: input.y } : {}),
        ...(input.amenities !== undefined ? { amenities: input.amenities } : {}),
      };
      if (Object.keys(changes).length === 0) return this.resource(id);
      try {
        const r = await repo.updateResource(db, id, changes);
        if (!r) throw notFound("Resource");
        return toResource(r);
      } catch (error) {
        throw translateDbError(error, { "23505": "A resource with this name already exists in the space." });
      }
    },

    /** Turns a resource's bookability on or off (bookings decides first what happens to its future bookings). */
    async setActive(id: string, active: boolean, tx: DB = db): Promise<ResourceOut> {
      const r = await repo.updateResource(tx, id, { active });
      if (!r) throw notFound("Resource");
      return toResource(r);
    },

    /** Saves the floor-plan editor's canvas: every position must belong to this space. */
    async setPositions(spaceId: string, input: FloorPlanInput): Promise<ResourceOut[]> {
      return db.transaction().execute(async (trx) => {
        if (!(await repo.findSpace(trx, spaceId))) throw notFound("Space");
        const unique = new Map(input.positions.map((p) => [p.resourceId, p]));
        const moved = await repo.setPositions(trx, spaceId, [...unique.values()]);
        if (moved !== unique.size) {
          throw new DomainError("validation_failed", "Some resources are not in this space.", {
            errors: [{ path: "positions", message: "Only this space's resources can be placed" }],
          });
        }
        return (await repo.listResources(trx, spaceId)).map(toResource);
      });
    },

    /**
     * Sets (or with null, removes) the floor plan's background image. Only PNG, JPEG or WebP up to 2 MB, checked
     * by their first bytes rather than by what the upload claims.
     */
    async setFloorImage(spaceId: string, data: Uint8Array | null): Promise<SpaceOut> {
      if (!(await repo.findSpace(db, spaceId))) throw notFound("Space");
      if (data === null) {
        await repo.deleteFloorImage(db, spaceId);
      } else {
        const contentType = imageType(data);
        if (!contentType || data.byteLength > FLOOR_IMAGE_MAX_BYTES) {
          throw new DomainError("validation_failed", "Use a PNG, JPEG or WebP image of at most 2 MB.", {
            errors: [{ path: "image", message: "PNG, JPEG or WebP, at most 2 MB" }],
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
    async checkinTokens(spaceId: string): Promise<Array<{ resourceId: string; name: string; token: string }>> {
      const rows = await repo.listResources(db, spaceId);
      return rows.map((r) => ({ resourceId: r.id, name: r.name, token: r.checkin_token }));
    },

    async resources(spaceId: string, opts: { activeOnly?: boolean } = {}, tx: DB = db): Promise<ResourceOut[]> {
      return (await repo.listResources(tx, spaceId, opts)).map(toResource);
    },
  };
}

export type SpacesService = ReturnType<typeof createSpacesService>;
