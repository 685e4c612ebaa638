export { createBookingsService, CHECK_IN_OPENS_MINUTES } from "./bookings.service.js";
export type { BookingsService } from "./bookings.service.js";
export * as bookingsSchemas from "./bookings.schemas.js";
export type { BookingOut, AvailabilityOut } from "./bookings.schemas.js";
