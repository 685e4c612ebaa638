import { z } from "zod";
// The schema module itself, not the bookings index (which imports this context back): one way to write a time.
import { TimeInput } from "../bookings/bookings.schemas.js";
import { identitySchemas } from "../identity/index.js";
import { multiline, text } from "../validation.js";

/** One tag spelling: trimmed, inner spaces collapsed, lower-cased ("Packaging  Design" → "packaging design"). */
export function normalizeTag(tag: string): string {
  return tag.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

const Tag = text().max(60, "tag_too_long").transform(normalizeTag).pipe(z.string().min(1, "empty_tag"));
const Tags = z
  .array(Tag)
  .max(20, "too_many_tags")
  .transform((tags) => [...new Set(tags)]);

const Link = text()
  .trim()
  .max(300)
  .pipe(z.url({ protocol: /^https?$/, message: "link_protocol" }));

export const ProfilePatch = z.strictObject({
  /** The member's name as everyone sees it (the same rule and limit as at sign-up). */
  name: identitySchemas.Name.optional(),
  headline: text().trim().max(140).optional(),
  bio: multiline().trim().max(2000).optional(),
  businessName: text().trim().max(120).optional(),
  city: text().trim().max(80).optional(),
  specialties: Tags.optional(),
  offers: Tags.optional(),
  needs: Tags.optional(),
  links: z.array(Link).max(5, "too_many_links").optional(),
  showPresence: z.boolean().optional(),
  /** Hide me from the directory and from other members' matches. */
  hidden: z.boolean().optional(),
});
export type ProfilePatch = z.infer<typeof ProfilePatch>;

export const ProfileOut = z.object({
  name: z.string(),
  headline: z.string(),
  bio: z.string(),
  businessName: z.string(),
  city: z.string(),
  specialties: z.array(z.string()),
  offers: z.array(z.string()),
  needs: z.array(z.string()),
  links: z.array(z.string()),
  showPresence: z.boolean(),
  hidden: z.boolean(),
});
export type ProfileOut = z.infer<typeof ProfileOut>;

const OptionalTag = text().max(60).transform(normalizeTag).pipe(z.string().min(1)).optional();

export const DirectoryQuery = z.strictObject({
  q: text().trim().max(100).optional(),
  specialty: OptionalTag,
  offer: OptionalTag,
  need: OptionalTag,
  city: text().trim().min(1).max(80).optional(),
  hereAt: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text().max(200).optional(),
});
export type DirectoryQuery = z.infer<typeof DirectoryQuery>;

export const MemberCard = z.object({
  id: z.string(),
  name: z.string(),
  headline: z.string(),
  businessName: z.string(),
  city: z.string(),
  specialties: z.array(z.string()),
  offers: z.array(z.string()),
  needs: z.array(z.string()),
  /** The 64 px photo (WebP) when the member has one and is not hidden; null: show their initials. */
  photoUrl: z.string().nullable(),
});
export type MemberCard = z.infer<typeof MemberCard>;

export const ConnectionState = z
  .object({ id: z.string(), status: z.enum(["pending", "accepted", "declined"]), direction: z.enum(["outgoing", "incoming"]) })
  .nullable();

export const MemberProfileOut = MemberCard.extend({
  /** On a profile, the 256 px photo (whoever may see the profile may see it). */
  photoUrl: z.string().nullable(),
  bio: z.string(),
  /** Contact links: only for yourself and accepted connections. */
  links: z.array(z.string()).nullable(),
  connection: ConnectionState,
  isSelf: z.boolean(),
});
export type MemberProfileOut = z.infer<typeof MemberProfileOut>;

export const MatchesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  spaceId: z.uuid().optional(),
});

/** Why a member is a match, as facts (the tags in common, how many projects together); the UI words them. */
/**
 * Why a match was made, as facts (`data`); the UI words it in the reader's language. `detail` keeps the public
 * contract's field (shared/API.md) without words: the tags joined with ", ", the count as digits, or "".
 */
const reasonOf = <K extends string, D extends z.ZodType>(kind: K, data: D) =>
  z.object({ kind: z.literal(kind), data, detail: z.string() });
const TagFacts = z.object({ tags: z.array(z.string()) });
export const MatchReason = z.discriminatedUnion("kind", [
  reasonOf("offers_what_you_need", TagFacts),
  reasonOf("needs_what_you_offer", TagFacts),
  reasonOf("here_today", z.object({})),
  reasonOf("shared_specialty", TagFacts),
  reasonOf("shared_project", z.object({ count: z.number().int().positive() })),
]);
export type MatchReason = z.infer<typeof MatchReason>;
export type MatchReasonKind = MatchReason["kind"];
export const MatchOut = z.object({
  member: MemberCard,
  score: z.number(),
  reasons: z.array(MatchReason),
});
export type MatchOut = z.infer<typeof MatchOut>;

export const ConnectionCreate = z.strictObject({
  memberId: z.uuid(),
  note: multiline().trim().max(500).optional(),
  introductionId: z.uuid().optional(),
});
export type ConnectionCreate = z.infer<typeof ConnectionCreate>;

export const ConnectionOut = z.object({
  id: z.string(),
  status: z.enum(["pending", "accepted", "declined"]),
  direction: z.enum(["outgoing", "incoming"]),
  note: z.string(),
  member: MemberCard,
  createdAt: z.string(),
  respondedAt: z.string().nullable(),
});
export type ConnectionOut = z.infer<typeof ConnectionOut>;

/** A room and a time the network manager suggests for the two to meet: local times in the room's space's zone. */
export const MeetingInput = z.strictObject({
  resourceId: z.uuid(),
  start: TimeInput,
  end: TimeInput,
});
export type MeetingInput = z.infer<typeof MeetingInput>;

export const MeetingOut = z.object({
  resourceId: z.string(),
  resourceName: z.string(),
  spaceId: z.string(),
  spaceName: z.string(),
  timezone: z.string(),
  start: z.string(),
  end: z.string(),
});
export type MeetingOut = z.infer<typeof MeetingOut>;

export const IntroductionCreate = z.strictObject({
  memberIds: z.tuple([z.uuid(), z.uuid()]).refine(([a, b]) => a !== b, { message: "self_introduction" }),
  note: multiline().trim().min(1).max(1000),
  /** Optional: a room and a time to meet (the two book it in one click). */
  meeting: MeetingInput.optional(),
});
export type IntroductionCreate = z.infer<typeof IntroductionCreate>;

export const IntroductionOut = z.object({
  id: z.string(),
  note: z.string(),
  createdAt: z.string(),
  members: z.tuple([MemberCard, MemberCard]),
  meeting: MeetingOut.nullable(),
  outcome: z.object({
    connected: z.boolean(),
    sharedProject: z.boolean(),
    met: z.boolean().describe("Either of the two said they met"),
    useful: z.number().int().describe("How many of the two said it was useful (0–2)"),
  }),
});
export type IntroductionOut = z.infer<typeof IntroductionOut>;

export const TagQuery = z.strictObject({
  field: z.enum(["specialties", "offers", "needs"]).default("specialties"),
  q: text().trim().max(60).optional(),
});

export const HealthOut = z.object({
  members: z.number().int(),
  activeThisWeek: z.number().int(),
  connections: z.object({ accepted: z.number().int(), pending: z.number().int(), thisWeek: z.number().int() }),
  introductions: z.object({ total: z.number().int(), connected: z.number().int(), conversion: z.number() }),
  /**
   * Needed and nobody offers it, counted on concepts: a need whose concept someone offers (in any words, either
   * language) is no gap. `tag` is the words most needers typed; `concept` null for a tag the taxonomy does not know.
   */
  gaps: z.array(
    z.object({
      tag: z.string(),
      members: z.number().int(),
      concept: z.object({ slug: z.string(), nameId: z.string(), nameEn: z.string() }).nullable(),
    }),
  ),
  unneededOffers: z.array(z.object({ tag: z.string(), members: z.number().int() })),
  topNeeds: z.array(z.object({ tag: z.string(), needed: z.number().int(), offered: z.number().int() })),
});
export type HealthOut = z.infer<typeof HealthOut>;

/** The longest search the directory and the global search take; a longer one is refused, never ignored. */
export const SEARCH_MAX = 100;

export const SearchQuery = z.strictObject({
  q: text().trim().min(1).max(SEARCH_MAX),
  /** Results per group (people, spaces, projects). */
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchOut = z.object({
  q: z.string(),
  /** As the directory shows them (no suspended or hidden members), best first. */
  people: z.object({ items: z.array(MemberCard), more: z.boolean() }),
  /** As the spaces list shows them. */
  spaces: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), address: z.string(), timezone: z.string() })), more: z.boolean() }),
  /** Only the viewer's own projects. */
  projects: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })), more: z.boolean() }),
});
export type SearchOut = z.infer<typeof SearchOut>;

export const PhotoSizeQuery = z.strictObject({
  /** 256 (the default) or 64 pixels square. */
  size: z.enum(["256", "64"]).default("256"),
  /** The photo's version from its URL: a matching one may be cached for good. */
  v: text().max(32).optional(),
});
export type PhotoSizeQuery = z.infer<typeof PhotoSizeQuery>;

export const PhotoOut = z.object({
  /** The 256 px square. */
  photoUrl: z.string(),
  /** The 64 px square, for lists. */
  thumbUrl: z.string(),
  version: z.string(),
});
export type PhotoOut = z.infer<typeof PhotoOut>;
