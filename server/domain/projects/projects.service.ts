import { createMembershipService } from "./membership.service.js";
import { createMessagesService } from "./messages.service.js";
import type { ProjectsDeps } from "./projects.model.js";
import type { MeetingFacts } from "./projects.schemas.js";
import { createTasksService } from "./tasks.service.js";

/** A booking made for a project, as the room's system message states it. */
export type MeetingInfo = MeetingFacts;

/**
 * The projects context as one service, composed of its concerns: membership (projects and who is in them),
 * messages (the room's history, catch-up, read marks, system messages) and tasks (the board).
 */
export function createProjectsService(deps: ProjectsDeps) {
  return { ...createMembershipService(deps), ...createMessagesService(deps), ...createTasksService(deps) };
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
