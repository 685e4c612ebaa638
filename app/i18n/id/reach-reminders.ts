// Isu 15, pengingat: berapa lama sebelum pemesanan pengingatnya dikirim, di pengaturan ruang.
import type { enReachReminders } from "../en/reach-reminders";

export const idReachReminders: Record<keyof typeof enReachReminders, string> = {
  "op.space.reminder": "Pengingat pemesanan",
  "op.space.reminderHint": "Anggota menerimanya lewat email atau WhatsApp, sesuai pilihan mereka, selama ini sebelum pemesanannya dimulai. Perubahan berlaku untuk pemesanan yang dibuat atau dipindah sesudahnya.",
  "op.space.reminder.none": "Tanpa pengingat",
  "op.space.reminder.minutes": "{count} menit sebelumnya",
  "op.space.reminder.hours": "{count} jam sebelumnya",
  "op.space.reminder.days": "{count} hari sebelumnya",
};
