import { useEffect, useState } from 'react';
import { ApiError, get, query } from '../api';
import { link, Refs, Tags, TypeIcon, when } from '../format';
import type { Bucket, SearchAnswer } from '../types';

const PAGE = 25;
/** The filters, each a search field and the aggregation that lists its values. */
const FILTERS = [
  { key: 'serviceType', label: 'Type', field: 'serviceType', aggregation: 'sterms#serviceType' },
  { key: 'owner', label: 'Owner', field: 'owners.displayName.keyword', aggregation: 'sterms#owners.displayName.keyword' },
  { key: 'domain', label: 'Domain', field: 'domains.displayName.keyword', aggregation: 'sterms#domains.displayName.keyword' },
  { key: 'tag', label: 'Tag', field: 'tags.tagFQN', aggregation: 'sterms#tags.tagFQN' },
] as const;
const SORTS: Record<string, [string, string]> = {
  'name-asc': ['name.keyword', 'asc'], 'name-desc': ['name.keyword', 'desc'],
  'updated-desc': ['updatedAt', 'desc'], 'updated-asc': ['updatedAt', 'asc'], relevance: ['_score', 'desc'],
};

/**
 * Every database service: words, filters and order are the server's (the search API), a page at a
 * time; the filters offer the values the server counted for the current search.
 */
export function Services() {
  const [text, setText] = useState('');
  const [words, setWords] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [sort, setSort] = useState('name-asc');
  const [from, setFrom] = useState(0);
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const timer = setTimeout(() => { setWords(text.trim()); setFrom(0); }, 200);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => {
    let live = true;
    const must = FILTERS.filter((f) => filters[f.key]).map((f) => ({ term: { [f.field]: filters[f.key] } }));
    const [sortField, sortOrder] = SORTS[sort];
    setLoading(true);
    get<SearchAnswer>('/search/query' + query({
      q: words || '*', index: 'database_service_search_index', from, size: PAGE, sort_field: sortField, sort_order: sortOrder,
      track_total_hits: 'true', query_filter: must.length ? JSON.stringify({ query: { bool: { must } } }) : undefined,
    }))
      .then((a) => { if (live) { setAnswer(a); setError(''); } })
      .catch((e) => { if (live) setError(e instanceof ApiError ? e.message : String(e)); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [words, filters, sort, from]);

  const total = answer?.hits.total.value ?? 0;
  const buckets = (name: string): Bucket[] => answer?.aggregations?.[name]?.buckets ?? [];

  return (
    <main className="page" aria-labelledby="services-title">
      <div className="page-head">
        <h1 id="services-title">Database services</h1>
        <a className="button" href="#/new-service">Add a service</a>
      </div>
      <div className="toolbar">
        <label htmlFor="service-words" className="visually-hidden">Search services</label>
        <input id="service-words" type="search" placeholder="Search services" value={text} onChange={(e) => setText(e.target.value)} />
        {FILTERS.map((f) => (
          <span key={f.key} className="filter">
            <label htmlFor={'filter-' + f.key}>{f.label}</label>
            <select id={'filter-' + f.key} value={filters[f.key] || ''}
              onChange={(e) => { setFilters({ ...filters, [f.key]: e.target.value }); setFrom(0); }}>
              <option value="">Any</option>
              {filters[f.key] && !buckets(f.aggregation).some((b) => b.key === filters[f.key]) && (
                <option value={filters[f.key]}>{filters[f.key]}</option>
              )}
              {buckets(f.aggregation).map((b) => (
                <option key={b.key} value={b.key}>{b.key} ({b.doc_count})</option>
              ))}
            </select>
          </span>
        ))}
        <span className="filter">
          <label htmlFor="sort">Sort</label>
          <select id="sort" value={sort} onChange={(e) => { setSort(e.target.value); setFrom(0); }}>
            <option value="name-asc">Name A–Z</option>
            <option value="name-desc">Name Z–A</option>
            <option value="updated-desc">Recently updated</option>
            <option value="updated-asc">Least recently updated</option>
            <option value="relevance">Relevance</option>
          </select>
        </span>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <table className="list" aria-busy={loading}>
        <caption className="visually-hidden">Database services</caption>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Owners</th><th scope="col">Domain</th><th scope="col">Tags</th>
            <th scope="col">Version</th><th scope="col">Updated</th></tr>
        </thead>
        <tbody>
          {answer?.hits.hits.map(({ _source: s }) => (
            <tr key={s.id}>
              <td><TypeIcon type={s.serviceType} /> <a href={link('service', s.fullyQualifiedName)}>{s.displayName || s.name}</a></td>
              <td><Refs refs={s.owners} /></td>
              <td><Refs refs={s.domains} /></td>
              <td><Tags tags={s.tags} /></td>
              <td>{s.version?.toFixed(1)}</td>
              <td>{when(s.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {answer && total === 0 && <p className="muted">No service matches.</p>}
      <nav className="pager" aria-label="Pages">
        <button disabled={from === 0} onClick={() => setFrom(Math.max(0, from - PAGE))}>Previous</button>
        <span>{total === 0 ? '0' : `${from + 1}–${Math.min(from + PAGE, total)}`} of {total}</span>
        <button disabled={from + PAGE >= total} onClick={() => setFrom(from + PAGE)}>Next</button>
      </nav>
    </main>
  );
}
