export { createIdentityService, toMemberSummary, LOGIN_LIMITS } from "./identity.service.js";
export type { IdentityService, MemberSummary, Viewer } from "./identity.service.js";
export * as identitySchemas from "./identity.schemas.js";
export * as accountsSchemas from "./accounts.schemas.js";
export { hashPassword, verifyPassword, SCRYPT_PARAMS } from "./password.js";
export { createThrottle } from "./throttle.js";
export type { Reservation, Throttle, ThrottleRule } from "./throttle.js";
export { createAccountsService } from "./accounts.service.js";
export type { AccountsService } from "./accounts.service.js";
