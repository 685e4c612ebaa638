// A room-grid cell's button: one value for the three fields of a booking, so one form serves the whole grid (one
// form per cell made the space page heavy to hydrate). Pure; shared by the page and runBookingIntent.

/** The name the cell buttons post under. */
export const SLOT_FIELD = "slot";

/** `resourceId start end` (the server's own slot instants, which hold no spaces). */
export function slotValue(resourceId: string, start: string, end: string): string {
  return `${resourceId} ${start} ${end}`;
}

/** The fields of a posted slot (each still checked by the booking schema); none for anything but three words. */
export function slotFields(value: string | undefined): { resourceId?: string; start?: string; end?: string } {
  const parts = (value ?? "").trim().split(/\s+/);
  if (parts.length !== 3) return {};
  const [resourceId, start, end] = parts;
  return { resourceId, start, end };
}
