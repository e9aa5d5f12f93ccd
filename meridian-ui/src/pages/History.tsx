import { diffLines } from 'diff';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, get, query } from '../api';
import { link } from '../format';
import type { Entity } from '../types';
import type { Level } from './EntityPage';

const APIS: Record<Level, string> = {
  service: '/services/databaseServices', database: '/databases', schema: '/databaseSchemas', table: '/tables',
};

interface Row { left?: string; right?: string; kind: 'same' | 'changed' }

/** Two texts side by side, line against line: removed on the left, added on the right. */
function sideBySide(older: string, newer: string): Row[] {
  const rows: Row[] = [];
  const parts = diffLines(older, newer);
  for (let i = 0; i < parts.length; i++) {
    const lines = (p: { value: string }) => p.value.replace(/\n$/, '').split('\n');
    const part = parts[i];
    if (!part.added && !part.removed) {
      lines(part).forEach((l) => rows.push({ left: l, right: l, kind: 'same' }));
    } else if (part.removed && parts[i + 1]?.added) {
      const left = lines(part);
      const right = lines(parts[++i]);
      for (let j = 0; j < Math.max(left.length, right.length); j++) rows.push({ left: left[j], right: right[j], kind: 'changed' });
    } else if (part.removed) {
      lines(part).forEach((l) => rows.push({ left: l, kind: 'changed' }));
    } else {
      lines(part).forEach((l) => rows.push({ right: l, kind: 'changed' }));
    }
  }
  return rows;
}

/**
 * What a version says, without what only tells where it is served from: links (`href`) and a
 * reference's own `deleted: false`, which older versions were stored without.
 */
function clean(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => k !== 'href' && !(depth > 0 && k === 'deleted' && v === false))
      .map(([k, v]) => [k, clean(v, depth + 1)]));
  }
  return value;
}

/** Every version of an entity, and a side-by-side diff of any two (OM's versions API). */
export function History({ level, fqn }: { level: Level; fqn: string }) {
  const [versions, setVersions] = useState<Entity[]>([]);
  const [left, setLeft] = useState('');
  const [right, setRight] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    get<Entity>(APIS[level] + '/name/' + encodeURIComponent(fqn) + query({ include: 'all' }))
      .then((e) => get<{ versions: string[] }>(APIS[level] + '/' + e.id + '/versions'))
      .then((h) => {
        const all = h.versions.map((v) => JSON.parse(v) as Entity);
        setVersions(all);
        setRight(String(all[0]?.version ?? ''));
        setLeft(String(all[1]?.version ?? all[0]?.version ?? ''));
      })
      .catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [level, fqn]);

  const rows = useMemo(() => {
    const find = (v: string) => versions.find((e) => String(e.version) === v);
    const a = find(left);
    const b = find(right);
    if (!a || !b) return [];
    const text = (e: Entity) => JSON.stringify(clean({ ...e, changeDescription: undefined }, 0), null, 2);
    return sideBySide(text(a), text(b));
  }, [versions, left, right]);

  const changed = rows.filter((r) => r.kind === 'changed').length;
  const pick = (id: string, label: string, value: string, set: (v: string) => void) => (
    <span className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        {versions.map((v) => (
          <option key={String(v.version)} value={String(v.version)}>
            {v.version?.toFixed(1)} — {v.updatedBy}, {new Date(v.updatedAt || 0).toLocaleString()}
          </option>
        ))}
      </select>
    </span>
  );

  return (
    <main className="page" aria-labelledby="history-title">
      <nav aria-label="Breadcrumb" className="trail"><a href="#/">Services</a> / <a href={link(level, fqn)}>{fqn}</a></nav>
      <h1 id="history-title">History of {fqn.split('.').pop()}</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <p className="muted">{versions.length} version(s)</p>
      <div className="toolbar">
        {pick('older-version', 'Older', left, setLeft)}
        {pick('newer-version', 'Newer', right, setRight)}
      </div>
      <p aria-live="polite">{changed === 0 ? 'No difference' : `${changed} line(s) differ`}</p>
      <table className="diff" aria-label={`Version ${left} against version ${right}`}>
        <thead><tr><th scope="col">Version {left}</th><th scope="col">Version {right}</th></tr></thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td className={r.kind === 'same' ? '' : r.left === undefined ? 'empty' : 'removed'}>{r.left ?? ''}</td>
              <td className={r.kind === 'same' ? '' : r.right === undefined ? 'empty' : 'added'}>{r.right ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
