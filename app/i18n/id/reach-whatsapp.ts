// Isu 15, whatsapp: setiap kata di bagian ini (tampilan lokal tiap template yang disetujui).
export const idReachWhatsapp = {
  "whatsapp.booking_reminder": "Pengingat: pemesanan {resource} di {space} Anda dimulai {start}.",
  "whatsapp.invoice_issued": "Faktur {number} dari {space}: {total}, jatuh tempo {dueOn}.",
  "whatsapp.introduction": "{name} diperkenalkan kepada Anda: {headline}. Buka Jejaring untuk menyapa.",
  "whatsapp.phone_verification": "Kode Jejaring Anda {code}. Berlaku 10 menit; jangan berikan kepada siapa pun.",
  "whatsapp.invitation": "{inviter} mengundang Anda ke Jejaring: {url}",
};
