export { createSpacesService } from "./spaces.service.js";
export type { SpacesService } from "./spaces.service.js";
export * as spacesSchemas from "./spaces.schemas.js";
export type { SpaceOut } from "./spaces.schemas.js";
