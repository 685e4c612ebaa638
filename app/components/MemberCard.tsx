import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Avatar } from "./Avatar";

export type Card = { id: string; name: string; headline: string; businessName: string; city: string; specialties: string[]; offers: string[]; needs: string[]; photoUrl?: string | null };

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
        <Avatar id={member.id} name={member.name} size="md" photoUrl={member.photoUrl} />
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
