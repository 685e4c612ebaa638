// Issue 15, whatsapp: every word of this area (the local rendering of each approved template; {1}… are its parameters).
export const enReachWhatsapp = {
  "whatsapp.booking_reminder": "Reminder: your booking of {resource} at {space} starts {start}.",
  "whatsapp.invoice_issued": "Invoice {number} from {space}: {total}, due {dueOn}.",
  "whatsapp.introduction": "{name} was introduced to you: {headline}. Open Jejaring to say hello.",
  "whatsapp.phone_verification": "Your Jejaring code is {code}. It works for 10 minutes; never share it.",
  "whatsapp.invitation": "{inviter} invites you to Jejaring: {url}",
} as const;
