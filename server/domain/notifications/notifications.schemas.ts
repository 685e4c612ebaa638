import { z } from "zod";

// What a notification says, as facts: a stable `kind` and its `data` (ids, names, instants, counts). Never a
// finished sentence: the UI renders the words from the reader's dictionary (app/i18n), and mail, WhatsApp and
// webhooks later render the same kinds. Names are the ones current when the notification was written.

const Instant = z.iso.datetime({ offset: true });

/** A booking as a notification names it: where, what, when (instants in UTC, shown in the space's zone). */
const BookingFacts = {
  bookingId: z.uuid(),
  spaceId: z.uuid(),
  spaceName: z.string(),
  resourceId: z.uuid(),
  resourceName: z.string(),
  timezone: z.string(),
  start: Instant,
  end: Instant,
};

const ProjectFacts = { projectId: z.uuid(), projectName: z.string() };
const Actor = { actorId: z.uuid(), actorName: z.string() };

export const NotificationData = {
  /** A booking was cancelled by someone else: a closure, an operator, or its resource going out of service. */
  booking_cancelled: z.object({
    ...BookingFacts,
    reason: z.enum(["closure", "operator", "resource_deactivated"]),
    /** How many bookings this one notice covers (an operator cancelling a whole series). */
    count: z.number().int().positive(),
    /** The operator's own words for a closure (their text, shown as written). */
    closureReason: z.string().optional(),
    closureId: z.uuid().optional(),
  }),
  /** A booking moved to another resource because its own went out of service. */
  booking_moved: z.object({ ...BookingFacts, fromResourceId: z.uuid(), fromResourceName: z.string() }),
  /** A booking was released because its member did not check in within the grace period. */
  booking_released: z.object(BookingFacts),
  /** The member got a slot they were waiting for. */
  waitlist_promoted: z.object(BookingFacts),
  mention: z.object({
    ...ProjectFacts,
    messageId: z.uuid(),
    seq: z.number().int(),
    authorId: z.uuid(),
    authorName: z.string(),
    /** The start of the message, as its author wrote it. */
    snippet: z.string(),
  }),
  project_added: z.object({ ...ProjectFacts, ...Actor }),
  project_meeting: z.object({
    ...ProjectFacts,
    ...Actor,
    bookingId: z.uuid(),
    spaceName: z.string(),
    resourceName: z.string(),
    timezone: z.string(),
    start: Instant,
    end: Instant,
    /** Occurrences booked (a weekly series counts each week). */
    count: z.number().int().positive(),
  }),
  task_assigned: z.object({ ...ProjectFacts, ...Actor, taskId: z.uuid(), taskTitle: z.string() }),
  connection_requested: z.object({ connectionId: z.uuid(), memberId: z.uuid(), memberName: z.string(), note: z.string() }),
  connection_accepted: z.object({ connectionId: z.uuid(), memberId: z.uuid(), memberName: z.string() }),
  introduction: z.object({
    introductionId: z.uuid(),
    memberId: z.uuid(),
    memberName: z.string(),
    headline: z.string(),
    note: z.string(),
  }),
  /** Someone passed the member business (issue 16); `estimatedValue` in rupiah, when the giver named one. */
  referral_received: z.object({
    referralId: z.uuid(),
    memberId: z.uuid(),
    memberName: z.string(),
    prospect: z.string(),
    estimatedValue: z.number().int().nullable(),
  }),
  /** The member who received a referral moved it on; to its giver. `closedValue` (rupiah) once won. */
  referral_updated: z.object({
    referralId: z.uuid(),
    memberId: z.uuid(),
    memberName: z.string(),
    prospect: z.string(),
    status: z.enum(["contacted", "meeting", "won", "lost"]),
    closedValue: z.number().int().nullable(),
  }),
  /** Someone recorded hours they gave the member: confirm or reject. */
  hours_recorded: z.object({ recordId: z.uuid(), memberId: z.uuid(), memberName: z.string(), hours: z.number(), description: z.string() }),
  /** Hours the member gave were answered (or reversed by the network manager); `memberId` is the other side. */
  hours_decided: z.object({
    recordId: z.uuid(),
    memberId: z.uuid(),
    memberName: z.string(),
    hours: z.number(),
    status: z.enum(["confirmed", "rejected", "reversed"]),
  }),
  /** A seat freed at a community event and the member, first on its waitlist, now goes (issue 16). */
  event_promoted: z.object({ eventId: z.uuid(), title: z.string(), spaceName: z.string(), timezone: z.string(), start: Instant, end: Instant }),
  /**
   * A notification written before notifications were facts, whose facts could not be recovered because what it
   * pointed at is gone (a deleted project, message or task). It keeps the text it was shown with; only the
   * 2026-12-02 migration writes this kind, and it is stored read.
   */
  legacy: z.object({ title: z.string(), body: z.string(), link: z.string().nullable() }),
} as const;

export type NotificationKind = keyof typeof NotificationData;
export type NotificationFacts = { [K in NotificationKind]: z.infer<(typeof NotificationData)[K]> };

type Stored = { [K in NotificationKind]: { kind: K; data: NotificationFacts[K] } }[NotificationKind];

/** What a service hands to `notify`: one kind and exactly its facts (`legacy` is only ever migrated). */
export type NotificationInput = Exclude<Stored, { kind: "legacy" }>;

/** A notification as the API and the socket send it. */
export type NotificationOut = Stored & { id: string; createdAt: string; readAt: string | null };
