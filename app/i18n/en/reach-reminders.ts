// Issue 15, reminders: a space's reminder lead time in its settings.
export const enReachReminders = {
  "op.space.reminder": "Booking reminder",
  "op.space.reminderHint": "Members get it by email or WhatsApp, as they choose, this long before their booking starts. A change applies to bookings made or moved from then on.",
  "op.space.reminder.none": "No reminder",
  "op.space.reminder.minutes": "{count, plural, one {# minute before} other {# minutes before}}",
  "op.space.reminder.hours": "{count, plural, one {# hour before} other {# hours before}}",
  "op.space.reminder.days": "{count, plural, one {# day before} other {# days before}}",
} as const;
