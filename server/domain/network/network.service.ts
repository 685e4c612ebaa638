import type { DB } from "../../../db/connect.js";
import type { Profile, ProfileUpdate } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import { notFound } from "../errors.js";
import * as repo from "./network.repository.js";
import type { ProfileOut, ProfilePatch } from "./network.schemas.js";

function toProfile(p: Profile): ProfileOut {
  return {
    headline: p.headline,
    bio: p.bio,
    businessName: p.business_name,
    city: p.city,
    specialties: p.specialties,
    offers: p.offers,
    needs: p.needs,
    links: p.links,
    showPresence: p.show_presence,
  };
}

export function createNetworkService({ db, clock }: { db: DB; clock: Clock }) {
  return {
    async getProfile(memberId: string): Promise<ProfileOut> {
      const p = await repo.findProfile(db, memberId);
      if (!p) throw notFound("Profile");
      return toProfile(p);
    },

    async updateProfile(memberId: string, patch: ProfilePatch): Promise<ProfileOut> {
      const changes: ProfileUpdate = { updated_at: clock.now() };
      if (patch.headline !== undefined) changes.headline = patch.headline;
      if (patch.bio !== undefined) changes.bio = patch.bio;
      if (patch.businessName !== undefined) changes.business_name = patch.businessName;
      if (patch.city !== undefined) changes.city = patch.city;
      if (patch.specialties !== undefined) changes.specialties = patch.specialties;
      if (patch.offers !== undefined) changes.offers = patch.offers;
      if (patch.needs !== undefined) changes.needs = patch.needs;
      if (patch.links !== undefined) changes.links = patch.links;
      if (patch.showPresence !== undefined) changes.show_presence = patch.showPresence;
      const p = await repo.updateProfile(db, memberId, changes);
      if (!p) throw notFound("Profile");
      return toProfile(p);
    },
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
