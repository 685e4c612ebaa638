// Isu 15, webhooks: setiap kata di bagian ini.
export const idReachWebhooks = {
  "errors.not_found.webhook": "Endpoint webhook itu tidak ada.",
  "errors.rule_violation.private_address": "Webhook tidak dikirim ke {host}: itu alamat loopback, privat, link-local, atau metadata.",
  "errors.rule_violation.webhook_event": "{type} bukan peristiwa yang bisa diikuti webhook.",
  "errors.rule_violation.webhook_url": "URL webhook memakai http atau https, dengan nama host dan tanpa nama pengguna atau kata sandi.",
};
