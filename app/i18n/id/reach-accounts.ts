// Isu 15, accounts: setiap kata di bagian ini.
export const idReachAccounts = {
  "errors.not_found.invitation": "Undangan itu tidak ada.",
  "errors.rule_violation.token_invalid": "Tautan ini sudah kedaluwarsa atau sudah dipakai: minta tautan baru.",
  "errors.rule_violation.invitation_invalid": "Undangan ini sudah kedaluwarsa, dibatalkan, atau sudah dipakai: minta undangan baru.",
  "errors.rule_violation.already_verified": "Alamat email ini sudah dikonfirmasi.",
  "errors.forbidden.invite_role": "Anda tidak boleh mengundang orang dengan peran itu atau ke tempat itu.",
};
