// Issue 15, whatsapp: every word of this area.
export const enReachWhatsapp = {
} as const;
