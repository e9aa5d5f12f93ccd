import Papa from 'papaparse';
import { useState } from 'react';
import { ApiError, call, get } from '../api';

interface ImportResult {
  dryRun: boolean; status: string; abortReason?: string;
  numberOfRowsProcessed: number; numberOfRowsPassed: number; numberOfRowsFailed: number; importResultsCsv?: string;
}
interface Job { state: string; done: number; total: number; error?: string; result?: { result?: ImportResult } }

/**
 * OM's CSV for this level (step 9's endpoints): export it (with everything under it), and import
 * one: a dry run first, row by row, then the real import as a job with a progress bar.
 */
export function CsvPanel({ api, fqn, name }: { api: string; fqn: string; name: string }) {
  const base = api + '/name/' + encodeURIComponent(fqn);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function exportCsv() {
    setError('');
    try {
      const text = await call<string>('GET', base + '/export?recursive=true');
      const url = URL.createObjectURL(new Blob([typeof text === 'string' ? text : ''], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name + '.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  async function dryRun(chosen: File) {
    setError(''); setResult(null); setProgress(null);
    const text = await chosen.text();
    setFile({ name: chosen.name, text });
    setBusy(true);
    try {
      setResult(await call<ImportResult>('PUT', base + '/import?dryRun=true&recursive=true', text, { 'Content-Type': 'text/plain' }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (!file) return;
    setError(''); setBusy(true); setProgress({ done: 0, total: 0 });
    try {
      const started = await call<{ jobId: string }>('PUT', base + '/importAsync?dryRun=false&recursive=true', file.text,
        { 'Content-Type': 'text/plain' });
      for (;;) {
        const job = await get<Job>('/jobs/' + started.jobId);
        setProgress({ done: job.done, total: job.total });
        if (job.state === 'completed') { setResult(job.result?.result ?? null); break; }
        if (job.state === 'failed') { setError(job.error || 'The import failed'); break; }
        await new Promise((r) => setTimeout(r, 400));
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const rows = result?.importResultsCsv ? Papa.parse<string[]>(result.importResultsCsv.trim(), { skipEmptyLines: true }).data : [];
  return (
    <section aria-labelledby="csv-title">
      <h2 id="csv-title">CSV</h2>
      <div className="actions">
        <button onClick={exportCsv}>Export CSV</button>
        <label className="file-button">Import CSV…
          <input type="file" accept=".csv,text/csv,text/plain" className="visually-hidden" disabled={busy}
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) dryRun(f); }} />
        </label>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {progress && (
        <p><label htmlFor="import-progress">Importing {file?.name}: {progress.done} of {progress.total || '…'} rows</label>{' '}
          <progress id="import-progress" value={progress.done} max={Math.max(progress.total, 1)} /></p>
      )}
      {result && (
        <div aria-live="polite">
          <p>
            <strong>{result.dryRun ? 'Dry run' : 'Import'}: {result.status}</strong> — {result.numberOfRowsProcessed} rows,{' '}
            {result.numberOfRowsPassed} passed, {result.numberOfRowsFailed} failed{result.abortReason ? ` (${result.abortReason})` : ''}
          </p>
          {result.dryRun && result.status !== 'aborted' && (
            <button type="submit" onClick={apply} disabled={busy}>Import {file?.name} for real</button>
          )}
          {rows.length > 1 && (
            <table className="list csv-result">
              <caption className="visually-hidden">Rows of the import, each with its status</caption>
              <thead><tr>{rows[0].slice(0, 4).map((h, i) => <th scope="col" key={i}>{h}</th>)}</tr></thead>
              <tbody>
                {rows.slice(1, 501).map((r, i) => (
                  <tr key={i} className={r[0] === 'success' ? '' : 'failed-row'}>{r.slice(0, 4).map((c, j) => <td key={j} className="clip">{c}</td>)}</tr>
                ))}
              </tbody>
            </table>
          )}
          {rows.length > 501 && <p className="muted">The first 500 rows are shown.</p>}
        </div>
      )}
    </section>
  );
}
