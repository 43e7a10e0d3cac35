import { type FormEvent, useEffect, useId, useState } from 'react';

/** The typed text of a search form: follows the URL's value when that changes elsewhere (back button, "clear filters"). */
function useSearchText(value: string, onSearch: (value: string) => void) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim());
  }
  return { text, setText, submit };
}

/**
 * A search box as a form (`role="search"`): typing changes nothing until it is submitted, so the
 * URL (and the query) changes once per search. The label is tied by `for`/`id` (a filter grid).
 */
export function SearchForm({ value, label, button, onSearch }: { value: string; label: string; button: string; onSearch: (value: string) => void }) {
  const id = useId();
  const { text, setText, submit } = useSearchText(value, onSearch);
  return (
    <form role="search" aria-label={label} onSubmit={submit} className="search-form">
      <div className="select-field">
        <label htmlFor={id}>{label}</label>
        <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit">{button}</button>
    </form>
  );
}

/** The same search form inline in a filter bar, its label wrapped around the box; `formLabel` names the form. */
export function SearchBox({
  value,
  label,
  button,
  formLabel,
  name = 'search',
  placeholder,
  onSearch,
}: {
  value: string;
  label: string;
  button: string;
  formLabel?: string;
  name?: string;
  placeholder?: string;
  onSearch: (value: string) => void;
}) {
  const { text, setText, submit } = useSearchText(value, onSearch);
  return (
    <form role="search" onSubmit={submit} className="filters" aria-label={formLabel}>
      <label>
        {label}
        <input type="search" name={name} value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit">{button}</button>
    </form>
  );
}
