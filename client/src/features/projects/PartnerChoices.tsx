import type { TypedDocumentNode } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { FieldError } from '../../ui/Field';
import { type Connection, queryAllPages } from '../../ui/useAllPages';

/** One choice of a ChoiceList: its id and the text next to its checkbox. */
export interface Choice {
  id: string;
  label: string;
}

/** Lists longer than this get a search field. */
const SEARCH_FROM = 8;

/** Lower case without accents, for a search that finds "Sint-Géry" by "gery". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * A multiple choice as a fieldset of checkboxes (legend = its name, hint and error read with it
 * through aria-describedby), in a scrolling box; a search field above a long list narrows what is
 * shown, the chosen ones always stay visible. `choices` null while loading; `message` replaces the
 * list (loading, nothing to choose from, choose something else first).
 */
export function ChoiceList({
  id,
  legend,
  hint,
  error,
  choices,
  chosen,
  onChange,
  searchLabel,
  message,
}: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  choices: readonly Choice[];
  chosen: readonly string[];
  onChange: (ids: string[]) => void;
  searchLabel: string;
  message?: string | null;
}) {
  const { t } = useT('projects');
  const [search, setSearch] = useState('');
  const needle = fold(search.trim());
  const shown = needle ? choices.filter((c) => chosen.includes(c.id) || fold(c.label).includes(needle)) : choices;
  const count = chosen.filter((c) => choices.some((x) => x.id === c)).length;
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;

  return (
    <fieldset className="choices" id={id} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {message ? (
        <span className="hint">{message}</span>
      ) : (
        <>
          {choices.length > SEARCH_FROM && (
            <div className="choices-search">
              <label htmlFor={`${id}-search`}>{searchLabel}</label>
              <input id={`${id}-search`} type="search" autoComplete="off" value={search} onChange={(e) => setSearch(e.target.value)} />
            </div>
          )}
          <span className="hint" aria-live="polite">
            {t('form.partners.chosen', { count })}
          </span>
          {shown.length === 0 ? (
            <span className="hint">{t('form.partners.noMatch', { search: search.trim() })}</span>
          ) : (
            <ul className="choices-list">
              {shown.map((c) => (
                <li key={c.id}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={chosen.includes(c.id)}
                      aria-invalid={error ? true : undefined}
                      onChange={(e) => onChange(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))}
                    />
                    {c.label}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

type PerMunicipality = { municipalityId: string; after?: string | null };

/**
 * Every node of a per-municipality query (organisations, schools) for each of `municipalityIds`,
 * each municipality fetched once (from the cache after that): `nodes` of the ones loaded so far,
 * `loading` while one is still on its way, `failed` when one could not be loaded.
 */
export function useOptionsPer<TData, TNode>(
  query: TypedDocumentNode<TData, PerMunicipality>,
  connection: (data: TData) => Connection<TNode>,
  municipalityIds: readonly string[],
): { nodes: TNode[]; loading: boolean; failed: boolean } {
  const client = useApolloClient();
  const [loaded, setLoaded] = useState<Record<string, TNode[] | 'failed'>>({});
  const key = municipalityIds.join(',');
  useEffect(() => {
    let live = true;
    for (const municipalityId of key ? key.split(',') : []) {
      if (municipalityId in loaded) continue;
      queryAllPages(client, query, { municipalityId }, connection, 'cache-first')
        .then((nodes) => live && setLoaded((l) => ({ ...l, [municipalityId]: nodes })))
        .catch(() => live && setLoaded((l) => ({ ...l, [municipalityId]: 'failed' })));
    }
    return () => {
      live = false;
    };
    // Not on `connection` (a new function each render) nor `loaded` (it changes with each answer).
  }, [client, query, key]);
  return {
    nodes: municipalityIds.flatMap((m) => {
      const nodes = loaded[m];
      return Array.isArray(nodes) ? nodes : [];
    }),
    loading: municipalityIds.some((m) => !(m in loaded)),
    failed: municipalityIds.some((m) => loaded[m] === 'failed'),
  };
}

/** Whether a municipality existed during a period: the server's rule for a partner. */
export function existedDuring(m: { validFrom: string; validTo?: string | null }, period: { startsOn: string; endsOn: string }): boolean {
  return !(m.validTo && m.validTo < period.startsOn) && !(m.validFrom > period.endsOn);
}
