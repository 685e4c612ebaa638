// What the two members of an introduction send and see (issue 16, item 5), and the network manager's weekly list
// of who asked to be introduced.
import { z } from "zod";
import { MemberCard, MeetingOut } from "./network.schemas.js";

/** After the meeting: did we meet, and (when we did) was it useful. */
export const FeedbackInput = z.strictObject({ met: z.boolean(), useful: z.boolean().optional() });
export type FeedbackInput = z.infer<typeof FeedbackInput>;

/** "Introduce me this week" on or off. */
export const OptInInput = z.strictObject({ thisWeek: z.boolean() });
export type OptInInput = z.infer<typeof OptInInput>;

export const OptInOut = z.object({ week: z.string().describe("The week's Monday (Asia/Jakarta)"), thisWeek: z.boolean() });

export const MyIntroductionOut = z.object({
  id: z.string(),
  note: z.string(),
  createdAt: z.string(),
  member: MemberCard.describe("The other one of the two"),
  connected: z.boolean().describe("Both accepted: a connection (contact links are shared with connections only)"),
  meeting: MeetingOut.nullable(),
  feedback: z.object({ met: z.boolean(), useful: z.boolean().nullable() }).nullable().describe("What this member said afterwards"),
});
export type MyIntroductionOut = z.infer<typeof MyIntroductionOut>;

export const MyIntroductionsOut = z.object({ optIn: OptInOut, items: z.array(MyIntroductionOut) });
export type MyIntroductionsOut = z.infer<typeof MyIntroductionsOut>;

export const CandidatesOut = z.object({
  week: z.string(),
  members: z.array(MemberCard).describe("Who asked to be introduced this week"),
  pairs: z
    .array(z.object({ members: z.tuple([MemberCard, MemberCard]), score: z.number() }))
    .describe("Suggested pairs among them, best first, each member once, never a pair already introduced"),
});
export type CandidatesOut = z.infer<typeof CandidatesOut>;
