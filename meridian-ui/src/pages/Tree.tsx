import { useEffect, useId, useState } from 'react';
import { ApiError, get, query } from '../api';
import { link } from '../format';
import type { Entity, Page } from '../types';

const LEVELS: Record<string, { api: string; param: string; child: string | null; route: string }> = {
  database: { api: '/databases', param: 'service', child: 'schema', route: 'database' },
  schema: { api: '/databaseSchemas', param: 'database', child: 'table', route: 'schema' },
  table: { api: '/tables', param: 'databaseSchema', child: null, route: 'table' },
};
const PAGE = 50;

/**
 * The catalog under a service as nested lists with disclosure buttons: each level read a page at a
 * time when opened (the API's cursors), never the whole subtree. Links and buttons are in the tab
 * order as they are anywhere else.
 */
export function Tree({ service }: { service: Entity }) {
  return (
    <section aria-labelledby="tree-title">
      <h2 id="tree-title">Catalog tree</h2>
      <ul className="tree">
        <Level level="database" parent={service.fullyQualifiedName} />
      </ul>
    </section>
  );
}

function Level({ level, parent }: { level: string; parent: string }) {
  const spec = LEVELS[level];
  const [items, setItems] = useState<Entity[] | null>(null);
  const [after, setAfter] = useState<string | undefined>(undefined);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function load(cursor?: string) {
    setBusy(true);
    setError('');
    try {
      const page = await get<Page<Entity>>(spec.api + query({ [spec.param]: parent, limit: PAGE, after: cursor }));
      setItems((old) => [...(cursor ? old || [] : []), ...page.data]);
      setAfter(page.paging?.after);
      setTotal(page.paging?.total);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => { load(); }, [parent]);

  if (error) return <li className="error" role="alert">{error}</li>;
  if (items === null) return <li className="muted">Loading…</li>;
  if (items.length === 0) return <li className="muted">Nothing here</li>;
  return (
    <>
      {items.map((item) => <Node key={item.id} level={level} item={item} />)}
      {after && (
        <li><button className="small" disabled={busy} onClick={() => load(after)}>Show more ({items.length} of {total})</button></li>
      )}
    </>
  );
}

function Node({ level, item }: { level: string; item: Entity }) {
  const spec = LEVELS[level];
  const [open, setOpen] = useState(false);
  const group = useId();
  if (!spec.child) {
    return <li><a href={link(spec.route, item.fullyQualifiedName)}>{item.name}</a></li>;
  }
  return (
    <li>
      <button className="twisty" aria-expanded={open} aria-controls={group} aria-label={(open ? 'Collapse ' : 'Expand ') + item.name}
        onClick={() => setOpen(!open)}>{open ? '▾' : '▸'}</button>
      <a href={link(spec.route, item.fullyQualifiedName)}>{item.name}</a>
      {open && <ul id={group}><Level level={spec.child} parent={item.fullyQualifiedName} /></ul>}
    </li>
  );
}
