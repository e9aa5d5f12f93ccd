import { useEffect, useRef, useState } from 'react';
import { get, query } from '../api';
import { link } from '../format';
import type { SearchAnswer } from '../types';

const KIND_OF_INDEX: Record<string, string> = {
  database_service_search_index: 'service', database_search_index: 'database',
  database_schema_search_index: 'schema', table_search_index: 'table',
};

/** The header's search: services, databases, schemas and tables as the user types (step 9's API). */
export function SearchBox() {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchAnswer['hits']['hits']>([]);
  const [open, setOpen] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    const words = text.trim();
    if (!words) {
      setHits([]);
      return;
    }
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      try {
        const answer = await get<SearchAnswer>('/search/query' + query({ q: words, index: 'all', size: 8 }));
        if (ticket === latest.current) {
          setHits(answer.hits.hits);
          setOpen(true);
        }
      } catch {
        if (ticket === latest.current) setHits([]);
      }
    }, 150);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="search-box" onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node)) setOpen(false); }}>
      <label htmlFor="global-search" className="visually-hidden">Search the catalog</label>
      <input id="global-search" type="search" placeholder="Search services, tables, columns…" value={text} autoComplete="off"
        role="combobox" aria-expanded={open && hits.length > 0} aria-controls="search-results"
        onChange={(e) => setText(e.target.value)} onFocus={() => setOpen(true)}
        onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); }} />
      {open && hits.length > 0 && (
        <ul id="search-results" className="search-results" role="listbox">
          {hits.map((hit) => {
            const kind = KIND_OF_INDEX[hit._index] || 'table';
            return (
              <li key={hit._id} role="option" aria-selected="false">
                <a href={link(kind, hit._source.fullyQualifiedName)} onClick={() => { setOpen(false); setText(''); }}>
                  <span className="kind">{kind}</span> {hit._source.displayName || hit._source.name}
                  <span className="muted fqn">{hit._source.fullyQualifiedName}</span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
