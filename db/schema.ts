import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TimestampNullable = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
type Int8 = ColumnType<string, number | string | bigint | undefined, number | string | bigint>;
/**
 * Rupiah (bigint) as read: a string from pg, a number from PGlite. Read it through `Number()` (amounts stay far below
 * 2^53); write numbers.
 */
type Rupiah = ColumnType<string | number, number | undefined, number>;
type RupiahNullable = ColumnType<string | number | null, number | null | undefined, number | null>;
/** numeric (a tax rate, a quantity) as read: a string from both drivers. Read it through `Number()`. */
type Decimal = ColumnType<string | number, number | string | undefined, number | string>;
type LocalDate = ColumnType<string, string, string>;
type LocalDateNullable = ColumnType<string | null, string | null | undefined, string | null>;

export type Role = "member" | "operator" | "admin";
export type ResourceKind = "desk" | "room" | "booth";

export interface MemberTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: ColumnType<Role, Role | undefined, Role>;
  password_hash: string;
  locale: "id" | "en" | null;
  suspended_at: TimestampNullable;
  last_seen_at: TimestampNullable;
  /** When the member proved the address (a link in a mail); invoices and reminders go only to verified addresses. */
  email_verified_at: TimestampNullable;
  created_at: Timestamp;
}

export interface ProfileTable {
  member_id: string;
  headline: ColumnType<string, string | undefined, string>;
  bio: ColumnType<string, string | undefined, string>;
  business_name: ColumnType<string, string | undefined, string>;
  city: ColumnType<string, string | undefined, string>;
  specialties: TextArray;
  offers: TextArray;
  needs: TextArray;
  links: TextArray;
  show_presence: ColumnType<boolean, boolean | undefined, boolean>;
  hidden: ColumnType<boolean, boolean | undefined, boolean>;
  /** Maintained by a trigger (the directory's search text and document). */
  search_text: ColumnType<string, never, never>;
  search_doc: ColumnType<string, never, never>;
  /** Name, headline, business, city and tags, lower-cased (the fuzzy search's text; no bio). */
  search_core: ColumnType<string, never, never>;
  /** Maintained by a trigger: the taxonomy concepts the tags map onto (tag_concepts), all of them in `concepts`. */
  specialty_concepts: ColumnType<number[], never, never>;
  offer_concepts: ColumnType<number[], never, never>;
  need_concepts: ColumnType<number[], never, never>;
  concepts: ColumnType<number[], never, never>;
  updated_at: Timestamp;
}

/** A specialty of the curated taxonomy (db/seed/specialties.json). */
export interface ConceptTable {
  id: Generated<number>;
  slug: string;
  name_id: string;
  name_en: string;
}

export interface ConceptLabelTable {
  id: Generated<number>;
  concept_id: number;
  lang: "id" | "en";
  label: string;
  kind: "name" | "synonym";
  source: ColumnType<"taxonomy" | "admin", "taxonomy" | "admin" | undefined, "taxonomy" | "admin">;
  normalized: string;
}

/** Every folded tag ever typed, with its concept (a cache; `concepts_remap()` refreshes it when labels change). */
export interface TagConceptTable {
  tag: string;
  concept_id: number | null;
  method: "name" | "synonym" | "similar" | "none";
  similarity: number;
}

export interface SessionTable {
  id: string;
  member_id: string;
  kind: "web" | "api";
  label: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  last_used_at: Timestamp;
}

/** Throttling: the instants of the attempts still inside the bucket's sliding window. */
export interface RateLimitBucketTable {
  bucket: string;
  hits: ColumnType<Date[], Date[] | string[] | undefined, Date[] | string[]>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface IdempotencyKeyTable {
  member_id: string;
  key: string;
  fingerprint: string;
  status: number | null;
  body: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface SpaceTable {
  id: Generated<string>;
  name: string;
  timezone: string;
  address: ColumnType<string, string | undefined, string>;
  max_booking_minutes: ColumnType<number, number | undefined, number>;
  max_advance_days: ColumnType<number, number | undefined, number>;
  min_notice_minutes: ColumnType<number, number | undefined, number>;
  check_in_grace_minutes: ColumnType<number, number | undefined, number>;
  capacity: number | null;
  /** Desks only: a member holds at most one desk of this space at any moment (rooms and booths are exempt). */
  one_desk_per_member: ColumnType<boolean, boolean | undefined, boolean>;
  /** How long before a booking's start its reminder goes out (0: no reminders). */
  reminder_minutes: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

export interface OpeningHoursTable {
  space_id: string;
  weekday: number;
  /** `HH:mm:ss` local wall-clock time in the space's zone. */
  opens: string;
  closes: string;
}

/** Who runs which space: an operator sees and changes only the spaces they are assigned to (admins: every one). */
export interface SpaceOperatorTable {
  space_id: string;
  member_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
}

export interface ResourceTable {
  id: Generated<string>;
  space_id: string;
  name: string;
  kind: ResourceKind;
  capacity: ColumnType<number, number | undefined, number>;
  zone: ColumnType<string, string | undefined, string>;
  x: number | null;
  y: number | null;
  amenities: TextArray;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  checkin_token: Generated<string>;
  /** The price of an hour and (optionally) a whole local day, in rupiah; credits an hour costs. Null: not priced. */
  rate_per_hour: RupiahNullable;
  rate_per_day: RupiahNullable;
  credits_per_hour: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
}

export interface ProjectTable {
  id: Generated<string>;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  last_seq: Int8;
  created_at: Timestamp;
  /** A team project, or a direct room: the conversation of two members (`direct_a` < `direct_b`). */
  kind: ColumnType<ProjectKind, ProjectKind | undefined, never>;
  direct_a: ColumnType<string | null, string | null | undefined, never>;
  direct_b: ColumnType<string | null, string | null | undefined, never>;
}

export type ProjectKind = "team" | "direct";

export interface ProjectMemberTable {
  project_id: string;
  member_id: string;
  role: ColumnType<"owner" | "member", "owner" | "member" | undefined, "owner" | "member">;
  joined_at: Timestamp;
  last_read_seq: Int8;
}

export interface MessageTable {
  id: Generated<string>;
  project_id: string;
  seq: Int8;
  updated_seq: Int8;
  kind: ColumnType<"text" | "system", "text" | "system" | undefined, "text" | "system">;
  author_id: string | null;
  client_id: string | null;
  body: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  mentions: TextArray;
  /** Where the body mentions whom: UTF-16 offsets, `end` exclusive (JSON text on write). */
  mention_spans: ColumnType<Array<{ memberId: string; start: number; end: number }>, string | undefined, string>;
  created_at: Timestamp;
  edited_at: TimestampNullable;
  deleted_at: TimestampNullable;
}

export interface FloorPlanImageTable {
  space_id: string;
  content_type: "image/png" | "image/jpeg" | "image/webp";
  data: Uint8Array;
  updated_at: Timestamp;
}

export interface MemberPhotoTable {
  member_id: string;
  content_type: "image/webp" | "image/jpeg";
  /** The 256 px square. */
  full: Uint8Array;
  /** The 64 px square, for lists. */
  thumb: Uint8Array;
  /** A hash of the photo (16 hex digits): the cache-busting `v` of its URLs. */
  version: string;
  updated_at: Timestamp;
}

export type TaskStatus = "todo" | "doing" | "done";

export interface TaskTable {
  id: Generated<string>;
  project_id: string;
  title: string;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  assignee_id: string | null;
  position: number;
  version: ColumnType<number, number | undefined, number>;
  seq: Int8;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  description: ColumnType<string, string | undefined, string>;
  /** A plain local date (`YYYY-MM-DD`, read as text: no zone applies). */
  due_date: ColumnType<string | null, string | null | undefined, string | null>;
  archived_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  comment_count: ColumnType<number, number | undefined, number>;
}

export interface TaskCommentTable {
  id: Generated<string>;
  task_id: string;
  project_id: string;
  author_id: string | null;
  client_id: string | null;
  body: string;
  seq: Int8;
  created_at: Timestamp;
}

export interface Database {
  members: MemberTable;
  profiles: ProfileTable;
  concepts: ConceptTable;
  concept_labels: ConceptLabelTable;
  tag_concepts: TagConceptTable;
  sessions: SessionTable;
  rate_limit_buckets: RateLimitBucketTable;
  idempotency_keys: IdempotencyKeyTable;
  spaces: SpaceTable;
  opening_hours: OpeningHoursTable;
  space_operators: SpaceOperatorTable;
  resources: ResourceTable;
  projects: ProjectTable;
  project_members: ProjectMemberTable;
  messages: MessageTable;
  tasks: TaskTable;
  task_comments: TaskCommentTable;
  floor_plan_images: FloorPlanImageTable;
  member_photos: MemberPhotoTable;
  bookings: BookingTable;
  favourite_resources: FavouriteResourceTable;
  closures: ClosureTable;
  waitlist_entries: WaitlistEntryTable;
  notifications: NotificationTable;
  calendar_feeds: CalendarFeedTable;
  connections: ConnectionTable;
  introductions: IntroductionTable;
  introduction_feedback: IntroductionFeedbackTable;
  introduction_opt_ins: IntroductionOptInTable;
  billing_settings: BillingSettingsTable;
  plans: PlanTable;
  subscriptions: SubscriptionTable;
  invoice_sequences: InvoiceSequenceTable;
  invoices: InvoiceTable;
  invoice_lines: InvoiceLineTable;
  wallet_entries: WalletEntryTable;
  payments: PaymentTable;
  payment_checkouts: PaymentCheckoutTable;
  payment_callbacks: PaymentCallbackTable;
  notification_preferences: NotificationPreferenceTable;
  phone_verifications: PhoneVerificationTable;
  account_tokens: AccountTokenTable;
  invitations: InvitationTable;
  webhook_endpoints: WebhookEndpointTable;
  outbox: OutboxTable;
  outbox_attempts: OutboxAttemptTable;
  referrals: ReferralTable;
  referral_steps: ReferralStepTable;
  hour_records: HourRecordTable;
  hour_entries: HourEntryTable;
  community_settings: CommunitySettingsTable;
  events: EventTable;
  event_rsvps: EventRsvpTable;
}

export type Member = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type MemberUpdate = Updateable<MemberTable>;
export type MemberPhoto = Selectable<MemberPhotoTable>;
export type Profile = Selectable<ProfileTable>;
export type NewProfile = Insertable<ProfileTable>;
export type ProfileUpdate = Updateable<ProfileTable>;
export type Session = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;
export type Space = Selectable<SpaceTable>;
export type NewSpace = Insertable<SpaceTable>;
export type SpaceUpdate = Updateable<SpaceTable>;
export type OpeningHours = Selectable<OpeningHoursTable>;
export type NewOpeningHours = Insertable<OpeningHoursTable>;
export type Resource = Selectable<ResourceTable>;
export type NewResource = Insertable<ResourceTable>;
export type ResourceUpdate = Updateable<ResourceTable>;
export type Project = Selectable<ProjectTable>;
export type NewProject = Insertable<ProjectTable>;
export type ProjectMember = Selectable<ProjectMemberTable>;
export type Message = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
export type MessageUpdate = Updateable<MessageTable>;
export type Task = Selectable<TaskTable>;
export type NewTask = Insertable<TaskTable>;
export type TaskUpdate = Updateable<TaskTable>;
export type TaskComment = Selectable<TaskCommentTable>;
export type NewTaskComment = Insertable<TaskCommentTable>;

export type BookingStatus = "confirmed" | "checked_in" | "cancelled" | "no_show";

/** tstzrange columns are written as `[start,end)` literals and read back as text; see the bookings repository. */
type Range = ColumnType<string, string, string>;

export interface BookingTable {
  id: Generated<string>;
  resource_id: string;
  space_id: string;
  member_id: string;
  project_id: string | null;
  series_id: string | null;
  during: Range;
  status: ColumnType<BookingStatus, BookingStatus | undefined, BookingStatus>;
  note: ColumnType<string, string | undefined, string>;
  checked_in_at: TimestampNullable;
  cancelled_at: TimestampNullable;
  cancelled_reason: string | null;
  /** Ended early by the member (check-out); the range was cut at the next grid time then. */
  checked_out_at: TimestampNullable;
  /** What the booking was charged (issue 14): how, and how much; refunded when cancelled before its start. */
  charge_method: ColumnType<ChargeMethod | null, ChargeMethod | null | undefined, ChargeMethod | null>;
  charge_credits: ColumnType<number, number | undefined, number>;
  charge_day_passes: ColumnType<number, number | undefined, number>;
  charge_amount: Rupiah;
  charge_refunded_at: TimestampNullable;
  /** Charged to an invoice: the invoice that billed it (null while it waits for the member's next invoice). */
  invoice_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

/** A member's starred desk or room (once each). */
export interface FavouriteResourceTable {
  member_id: string;
  resource_id: string;
  created_at: Generated<Date>;
}

export interface ClosureTable {
  id: Generated<string>;
  space_id: string;
  during: Range;
  reason: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface WaitlistEntryTable {
  id: Generated<string>;
  member_id: string;
  space_id: string;
  resource_id: string | null;
  kind: ResourceKind | null;
  zone: string | null;
  during: Range;
  status: ColumnType<"waiting" | "promoted" | "cancelled" | "expired", "waiting" | undefined, "waiting" | "promoted" | "cancelled" | "expired">;
  booking_id: string | null;
  created_at: Timestamp;
}

export interface NotificationTable {
  id: Generated<string>;
  member_id: string;
  /** A stable code (server/domain/notifications/notifications.schemas.ts); `data` holds its facts. */
  kind: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  read_at: TimestampNullable;
  created_at: Timestamp;
}

export interface CalendarFeedTable {
  member_id: string;
  version: ColumnType<number, number | undefined, number>;
  rotated_at: Timestamp;
}

export type Booking = Selectable<BookingTable>;
export type NewBooking = Insertable<BookingTable>;
export type Closure = Selectable<ClosureTable>;
export type WaitlistEntry = Selectable<WaitlistEntryTable>;
export type Notification = Selectable<NotificationTable>;
export type NewNotification = Insertable<NotificationTable>;

export type ConnectionStatus = "pending" | "accepted" | "declined";

export interface ConnectionTable {
  id: Generated<string>;
  requester_id: string;
  addressee_id: string;
  note: ColumnType<string, string | undefined, string>;
  status: ColumnType<ConnectionStatus, ConnectionStatus | undefined, ConnectionStatus>;
  introduction_id: string | null;
  created_at: Timestamp;
  responded_at: TimestampNullable;
}

export interface IntroductionTable {
  id: Generated<string>;
  created_by: string | null;
  member_a: string;
  member_b: string;
  note: string;
  created_at: Timestamp;
  /** A room and a time to meet the network manager suggested (issue 16, item 5); none when not. */
  resource_id: ColumnType<string | null, string | null | undefined, string | null>;
  meet_start: TimestampNullable;
  meet_end: TimestampNullable;
}

/** Each of the two says whether they met and whether it was useful (one row each, changed by answering again). */
export interface IntroductionFeedbackTable {
  introduction_id: string;
  member_id: string;
  met: boolean;
  useful: boolean | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** "Introduce me this week": one row per member and week (its Monday in Asia/Jakarta). */
export interface IntroductionOptInTable {
  member_id: string;
  week: ColumnType<string, string, string>;
  created_at: Timestamp;
}

export type Connection = Selectable<ConnectionTable>;
export type Introduction = Selectable<IntroductionTable>;

// ---- Billing (issue 14): integer rupiah, an append-only wallet ledger, invoices numbered without gaps.

export type ChargeMethod = "credits" | "day_pass" | "invoice" | "free";
export type PlanKind = "hot_desk" | "dedicated_desk" | "private_office" | "virtual_office" | "day_passes" | "credits";
export type PlanCycle = "week" | "month" | "quarter" | "year" | "once";
export type SubscriptionStatus = "pending_payment" | "active" | "cancelling" | "ended";
export type InvoiceStatus = "issued" | "paid" | "void";
export type InvoiceKind = "subscription" | "purchase" | "usage" | "manual";
export type PaymentMethod = "transfer" | "cash" | "qris" | "card" | "ewallet" | "virtual_account" | "other";
export type WalletUnit = "credit" | "day_pass";
export type WalletEntryKind = "grant" | "purchase" | "spend" | "refund" | "adjustment" | "expiry";

/** A space's invoicing: the code in its invoice numbers, PPN, and what its invoices print. No row: the defaults. */
export interface BillingSettingsTable {
  space_id: string;
  /** 2–10 capital letters: `INV/<code>/2027/0001`. */
  code: string;
  tax_rate: Decimal;
  prices_include_tax: ColumnType<boolean, boolean | undefined, boolean>;
  legal_name: ColumnType<string, string | undefined, string>;
  npwp: ColumnType<string, string | undefined, string>;
  bank_account: ColumnType<string, string | undefined, string>;
  invoice_note: ColumnType<string, string | undefined, string>;
  payment_terms_days: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface PlanTable {
  id: Generated<string>;
  /** The space that sells it; null: a network-wide plan (admins). */
  space_id: string | null;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  kind: PlanKind;
  price: Rupiah;
  /** The API's `interval`. */
  cycle: PlanCycle;
  credits_per_cycle: ColumnType<number, number | undefined, number>;
  day_passes_per_cycle: ColumnType<number, number | undefined, number>;
  setup_fee: Rupiah;
  deposit: Rupiah;
  /** Bought once (cycle `once`): how many days its credits and passes stay valid; null: until used. */
  valid_days: ColumnType<number | null, number | null | undefined, number | null>;
  public: ColumnType<boolean, boolean | undefined, boolean>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SubscriptionTable {
  id: Generated<string>;
  plan_id: string;
  member_id: string;
  space_id: string | null;
  status: SubscriptionStatus;
  /** The current cycle as local dates in the space's zone: [period_start, period_end). */
  period_start: LocalDate;
  period_end: LocalDate;
  started_on: LocalDate;
  /** Set when cancelled: the last cycle ends on this date. */
  ends_on: LocalDateNullable;
  created_by: string | null;
  created_at: Timestamp;
  cancelled_at: TimestampNullable;
  ended_at: TimestampNullable;
}

/** The last invoice number taken for a space and year (taken in the issuing transaction: no gaps). */
export interface InvoiceSequenceTable {
  space_id: string;
  year: number;
  last: number;
}

/** Who sells or buys, as printed on an invoice the day it was issued. */
export type InvoiceParty = { name: string; address?: string; npwp?: string; email?: string; bankAccount?: string; businessName?: string };

export interface InvoiceTable {
  id: Generated<string>;
  space_id: string;
  member_id: string | null;
  subscription_id: string | null;
  kind: InvoiceKind;
  year: number;
  seq: number;
  number: string;
  status: ColumnType<InvoiceStatus, InvoiceStatus | undefined, InvoiceStatus>;
  locale: ColumnType<"id" | "en", "id" | "en" | undefined, "id" | "en">;
  currency: ColumnType<"IDR", "IDR" | undefined, never>;
  issued_on: LocalDate;
  due_on: LocalDate;
  prices_include_tax: boolean;
  /** The tax base (DPP): total less tax. */
  subtotal: Rupiah;
  tax_rate: Decimal;
  tax_amount: Rupiah;
  total: Rupiah;
  /** Sums of the payments recorded: money received, and tax the payer withheld (PPh 23 / 4(2)). */
  paid: Rupiah;
  withheld: Rupiah;
  seller: ColumnType<InvoiceParty, string, string>;
  buyer: ColumnType<InvoiceParty, string, string>;
  note: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: Timestamp;
  paid_at: TimestampNullable;
  voided_at: TimestampNullable;
  void_reason: string | null;
}

export interface InvoiceLineTable {
  id: Generated<string>;
  invoice_id: string;
  position: number;
  /** What the line is (its words come from the dictionaries, in the invoice's language) and the facts they name. */
  kind: string;
  /** Text a person gave (a plan's name), printed as is. */
  description: ColumnType<string, string | undefined, string>;
  facts: ColumnType<Record<string, string | number>, string | undefined, string>;
  quantity: Decimal;
  unit_price: Rupiah;
  amount: Rupiah;
  plan_id: string | null;
  booking_id: string | null;
}

/**
 * The wallet's append-only ledger. A grant, purchase or positive adjustment opens a lot (`lot_id` = its own id, with
 * its expiry); every other entry draws on a lot. A trigger keeps each lot's sum at or above zero and refuses updates.
 */
export interface WalletEntryTable {
  id: string;
  member_id: string;
  /** Where the lot may be spent: one space, or (null) every space. */
  space_id: string | null;
  unit: WalletUnit;
  amount: number;
  kind: WalletEntryKind;
  lot_id: string;
  expires_on: LocalDateNullable;
  reason: string | null;
  booking_id: string | null;
  subscription_id: string | null;
  invoice_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  /** The movement the entry belongs to (entries written together share it); null: the entry alone. */
  movement_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PaymentTable {
  id: Generated<string>;
  invoice_id: string;
  amount: Rupiah;
  withheld: Rupiah;
  method: PaymentMethod;
  reference: ColumnType<string, string | undefined, string>;
  paid_at: ColumnType<Date, Date | string, Date | string>;
  recorded_by: string | null;
  provider: string | null;
  provider_ref: string | null;
  created_at: Timestamp;
}

/** A hosted payment page opened at a gateway for an invoice. */
export interface PaymentCheckoutTable {
  id: Generated<string>;
  invoice_id: string;
  provider: string;
  external_id: string;
  provider_id: string | null;
  url: string;
  amount: Rupiah;
  status: ColumnType<"pending" | "paid" | "expired" | "failed", "pending" | "paid" | "expired" | "failed" | undefined, "pending" | "paid" | "expired" | "failed">;
  expires_at: TimestampNullable;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Each gateway callback handled, by the provider's own key for it: a replay changes nothing. */
export interface PaymentCallbackTable {
  provider: string;
  event_key: string;
  outcome: string;
  received_at: Timestamp;
}

export type BillingSettings = Selectable<BillingSettingsTable>;
export type NewBillingSettings = Insertable<BillingSettingsTable>;
export type Plan = Selectable<PlanTable>;
export type NewPlan = Insertable<PlanTable>;
export type PlanUpdate = Updateable<PlanTable>;
export type Subscription = Selectable<SubscriptionTable>;
export type NewSubscription = Insertable<SubscriptionTable>;
export type Invoice = Selectable<InvoiceTable>;
export type NewInvoice = Insertable<InvoiceTable>;
export type InvoiceLine = Selectable<InvoiceLineTable>;
export type NewInvoiceLine = Insertable<InvoiceLineTable>;
export type WalletEntry = Selectable<WalletEntryTable>;
export type NewWalletEntry = Insertable<WalletEntryTable>;
export type Payment = Selectable<PaymentTable>;
export type NewPayment = Insertable<PaymentTable>;
export type PaymentCheckout = Selectable<PaymentCheckoutTable>;

// Issue 15: reaching people (server/domain/messaging).

export type OutboxChannel = "email" | "whatsapp" | "webhook";
/**
 * pending: waiting for `available_at`; sending: claimed by a worker until `lease_until`; sent: handed over;
 * kept: mail with no SMTP server configured (shown on the admin's sent-mail page); skipped: no longer wanted when
 * its turn came (a mention already read); dead: gave up (or refused for good), until an admin retries it.
 */
export type OutboxStatus = "pending" | "sending" | "sent" | "kept" | "skipped" | "dead";
export type OutboxOutcome = "sent" | "kept" | "skipped" | "retry" | "dead";

export interface NotificationPreferenceTable {
  member_id: string;
  email: ColumnType<boolean, boolean | undefined, boolean>;
  whatsapp: ColumnType<boolean, boolean | undefined, boolean>;
  /** E.164 (`+6281234567890`); WhatsApp goes to it only once verified. */
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  phone_verified_at: TimestampNullable;
  /** Kinds the member switched off (`{"booking_reminder": false}`); a missing kind is on. */
  kinds: ColumnType<Record<string, boolean>, string | undefined, string>;
  updated_at: Timestamp;
}

export interface PhoneVerificationTable {
  member_id: string;
  phone: string;
  code_hash: string;
  attempts: ColumnType<number, number | undefined, number>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  created_at: Timestamp;
}

export interface AccountTokenTable {
  /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
  token_hash: string;
  /** `email_change`: `email` is the new address, which becomes the account's when the link is opened. */
  purpose: "password_reset" | "email_verification" | "email_change";
  member_id: string;
  /** The address the link was sent to (a verification proves this address, not a later one). */
  email: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: TimestampNullable;
  created_at: Timestamp;
}

export interface InvitationTable {
  id: Generated<string>;
  token_hash: string;
  email: string | null;
  phone: string | null;
  role: ColumnType<Role, Role | undefined, Role>;
  space_id: string | null;
  project_id: string | null;
  invited_by: string | null;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  accepted_at: TimestampNullable;
  accepted_by: string | null;
  revoked_at: TimestampNullable;
  created_at: Timestamp;
}

export interface WebhookEndpointTable {
  id: Generated<string>;
  url: string;
  events: string[];
  description: ColumnType<string, string | undefined, string>;
  /** `whsec_<base64>`: shown once when registered, kept to sign deliveries. */
  secret: string;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  disabled_at: TimestampNullable;
  disabled_reason: ColumnType<"gone" | "failing" | "admin" | null, "gone" | "failing" | "admin" | null | undefined, "gone" | "failing" | "admin" | null>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<string>;
  channel: OutboxChannel;
  /** A message kind (server/domain/messaging/messages.schemas.ts) or, for webhooks, the event type. */
  kind: string;
  member_id: string | null;
  /** An email address, an E.164 phone number, or a webhook endpoint's URL (as it was when written). */
  address: string;
  endpoint_id: string | null;
  locale: ColumnType<"id" | "en", "id" | "en" | undefined, "id" | "en">;
  /** Mail and WhatsApp: the message's facts `{kind, data}`. Webhooks: the body `{type, timestamp, data}`. */
  payload: ColumnType<Record<string, unknown>, string, string>;
  /** Written once per key (a reminder per booking and channel): a second enqueue is a no-op. */
  dedupe_key: string | null;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  available_at: ColumnType<Date, Date | string, Date | string>;
  lease_until: TimestampNullable;
  last_error: string | null;
  response_status: number | null;
  /** Mail as rendered when it was handed over or kept: `{subject, text, html}` (the sent-mail page). */
  rendered: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, Date | string, Date | string>;
  sent_at: TimestampNullable;
}

export interface OutboxAttemptTable {
  id: Generated<string>;
  outbox_id: string;
  attempt: number;
  started_at: ColumnType<Date, Date | string, Date | string>;
  duration_ms: number;
  outcome: OutboxOutcome;
  response_status: number | null;
  error: string | null;
}

export type NotificationPreference = Selectable<NotificationPreferenceTable>;
export type AccountToken = Selectable<AccountTokenTable>;
export type Invitation = Selectable<InvitationTable>;
export type NewInvitation = Insertable<InvitationTable>;
export type WebhookEndpoint = Selectable<WebhookEndpointTable>;
export type NewWebhookEndpoint = Insertable<WebhookEndpointTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type OutboxAttempt = Selectable<OutboxAttemptTable>;

export type ReferralStatus = "given" | "contacted" | "meeting" | "won" | "lost";

/** Business one member passed to another (issue 16); forward-only steps, `won` with the closed value. */
export interface ReferralTable {
  id: Generated<string>;
  /** Null once that member deleted their account. */
  from_member_id: string | null;
  to_member_id: string | null;
  prospect: string;
  description: string;
  estimated_value: RupiahNullable;
  status: ColumnType<ReferralStatus, ReferralStatus | undefined, ReferralStatus>;
  closed_value: RupiahNullable;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ReferralStepTable {
  referral_id: string;
  status: ReferralStatus;
  at: ColumnType<Date, Date | string, Date | string>;
}

export type HourRecordStatus = "pending" | "confirmed" | "rejected";

/** Hours a member says they gave another; the receiver confirms (a ledger entry) or rejects. */
export interface HourRecordTable {
  id: Generated<string>;
  giver_id: string;
  receiver_id: string;
  minutes: number;
  description: string;
  status: ColumnType<HourRecordStatus, HourRecordStatus | undefined, HourRecordStatus>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The append-only hours ledger: each entry credits one member and debits another the same minutes. */
export interface HourEntryTable {
  id: Generated<string>;
  record_id: string;
  creditor_id: string;
  debtor_id: string;
  minutes: number;
  kind: "transfer" | "reversal";
  reverses_id: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CommunitySettingsTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  /** The lowest hours balance a member may reach, in minutes (≤ 0). */
  hours_credit_limit_minutes: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type EventVisibility = "members" | "public";
export type RsvpStatus = "going" | "waitlisted" | "cancelled";

/** A community event at a space (issue 16); a weekly series shares `series_id`; with a room, its booking. */
export interface EventTable {
  id: Generated<string>;
  space_id: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  start_at: ColumnType<Date, Date | string, Date | string>;
  end_at: ColumnType<Date, Date | string, Date | string>;
  capacity: number;
  resource_id: string | null;
  booking_id: string | null;
  visibility: EventVisibility;
  series_id: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  cancelled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** One member's answer to an event: going, waitlisted (with a position from 1) or cancelled; check-in time. */
export interface EventRsvpTable {
  event_id: string;
  member_id: string;
  status: RsvpStatus;
  position: number | null;
  checked_in_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type Referral = Selectable<ReferralTable>;
export type HourRecord = Selectable<HourRecordTable>;
export type HourEntry = Selectable<HourEntryTable>;
