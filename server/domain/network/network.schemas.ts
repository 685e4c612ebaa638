import { z } from "zod";

/** One tag spelling: trimmed, inner spaces collapsed, lower-cased ("Packaging  Design" → "packaging design"). */
export function normalizeTag(tag: string): string {
  return tag.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

const Tag = z.string().max(60, "Tags are at most 60 characters").transform(normalizeTag).pipe(z.string().min(1, "Empty tag"));
const Tags = z
  .array(Tag)
  .max(20, "At most 20 tags")
  .transform((tags) => [...new Set(tags)]);

const Link = z
  .string()
  .trim()
  .max(300)
  .pipe(z.url({ protocol: /^https?$/, message: "Links must start with http:// or https://" }));

export const ProfilePatch = z.strictObject({
  headline: z.string().trim().max(140).optional(),
  bio: z.string().trim().max(2000).optional(),
  businessName: z.string().trim().max(120).optional(),
  city: z.string().trim().max(80).optional(),
  specialties: Tags.optional(),
  offers: Tags.optional(),
  needs: Tags.optional(),
  links: z.array(Link).max(5, "At most 5 links").optional(),
  showPresence: z.boolean().optional(),
});
export type ProfilePatch = z.infer<typeof ProfilePatch>;

export const ProfileOut = z.object({
  headline: z.string(),
  bio: z.string(),
  businessName: z.string(),
  city: z.string(),
  specialties: z.array(z.string()),
  offers: z.array(z.string()),
  needs: z.array(z.string()),
  links: z.array(z.string()),
  showPresence: z.boolean(),
});
export type ProfileOut = z.infer<typeof ProfileOut>;
