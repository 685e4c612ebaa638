import type { ReactNode } from "react";

/**
 * A titled section on a surface: `<section aria-labelledby>` with an h2 (or the level given), an optional action
 * beside the title (e.g. "See all") and the content.
 */
export function Card({ id, title, action, children, className, level = 2, testId }: { id: string; title: ReactNode; action?: ReactNode; children: ReactNode; className?: string; level?: 2 | 3; testId?: string }) {
  const Heading = `h${level}` as const;
  return (
    <section className={`card card-section${className ? ` ${className}` : ""}`} aria-labelledby={`${id}-title`} data-testid={testId}>
      <div className="card-head">
        <Heading id={`${id}-title`}>{title}</Heading>
        {action}
      </div>
      {children}
    </section>
  );
}
