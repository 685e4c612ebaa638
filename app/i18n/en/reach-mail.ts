// Issue 15, mail: every word of this area.
export const enReachMail = {
} as const;
