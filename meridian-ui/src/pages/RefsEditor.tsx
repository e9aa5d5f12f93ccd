import { useState } from 'react';
import { ApiError, get } from '../api';
import { Refs, refName } from '../format';
import type { Page, Ref } from '../types';

/** Where the names offered come from: a list route and the reference type it gives. */
export interface RefSource { api: string; type: string }

/**
 * Owners or domains, edited in place: names typed (offered from the server's lists), resolved to
 * references, saved through {@code onSave} (a JSON Patch with If-Match in the page).
 */
export function RefsEditor({ id, label, refs, sources, onSave }: {
  id: string; label: string; refs?: Ref[]; sources: RefSource[]; onSave: (refs: { id: string; type: string }[]) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [candidates, setCandidates] = useState<Ref[] | null>(null);
  const [error, setError] = useState('');

  async function open() {
    setText((refs || []).map((r) => r.name || r.fullyQualifiedName || '').join(', '));
    setError('');
    setCandidates(null);
    setEditing(true);
    try {
      const pages = await Promise.all(sources.map((s) => get<Page<Ref>>(s.api + '?limit=1000').then((p) => p.data.map((r) => ({ ...r, type: s.type })))));
      setCandidates(pages.flat());
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  async function save() {
    const names = text.split(',').map((n) => n.trim()).filter(Boolean);
    const chosen: { id: string; type: string }[] = [];
    for (const name of names) {
      let found = (candidates || []).find((c) => c.name === name || c.fullyQualifiedName === name);
      // The offered names are a first page of each list; any other is looked up by its name.
      for (const s of sources) {
        if (found) break;
        found = await get<Ref>(s.api + '/name/' + encodeURIComponent(name)).then((r) => ({ ...r, type: s.type })).catch(() => undefined);
      }
      if (!found) {
        setError('No ' + sources.map((s) => s.type).join(' or ') + ' is named “' + name + '”.');
        return;
      }
      chosen.push({ id: found.id, type: found.type });
    }
    if (await onSave(chosen)) setEditing(false);
  }

  if (!editing) {
    return (
      <>
        <Refs refs={refs} />{' '}
        <button className="small" aria-label={'Edit ' + label.toLowerCase()} onClick={open}>Edit</button>
      </>
    );
  }
  return (
    <form className="inline-edit" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <label htmlFor={id} className="visually-hidden">{label} (names, comma separated)</label>
      <input id={id} list={id + '-options'} value={text} onChange={(e) => { setText(e.target.value); setError(''); }}
        placeholder="names, comma separated" aria-invalid={!!error} aria-describedby={error ? id + '-error' : undefined} />
      <datalist id={id + '-options'}>
        {(candidates || []).map((c) => <option key={c.type + c.id} value={c.name}>{refName(c)} ({c.type})</option>)}
      </datalist>
      <button type="submit" disabled={candidates === null}>Save {label.toLowerCase()}</button>
      <button type="button" onClick={() => setEditing(false)}>Cancel</button>
      {error && <span id={id + '-error'} role="alert" className="error">{error}</span>}
    </form>
  );
}
