import { Link } from "@remix-run/react";
import type { ComponentType, ReactNode } from "react";

type IconType = ComponentType<{ className?: string; "aria-hidden"?: boolean | "true" | "false" }>;

/**
 * Nothing to show yet, and what to do about it: an icon, a short title, one line of why, and the next step (a
 * link, or any action passed as children, e.g. a form).
 */
export function EmptyState({
  icon: Icon,
  title,
  body,
  action,
  children,
  headingLevel = 3,
  testId,
}: {
  icon?: IconType;
  title: string;
  body?: ReactNode;
  action?: { to: string; label: string };
  children?: ReactNode;
  headingLevel?: 2 | 3 | 4;
  testId?: string;
}) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className="empty-state" data-testid={testId}>
      {Icon ? (
        <span className="empty-state-icon">
          <Icon className="icon" aria-hidden="true" />
        </span>
      ) : null}
      <div className="empty-state-text">
        <Heading className="empty-state-title">{title}</Heading>
        {body ? <p className="muted">{body}</p> : null}
        {action || children ? (
          <div className="cluster">
            {action ? (
              <Link className="button secondary small" to={action.to}>
                {action.label}
              </Link>
            ) : null}
            {children}
          </div>
        ) : null}
      </div>
    </div>
  );
}
