import { Star } from "lucide-react";

/**
 * Star or unstar one desk or room: a button of the page's shared star (or unstar) form, posting the resource's id
 * (a plain form post without JavaScript; one form for the whole page, not one per desk). The button says what it
 * does for whom; `aria-pressed` tells whether it is starred now.
 */
export function StarToggle({
  forms,
  resourceId,
  starred,
  label,
}: {
  /** The ids of the page's star and unstar forms. */
  forms: { star: string; unstar: string };
  resourceId: string;
  starred: boolean;
  /** "Add D-01 to favourites" / "Remove D-01 from favourites". */
  label: string;
}) {
  return (
    <button
      type="submit"
      form={starred ? forms.unstar : forms.star}
      name="resourceId"
      value={resourceId}
      className={`icon-button star-toggle${starred ? " is-starred" : ""}`}
      aria-pressed={starred}
      aria-label={label}
      title={label}
    >
      <Star className="icon icon-sm" aria-hidden="true" fill={starred ? "currentColor" : "none"} />
    </button>
  );
}
