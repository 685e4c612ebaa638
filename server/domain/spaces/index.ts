export { createSpacesService, toResource, FLOOR_IMAGE_MAX_BYTES } from "./spaces.service.js";
export type { SpacesService, SpaceDetail } from "./spaces.service.js";
export * as spacesSchemas from "./spaces.schemas.js";
export type { SpaceOut, ResourceOut, SpaceUpdateInput, DeactivateInput } from "./spaces.schemas.js";
export { requireSpaceOperator, runsSpace, soleSpaceOf } from "./access.js";
export type { SpaceOperatorOut } from "./spaces.service.js";
