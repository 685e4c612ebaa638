// Why a member is a match, in the reader's language: the reasons arrive as facts (tags in common, projects
// together) and the plural and the list are the dictionary's and Intl's.

import type { MatchReason as ReasonOut } from "../../server/domain/network/network.schemas";
import type { Translate } from "../i18n/index";

/** A reason's kind and facts (the API's word-free `detail` is not needed to say it). */
export type MatchReason = ReasonOut extends infer R ? (R extends ReasonOut ? Omit<R, "detail"> : never) : never;

export function matchReasonText(r: MatchReason, t: Translate): string {
  switch (r.kind) {
    case "here_today":
      return t("reason.here_today");
    case "shared_project":
      return t("reason.shared_project", { count: r.data.count });
    default:
      return t(`reason.${r.kind}`, { tags: r.data.tags, count: r.data.tags.length });
  }
}
