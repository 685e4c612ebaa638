// Isu 15, prefs: setiap kata di bagian ini.
export const idReachPrefs = {
  "errors.rule_violation.phone_unverified": "Konfirmasi nomor telepon Anda dulu: masukkan kode yang kami kirim lewat WhatsApp.",
  "errors.rule_violation.wrong_code": "Kode itu salah.",
  "errors.rule_violation.code_expired": "Kode itu sudah kedaluwarsa atau terlalu sering dicoba: minta kode baru.",
  "errors.rule_violation.no_phone": "Tambahkan nomor telepon dulu.",
  "errors.rule_violation.unknown_kind": "Tidak ada jenis pesan bernama {kind}.",
};
