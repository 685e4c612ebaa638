import { meetingPlan, type PlanRoom, type PlanSpace } from "./meeting-plan.js";
import { createMembershipService } from "./membership.service.js";
import { createDirectService } from "./direct.service.js";
import { createMessagesService } from "./messages.service.js";
import type { ProjectsDeps } from "./projects.model.js";
import type { MeetingFacts } from "./projects.schemas.js";
import { createTasksService } from "./tasks.service.js";

/** A booking made for a project, as the room's system message states it. */
export type MeetingInfo = MeetingFacts;

/**
 * The projects context as one service, composed of its concerns: membership (projects and who is in them),
 * messages (the room's history, catch-up, read marks, system messages), direct conversations (rooms of two) and
 * tasks (the board).
 */
export function createProjectsService(deps: ProjectsDeps) {
  const messages = createMessagesService(deps);
  return {
    ...createMembershipService(deps),
    ...messages,
    ...createDirectService(deps, messages),
    ...createTasksService(deps),
    /** What "Book a room for the team" offers now: rooms that seat the team, with a first slot in each space's zone. */
    meetingPlan: (teamSize: number, spaces: Array<{ space: PlanSpace; rooms: PlanRoom[] }>) => meetingPlan(deps.clock.now(), teamSize, spaces),
  };
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
