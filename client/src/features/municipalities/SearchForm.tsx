import { type FormEvent, useEffect, useId, useState } from 'react';

/**
 * A search box as a form (`role="search"`): typing changes nothing until it is submitted, so the
 * URL (and the query) changes once per search. Follows the URL when it changes elsewhere (back
 * button, "clear filters").
 */
export function SearchForm({ value, label, button, onSearch }: { value: string; label: string; button: string; onSearch: (value: string) => void }) {
  const id = useId();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim());
  }
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
