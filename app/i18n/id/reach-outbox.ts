// Isu 15, outbox: setiap kata di bagian ini.
export const idReachOutbox = {
  "errors.not_found.outbox_message": "Pesan itu tidak ada.",
  "errors.invalid_transition.not_dead": "Hanya pesan yang sudah gagal terkirim yang bisa dicoba lagi.",
};
