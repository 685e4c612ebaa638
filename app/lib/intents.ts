// Intents shared by several pages: the value a form's `<button name="intent">` (or hidden input) posts and the case
// the action's switch runs. A page's own intents sit beside its action.

/** The value type of an intents object. */
export type IntentOf<T extends Record<string, string>> = T[keyof T];

/** Booking from the space page, "My bookings" and a project room (runBookingIntent). */
export const BOOKING_INTENTS = {
  book: "book",
  bookAny: "book-any",
  wait: "wait",
  cancel: "cancel",
  cancelSeries: "cancel-series",
  checkIn: "check-in",
  /** End a begun booking now. */
  checkOut: "check-out",
  /** Change a booking's time and/or resource (the booking's own page). */
  move: "move",
  /** Star or unstar a desk or room. */
  star: "star",
  unstar: "unstar",
} as const;

/** Connect, accept, decline and remove from the profile, connections and matches pages (runNetworkIntent). */
export const NETWORK_INTENTS = {
  connect: "connect",
  accept: "accept",
  decline: "decline",
  /** Remove a connection or withdraw a request (after a confirmation step). */
  remove: "remove-connection",
} as const;

/** A space's resources, from the resources list and the floor-plan editor (runResourceIntent). */
export const RESOURCE_INTENTS = {
  add: "add",
  edit: "edit",
  deactivate: "deactivate",
  activate: "activate",
} as const;

/** The project room's forms (the page, the chat and the task board) and runRoomIntent's switch. */
export const ROOM_INTENTS = {
  send: "send",
  editMessage: "edit-message",
  deleteMessage: "delete-message",
  addMember: "add-member",
  removeMember: "remove-member",
  leave: "leave",
  makeOwner: "make-owner",
  editProject: "edit-project",
  createTask: "create-task",
  moveTask: "move-task",
  updateTask: "update-task",
  /** Booking a meeting room: the booking form's own intent, run by runBookingIntent for the project. */
  book: BOOKING_INTENTS.book,
} as const;
export type RoomIntent = IntentOf<typeof ROOM_INTENTS>;

/** The ledger page (/ledger): business passed on and hours invested (runLedgerIntent). */
export const LEDGER_INTENTS = {
  give: "give-referral",
  step: "step-referral",
  record: "record-hours",
  confirm: "confirm-hours",
  reject: "reject-hours",
} as const;

/** Inviting someone by a sign-up link and withdrawing it (admin members, a space's invitations, a project room). */
export const INVITATION_INTENTS = {
  invite: "invite",
  withdraw: "withdraw-invitation",
} as const;

/** A community event's forms: RSVP, cancel it, check in (oneself, or a member by the space's operator), create. */
export const EVENT_INTENTS = {
  rsvp: "event-rsvp",
  cancel: "event-cancel",
  checkIn: "event-check-in",
  create: "event-create",
} as const;
