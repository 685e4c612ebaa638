import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TimestampNullable = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
type Int8 = ColumnType<string, number | string | bigint | undefined, number | string | bigint>;

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
  updated_at: Timestamp;
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
  created_at: Timestamp;
}

export interface OpeningHoursTable {
  space_id: string;
  weekday: number;
  /** `HH:mm:ss` local wall-clock time in the space's zone. */
  opens: string;
  closes: string;
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
  created_at: Timestamp;
}

export interface ProjectTable {
  id: Generated<string>;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  last_seq: Int8;
  created_at: Timestamp;
}

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
}

export interface Database {
  members: MemberTable;
  profiles: ProfileTable;
  sessions: SessionTable;
  rate_limit_buckets: RateLimitBucketTable;
  idempotency_keys: IdempotencyKeyTable;
  spaces: SpaceTable;
  opening_hours: OpeningHoursTable;
  resources: ResourceTable;
  projects: ProjectTable;
  project_members: ProjectMemberTable;
  messages: MessageTable;
  tasks: TaskTable;
  floor_plan_images: FloorPlanImageTable;
  bookings: BookingTable;
  closures: ClosureTable;
  waitlist_entries: WaitlistEntryTable;
  notifications: NotificationTable;
  calendar_feeds: CalendarFeedTable;
  connections: ConnectionTable;
  introductions: IntroductionTable;
}

export type Member = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type MemberUpdate = Updateable<MemberTable>;
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
  created_at: Timestamp;
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
}

export type Connection = Selectable<ConnectionTable>;
export type Introduction = Selectable<IntroductionTable>;
