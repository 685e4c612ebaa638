import { z } from "zod";

export const ProjectCreateInput = z.strictObject({
  name: z.string().trim().min(1, "Give the project a name").max(120),
  description: z.string().trim().max(2000).optional(),
});
export type ProjectCreateInput = z.infer<typeof ProjectCreateInput>;

export const ProjectOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  role: z.enum(["owner", "member"]),
  memberCount: z.number().int(),
  createdAt: z.string(),
});
export type ProjectOut = z.infer<typeof ProjectOut>;
