export { createNetworkService } from "./network.service.js";
export type { NetworkService } from "./network.service.js";
export * as networkSchemas from "./network.schemas.js";
export type { ProfileOut } from "./network.schemas.js";
