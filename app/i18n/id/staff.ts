import type { enStaff } from "../en/staff";

// Siapa mengelola ruang kerja mana: halaman admin untuk menugaskan operator ke ruang kerja (isu 14, butir 0).
export const idStaff: Record<keyof typeof enStaff, string> = {
  "meta.adminSpaces.title": "Operator ruang kerja",
  "meta.adminSpaces.about": "Operator mana yang mengelola ruang kerja mana.",
  "staff.title": "Operator ruang kerja",
  "staff.intro": "Operator hanya melihat dan mengubah ruang kerja yang ia kelola; admin mengelola semua ruang kerja. Ruang kerja tanpa operator dikelola oleh admin.",
  "staff.operators": "Operator",
  "staff.none": "Belum ada operator: dikelola admin.",
  "staff.assignedBy": "ditugaskan oleh {name} pada {date}",
  "staff.assignedOn": "ditugaskan pada {date}",
  "staff.remove": "Hapus",
  "staff.removeOf": "Hapus {name} dari {space}",
  "staff.addTo": "Operator yang ditambahkan ke {space}",
  "staff.addButton": "Tugaskan",
  "staff.noneLeft": "Semua operator sudah mengelola ruang kerja ini. Beri dulu seorang anggota peran operator di halaman Anggota.",
  "staff.assigned": "{name} kini mengelola {space}.",
  "staff.removed": "{name} tidak lagi mengelola {space}.",
};
