import { useEffect, useRef, useState } from 'react';
import { ApiError, call, get } from '../api';
import type { Entity } from '../types';

interface Job { state: string; done: number; total: number; error?: string }

/**
 * Delete (soft or hard, recursive) with a confirmation, then the job's progress; or, for a
 * soft-deleted entity, restore. Deletes run as the server's jobs (DELETE …/async/{id}), so a
 * service of 100,000 tables shows its progress instead of a request that times out.
 */
export function Lifecycle({ api, entity, title, hasChildren, onRestored, onDeleted }: {
  api: string; entity: Entity; title: string; hasChildren: boolean; onRestored: () => void; onDeleted: (hard: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [hard, setHard] = useState(false);
  const [recursive, setRecursive] = useState(hasChildren);
  const [typed, setTyped] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => setRecursive(hasChildren), [hasChildren]);
  // The job is followed only while this page shows the entity: leaving it stops the polling and the navigation after it.
  const live = useRef(true);
  useEffect(() => () => { live.current = false; }, []);

  async function restore() {
    setError('');
    setBusy(true);
    try {
      await call('PUT', api + '/restore', { id: entity.id });
      onRestored();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setError('');
    setBusy(true);
    try {
      const started = await call<{ jobId: string }>('DELETE', api + '/async/' + entity.id + '?recursive=' + recursive + '&hardDelete=' + hard);
      // A recursive delete of 100,000 tables takes minutes; past an hour the page stops following it.
      for (let i = 0; ; i++) {
        if (!live.current) return;
        const now = await get<Job>('/jobs/' + started.jobId);
        if (!live.current) return;
        setJob(now);
        if (now.state === 'failed') throw new Error(now.error || 'the delete failed');
        if (now.state !== 'running') break;
        if (i > 12_000) throw new Error('the delete is still running after an hour; see GET /api/v1/jobs/' + started.jobId);
        await new Promise((r) => setTimeout(r, 300));
      }
      dialog.current?.close();
      onDeleted(hard);
    } catch (e) {
      if (live.current) setError(e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e));
    } finally {
      if (live.current) setBusy(false);
    }
  }

  if (entity.deleted) {
    return (
      <div className="lifecycle">
        <button onClick={restore} disabled={busy}>Restore</button>
        {error && <p role="alert" className="error">{error}</p>}
      </div>
    );
  }
  const kind = title.toLowerCase();
  return (
    <div className="lifecycle">
      <button className="danger" onClick={() => { setJob(null); setError(''); setTyped(''); dialog.current?.showModal(); }}>Delete</button>
      <dialog ref={dialog} aria-labelledby="delete-title" className="confirm" onCancel={(e) => { if (busy) e.preventDefault(); }}>
        <form method="dialog" onSubmit={(e) => { e.preventDefault(); remove(); }}>
          <h2 id="delete-title">Delete {kind} {entity.name}?</h2>
          <fieldset>
            <legend>How</legend>
            <label className="check"><input type="radio" name="how" checked={!hard} onChange={() => setHard(false)} />
              {' '}Soft delete: hidden, kept with its history, can be restored</label>
            <label className="check"><input type="radio" name="how" checked={hard} onChange={() => setHard(true)} />
              {' '}Hard delete: removed for good with its history</label>
          </fieldset>
          {hasChildren && (
            <label className="check"><input type="checkbox" checked={recursive} onChange={(e) => setRecursive(e.target.checked)} />
              {' '}Also everything it contains (without this, a {kind} that holds anything is refused)</label>
          )}
          {hard && (
            <div className="form-field">
              <label htmlFor="confirm-name">Type <strong>{entity.name}</strong> to confirm</label>
              <input id="confirm-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            </div>
          )}
          {job && (
            <div aria-live="polite">
              <progress max={Math.max(job.total, 1)} value={job.done} aria-label="Deleted so far" /> {job.done} of {job.total}
            </div>
          )}
          {error && <p role="alert" className="error">{error}</p>}
          <div className="actions">
            <button type="submit" className="danger" disabled={busy || (hard && typed !== entity.name)}>
              {busy ? 'Deleting…' : hard ? 'Delete for good' : 'Delete'}</button>
            <button type="button" onClick={() => dialog.current?.close()} disabled={busy}>Cancel</button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
