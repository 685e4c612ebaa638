import { useEffect, useState, type KeyboardEvent } from "react";
import { FieldFrame } from "~/components/Field";

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
  const [enhanced, setEnhanced] = useState(false);
  const [tags, setTags] = useState(defaultValue);
  const [draft, setDraft] = useState("");
  useEffect(() => setEnhanced(true), []);
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
    <FieldFrame
      label={label}
      hint={hint}
      error={error}
      control={(p) =>
        enhanced ? (
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
              {...p}
              list={`${p.id}-list`}
              value={draft}
              onChange={(e) => (e.target.value.endsWith(",") ? add(e.target.value) : setDraft(e.target.value))}
              onKeyDown={onKey}
            />
            <input type="hidden" name={name} value={[...tags, ...(draft.trim() ? [draft.trim()] : [])].join(", ")} />
            <Suggestions id={`${p.id}-list`} suggestions={suggestions} />
          </>
        ) : (
          <>
            <input {...p} name={name} list={`${p.id}-list`} defaultValue={defaultValue.join(", ")} />
            <Suggestions id={`${p.id}-list`} suggestions={suggestions} />
          </>
        )
      }
    />
  );
}

function Suggestions({ id, suggestions }: { id: string; suggestions: string[] }) {
  return (
    <datalist id={id}>
      {suggestions.map((s) => (
        <option key={s} value={s} />
      ))}
    </datalist>
  );
}
