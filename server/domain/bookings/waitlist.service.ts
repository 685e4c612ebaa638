// The waitlist: members wait for a taken slot (a resource, or any of a kind and zone) and get it, oldest first,
// the moment it frees.
import type { ResourceKind } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import { DomainError, isUniqueViolation, notFound } from "../errors.js";
import type { ReachHooks } from "../messaging/reach.service.js";
import type { NotificationsService } from "../notifications/index.js";
import { withSavepoint, type Effect } from "../shared/tx.js";
import type { ResourceOut, SpaceDetail, SpacesService } from "../spaces/index.js";
import { freeResources } from "./bookings.repository.js";
import type { WaitlistInput } from "./bookings.schemas.js";
import type { BookingEvents } from "./effects.js";
import { bookingFacts, type Viewer } from "./model.js";
import { resolveTimes, scopeFor, type Placement, type Scope, type Target } from "./placement.js";
import * as repo from "./waitlist.repository.js";

export type WaitlistDeps = { clock: Clock; spaces: SpacesService; notifications: NotificationsService; placement: Placement; events: BookingEvents; reach?: ReachHooks };

export function createWaitlist({ clock, spaces, notifications, placement, events, reach }: WaitlistDeps) {
  /** Tries to hand a freed slot of the scope's space to the members waiting for it, oldest first. */
  async function promoteWaitlist(scope: Scope, resourceId: string, start: Date, end: Date, effects: Effect[]) {
    const { trx, space } = scope;
    const resource = await spaces.resource(resourceId, trx);
    const entries = await repo.waitingFor(trx, space.id, resource, start, end);
    if (entries.length === 0) return;
    const now = clock.now();
    for (const e of entries) {
      const end = new Date(e.end);
      if (end.getTime() <= now.getTime()) {
        await repo.setWaitlistStatus(trx, e.id, "expired");
        continue;
      }
      // A wait that has already begun (a no-show released mid-slot) gets the rest of it, from now.
      const started = new Date(e.start).getTime() <= now.getTime();
      const slot = { start: started ? now : new Date(e.start), end };
      try {
        await placement.checkRules(scope, slot.start, slot.end, { walkIn: started });
        if (e.resource_id && !resource.active) continue; // waiting for a desk that no longer takes bookings
        const target: Target = resource.active ? { resource } : { kind: e.kind!, zone: e.zone ?? undefined };
        const placed = await placement.place(scope, target, slot, { memberId: e.member_id });
        await repo.setWaitlistStatus(trx, e.id, "promoted", placed.id);
        // The booking they waited for is theirs: the reminder before it leaves like any booking's.
        await reach?.promoted(trx, [placed.id]);
        effects.push(events.changed(space.id, placed.resource_id, slot.start, slot.end, "created"));
        effects.push(
          await notifications.notify(trx, e.member_id, { kind: "waitlist_promoted", data: bookingFacts(placed) }),
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Still taken for this member's slot or against the rules now: keep waiting.
      }
    }
  }

  return {
    promoteWaitlist,

    async joinWaitlist(viewer: Viewer, input: WaitlistInput): Promise<{ id: string; position: number; status: "waiting" | "promoted" }> {
      return placement.writeTx(undefined, async (trx, effects) => {
        // Lock, then read (as for a booking): the space's row, then the resource and the space as they are now.
        let space: SpaceDetail;
        let resource: ResourceOut | null = null;
        if ("resourceId" in input) {
          const found = await placement.lockResourceSpaceShared(trx, input.resourceId);
          if (!found.resource.active) throw notFound("Resource");
          resource = found.resource;
          space = found.space;
        } else {
          space = await placement.lockSpaceShared(trx, input.spaceId);
        }
        const slot = resolveTimes(space, input.start, input.end);
        const write = await scopeFor(trx, space, { manyResources: true });
        await placement.checkRules(write, slot.start, slot.end);
        const entry = await withSavepoint(trx, () =>
          repo.insertWaitlist(trx, {
            memberId: viewer.id,
            spaceId: space.id,
            resourceId: resource?.id ?? null,
            kind: resource ? null : (input as { kind: ResourceKind }).kind,
            zone: resource ? null : ((input as { zone?: string }).zone ?? null),
            start: slot.start,
            end: slot.end,
          }),
        ).catch((error: unknown) => {
          if (isUniqueViolation(error)) throw new DomainError("already_exists", "You are already waiting for this.", { reason: "already_waiting" });
          throw error;
        });
        // Free already? Then the member gets it at once.
        if (resource) await promoteWaitlist(write, resource.id, slot.start, slot.end, effects);
        else {
          const free = await freeResources(trx, space.id, (input as { kind: ResourceKind }).kind, slot.start, slot.end, (input as { zone?: string }).zone);
          if (free[0]) await promoteWaitlist(write, free[0].id, slot.start, slot.end, effects);
        }
        const status = await repo.waitlistStatus(trx, entry.id);
        return { id: entry.id, position: status === "waiting" ? await repo.waitlistPosition(trx, entry.id) : 0, status: status === "waiting" ? "waiting" : "promoted" };
      });
    },
  };
}

export type Waitlist = ReturnType<typeof createWaitlist>;
