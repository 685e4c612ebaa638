export { createProjectsService } from "./projects.service.js";
export type { ProjectsService } from "./projects.service.js";
export * as projectsSchemas from "./projects.schemas.js";
export type { ProjectOut } from "./projects.schemas.js";
