export { createProjectsService } from "./projects.service.js";
export type { ProjectsService, MeetingInfo } from "./projects.service.js";
export * as projectsSchemas from "./projects.schemas.js";
export type { ProjectOut, ProjectDetailOut, ProjectMemberOut, MessageOut, TaskOut, CatchUp, ConversationOut, ConversationDetailOut } from "./projects.schemas.js";
export type { MeetingPlan, MeetingPlanSpace } from "./meeting-plan.js";
