import { type InputHTMLAttributes, type Ref, useEffect, useState } from 'react';

export interface Suggestion {
  id: string;
  reference: string;
  /** Said after the reference, e.g. the family's current status at this activity. */
  note?: string;
}

/**
 * The reference field of the door form as an ARIA 1.2 combobox with a list of suggestions (list
 * autocomplete, manual selection — WAI-ARIA APG "Editable Combobox With List Autocomplete"):
 *
 * - typing opens the list of `suggestions` (nothing is chosen for the user: Enter without a chosen
 *   suggestion submits the form, so a whole reference plus Enter stays the fastest path);
 * - Down/Up Arrow walk the suggestions (wrapping; the focus stays in the field, the suggestion is
 *   its `aria-activedescendant`), Enter takes the walked-to one, Escape closes the list (and
 *   empties the field when the list is already closed), Tab or leaving the field closes it;
 * - a click or tap on a suggestion takes it without taking the focus out of the field.
 *
 * Taking a suggestion only fills the field (`onPick`); recording is the form's business. The list
 * floats over what follows the field and is as wide as the field, so it never widens the page.
 */
export function ReferenceCombobox({
  id,
  value,
  onChange,
  onPick,
  suggestions,
  listLabel,
  announcement,
  inputRef,
  ...input
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onPick: (suggestion: Suggestion) => void;
  suggestions: readonly Suggestion[];
  /** The listbox's accessible name. */
  listLabel: string;
  /** Said politely while the list is open (how many families match, how to pick). */
  announcement: string;
  inputRef: Ref<HTMLInputElement>;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'role' | 'ref'>) {
  const [wanted, setWanted] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);
  const typed = value.trim().toLowerCase();
  // The one suggestion that is exactly what was typed adds nothing: no list over the buttons then.
  const onlyTheTyped = suggestions.length === 1 && suggestions[0]!.reference.toLowerCase() === typed;
  const open = wanted && typed !== '' && suggestions.length > 0 && !onlyTheTyped;
  const activeIndex = open ? suggestions.findIndex((s) => s.id === activeId) : -1;
  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;

  // Keep the walked-to suggestion in view when the list scrolls.
  useEffect(() => {
    if (activeIndex >= 0) document.getElementById(`${id}-option-${activeIndex}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [id, activeIndex]);

  function pick(suggestion: Suggestion) {
    setWanted(false);
    setActiveId(null);
    onPick(suggestion);
  }

  function walk(step: 1 | -1) {
    if (suggestions.length === 0) return;
    const n = suggestions.length;
    const next = activeIndex < 0 ? (step === 1 ? 0 : n - 1) : (activeIndex + step + n) % n;
    setWanted(true);
    setActiveId(suggestions[next]!.id);
  }

  return (
    <div className="door-combobox">
      <input
        {...input}
        ref={inputRef}
        id={id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
        autoComplete="off"
        value={value}
        onChange={(e) => {
          setWanted(true);
          setActiveId(null);
          onChange(e.target.value);
        }}
        onBlur={() => {
          setWanted(false);
          setActiveId(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            if (typed === '' || suggestions.length === 0) return;
            e.preventDefault();
            walk(e.key === 'ArrowDown' ? 1 : -1);
          } else if (e.key === 'Enter' && activeIndex >= 0) {
            // Takes the suggestion; the form is not submitted (the next Enter records).
            e.preventDefault();
            pick(suggestions[activeIndex]!);
          } else if (e.key === 'Escape') {
            if (open) {
              e.preventDefault();
              setWanted(false);
              setActiveId(null);
            } else if (value !== '') {
              e.preventDefault();
              onChange('');
            }
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label={listLabel} hidden={!open}>
        {open &&
          suggestions.map((s, index) => (
            <li
              key={s.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              // The field keeps the focus (and a phone its keyboard) when a suggestion is tapped.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(s)}
            >
              <span className="door-option-reference">
                <Marked text={s.reference} part={value.trim()} />
              </span>
              {s.note && <span className="door-option-note"> · {s.note}</span>}
            </li>
          ))}
      </ul>
      <span className="visually-hidden" role="status">
        {open ? announcement : ''}
      </span>
    </div>
  );
}

/** The reference with the typed part in bold (the first occurrence, case-insensitive). */
function Marked({ text, part }: { text: string; part: string }) {
  const at = part ? text.toLowerCase().indexOf(part.toLowerCase()) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <strong>{text.slice(at, at + part.length)}</strong>
      {text.slice(at + part.length)}
    </>
  );
}
