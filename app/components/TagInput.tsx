import { useEffect, useId, useState, type KeyboardEvent } from "react";

/**
 * Tags with suggestions. Without JavaScript it is a comma-separated text field with a datalist; once hydrated it
 * becomes removable chips plus an entry field (Enter or comma adds), submitting the same comma-separated value.
 * Tags are shown as typed; the server normalises them ("Packaging Design" = "packaging design").
 */
export function TagInput({
  name,
  label,
  hint,
  error,
  defaultValue,
  suggestions,
  removeLabel,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue: string[];
  suggestions: string[];
  removeLabel: (tag: string) => string;
}) {
  const id = useId();
  const [enhanced, setEnhanced] = useState(false);
  const [tags, setTags] = useState(defaultValue);
  const [draft, setDraft] = useState("");
  useEffect(() => setEnhanced(true), []);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const add = (value: string) => {
    const parts = value.split(",").map((s) => s.trim()).filter(Boolean);
    if (parts.length) setTags((t) => [...t, ...parts.filter((p) => !t.some((x) => x.toLowerCase() === p.toLowerCase()))]);
    setDraft("");
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add(draft);
    } else if (e.key === "Backspace" && !draft && tags.length) {
      setTags((t) => t.slice(0, -1));
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {enhanced ? (
        <>
          <ul className="tags tag-chips">
            {tags.map((tag) => (
              <li key={tag}>
                {tag}{" "}
                <button type="button" className="chip-remove" onClick={() => setTags((t) => t.filter((x) => x !== tag))} aria-label={removeLabel(tag)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <input
            id={id}
            list={`${id}-list`}
            value={draft}
            onChange={(e) => (e.target.value.endsWith(",") ? add(e.target.value) : setDraft(e.target.value))}
            onKeyDown={onKey}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
          />
          <input type="hidden" name={name} value={[...tags, ...(draft.trim() ? [draft.trim()] : [])].join(", ")} />
        </>
      ) : (
        <input id={id} name={name} list={`${id}-list`} defaultValue={defaultValue.join(", ")} aria-describedby={describedBy} aria-invalid={error ? true : undefined} />
      )}
      <datalist id={`${id}-list`}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {hint ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null}
      {error ? <span className="error" id={`${id}-error`}>{error}</span> : null}
    </div>
  );
}
