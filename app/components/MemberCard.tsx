import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export type Card = { id: string; name: string; headline: string; businessName: string; city: string; specialties: string[]; offers: string[]; needs: string[] };

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase() || "?";
}

export function Avatar({ name, size = "md" }: { name: string; size?: "md" | "lg" }) {
  return (
    <span className={`avatar avatar-${size}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function TagList({ label, tags }: { label: string; tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <div className="tag-row">
      <span className="tag-label">{label}</span>
      <ul className="tags" aria-label={label}>
        {tags.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
    </div>
  );
}

/** A member in a list: avatar, name (links to the profile), headline, what they offer and need. */
export function MemberCard({ member, labels, children }: { member: Card; labels: { offers: string; needs: string }; children?: ReactNode }) {
  return (
    <article className="card member-card" aria-labelledby={`m-${member.id}`}>
      <div className="member-head">
        <Avatar name={member.name} />
        <div>
          <h3 id={`m-${member.id}`}>
            <Link to={`/members/${member.id}`}>{member.name}</Link>
          </h3>
          {member.headline ? <p className="muted">{member.headline}</p> : null}
          {member.businessName || member.city ? (
            <p className="muted small">{[member.businessName, member.city].filter(Boolean).join(" · ")}</p>
          ) : null}
        </div>
      </div>
      <TagList label={labels.offers} tags={member.offers} />
      <TagList label={labels.needs} tags={member.needs} />
      {children}
    </article>
  );
}
