import { useEffect, useState } from 'react';
import { ApiError, call, get, query } from '../api';
import { when } from '../format';
import type { Entity, Page } from '../types';

interface StepSummary { name: string; records?: number; updated_records?: number; warnings?: number; errors?: number; filtered?: number }
interface RunStatus { runId: string; pipelineState: string; startDate?: number; timestamp?: number; endDate?: number; status?: StepSummary[] }
interface Pipeline extends Entity {
  pipelineType?: string;
  enabled?: boolean;
  deployed?: boolean;
  airflowConfig?: { scheduleInterval?: string; pausePipeline?: boolean };
  sourceConfig?: { config?: Record<string, unknown> };
  pipelineStatuses?: RunStatus;
}

const PIPELINES = '/services/ingestionPipelines';
const SCHEDULES: [string, string][] = [['', 'Only when run by hand'], ['@hourly', 'Every hour'], ['@daily', 'Every day'],
  ['@weekly', 'Every week'], ['custom', 'A cron expression…']];

function message(e: unknown): string {
  return e instanceof ApiError ? e.message : String(e);
}

function patterns(text: string): string[] {
  return text.split(',').map((p) => p.trim()).filter(Boolean);
}

/** A metadata ingestion for a service: which schemas and tables, and when; created, deployed when scheduled, and run at once if asked. */
export function IngestionForm({ service, onCreated }: {
  service: Entity; onCreated: (pipeline: Pipeline, running: boolean, problem?: string) => void;
}) {
  const [name, setName] = useState(service.name + '_metadata');
  const [schemasIn, setSchemasIn] = useState('');
  const [schemasOut, setSchemasOut] = useState('^information_schema$, ^pg_catalog$');
  const [tablesIn, setTablesIn] = useState('');
  const [tablesOut, setTablesOut] = useState('');
  const [views, setViews] = useState(true);
  const [markDeleted, setMarkDeleted] = useState(true);
  const [schedule, setSchedule] = useState('');
  const [cron, setCron] = useState('0 2 * * *');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function create(run: boolean) {
    setBusy(true);
    setError('');
    let pipeline: Pipeline | null = null;
    try {
      const filter = (includes: string, excludes: string) => {
        const f: Record<string, string[]> = {};
        if (patterns(includes).length) f.includes = patterns(includes);
        if (patterns(excludes).length) f.excludes = patterns(excludes);
        return Object.keys(f).length ? f : undefined;
      };
      const interval = schedule === 'custom' ? cron : schedule;
      pipeline = await call<Pipeline>('POST', PIPELINES, {
        name, pipelineType: 'metadata', service: { id: service.id, type: 'databaseService' },
        sourceConfig: { config: { type: 'DatabaseMetadata', schemaFilterPattern: filter(schemasIn, schemasOut),
          tableFilterPattern: filter(tablesIn, tablesOut), includeViews: views, markDeletedTables: markDeleted } },
        airflowConfig: interval ? { scheduleInterval: interval } : {},
      });
      if (interval) await call('POST', PIPELINES + '/deploy/' + pipeline.id, '');
      if (run) await call('POST', PIPELINES + '/trigger/' + pipeline.id, '');
      onCreated(pipeline, run);
    } catch (e) {
      // Created but not deployed or started: the pipeline exists, so the form is done; say what did not happen.
      if (pipeline) onCreated(pipeline, false, 'The ingestion was created, but could not be ' + (run ? 'started' : 'deployed') + ': ' + message(e));
      else setError(message(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="ingestion-form" onSubmit={(e) => { e.preventDefault(); create(true); }} aria-labelledby="ingestion-form-title">
      <h3 id="ingestion-form-title">Metadata ingestion</h3>
      <div className="form-field">
        <label htmlFor="pipeline-name">Name</label>
        <input id="pipeline-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </div>
      <fieldset>
        <legend>Filters (regular expressions, comma separated)</legend>
        <div className="filter-grid">
          <label>Schemas to include<input value={schemasIn} onChange={(e) => setSchemasIn(e.target.value)} placeholder="^sales$" /></label>
          <label>Schemas to leave out<input value={schemasOut} onChange={(e) => setSchemasOut(e.target.value)} /></label>
          <label>Tables to include<input value={tablesIn} onChange={(e) => setTablesIn(e.target.value)} placeholder="^orders" /></label>
          <label>Tables to leave out<input value={tablesOut} onChange={(e) => setTablesOut(e.target.value)} placeholder="_tmp$" /></label>
        </div>
        <label className="check"><input type="checkbox" checked={views} onChange={(e) => setViews(e.target.checked)} /> Include views</label>
        <label className="check"><input type="checkbox" checked={markDeleted} onChange={(e) => setMarkDeleted(e.target.checked)} />
          {' '}Mark tables gone from the source as deleted</label>
      </fieldset>
      <div className="form-field">
        <label htmlFor="pipeline-schedule">Schedule</label>
        <select id="pipeline-schedule" value={schedule} onChange={(e) => setSchedule(e.target.value)}>
          {SCHEDULES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
        {schedule === 'custom' && (
          <>
            <label htmlFor="pipeline-cron">Cron (minute hour day month weekday, UTC)</label>
            <input id="pipeline-cron" value={cron} onChange={(e) => setCron(e.target.value)} />
          </>
        )}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="actions">
        <button type="submit" disabled={busy}>Create and run</button>
        <button type="button" disabled={busy} onClick={() => create(false)}>Create</button>
      </div>
    </form>
  );
}

function totals(status?: RunStatus) {
  const sum = (k: keyof StepSummary) => (status?.status || []).reduce((n, s) => n + (Number(s[k]) || 0), 0);
  return { records: sum('records'), updated: sum('updated_records'), warnings: sum('warnings'), errors: sum('errors'), filtered: sum('filtered') };
}

function StateBadge({ state }: { state?: string }) {
  if (!state) return <span className="muted">never run</span>;
  return <span className={'run-state ' + state}>{state}</span>;
}

/** A service's ingestion pipelines: each one's last run with its counts, live while it runs; run now, stop, pause, logs, recent runs. */
/** A pipeline just triggered: the run it had before (the new one has not written its status yet), and when watching began. */
interface Watch { previousRun?: string; since: number }
const WATCH_AT_MOST_MS = 30 * 60_000;

export function IngestionRuns({ service, refresh = 0, watch, problem }: {
  service: Entity; refresh?: number; watch?: string; problem?: string;
}) {
  const [pipelines, setPipelines] = useState<Pipeline[] | null>(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const [logs, setLogs] = useState<{ id: string; text: string } | null>(null);
  const [runs, setRuns] = useState<{ id: string; list: RunStatus[] } | null>(null);
  const [adding, setAdding] = useState(false);
  // Pipelines just triggered, by id: looked at every second until their new run has ended.
  const [watching, setWatching] = useState<Record<string, Watch>>(() => (watch ? { [watch]: { since: Date.now() } } : {}));

  useEffect(() => {
    let live = true;
    get<Page<Pipeline>>(PIPELINES + query({ service: service.fullyQualifiedName, fields: 'pipelineStatuses', limit: 50 }))
      .then((p) => { if (live) setPipelines(p.data); })
      .catch((e) => { if (live) setError(message(e)); });
    return () => { live = false; };
  }, [service.fullyQualifiedName, tick, refresh]);

  const running = (pipelines || []).some((p) => p.pipelineStatuses?.pipelineState === 'running' || p.pipelineStatuses?.pipelineState === 'queued');
  useEffect(() => {
    if (!pipelines) return;
    const left: Record<string, Watch> = {};
    for (const [id, w] of Object.entries(watching)) {
      const status = pipelines.find((p) => p.id === id)?.pipelineStatuses;
      const done = status && status.runId !== w.previousRun && ['success', 'failed', 'partialSuccess'].includes(status.pipelineState);
      if (!done && Date.now() - w.since < WATCH_AT_MOST_MS) left[id] = w;
    }
    if (Object.keys(left).length !== Object.keys(watching).length) setWatching(left);
  }, [pipelines]);
  const watched = Object.keys(watching).length > 0;
  useEffect(() => {
    if (!running && !watched) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 1000);
    return () => clearTimeout(timer);
  }, [running, watched, tick]);

  async function act(what: () => Promise<unknown>) {
    setError('');
    try {
      await what();
      setTick((n) => n + 1);
    } catch (e) {
      setError(message(e));
    }
  }

  async function showLogs(p: Pipeline) {
    await act(async () => {
      const answer = await get<Record<string, string>>(PIPELINES + '/logs/' + p.id + '/last');
      setLogs({ id: p.id, text: answer.ingestion_task || 'No log yet.' });
    });
  }

  async function showRuns(p: Pipeline) {
    await act(async () => {
      const now = Date.now();
      const page = await get<Page<RunStatus>>(PIPELINES + '/' + encodeURIComponent(p.fullyQualifiedName) + '/pipelineStatus'
        + query({ startTs: now - 30 * 86_400_000, endTs: now + 60_000 }));
      setRuns({ id: p.id, list: [...page.data].sort((a, b) => (b.startDate || 0) - (a.startDate || 0)).slice(0, 10) });
    });
  }

  return (
    <section aria-labelledby="ingestion-title">
      <h2 id="ingestion-title">Ingestion {!adding && !service.deleted && (
        <button className="small" onClick={() => setAdding(true)}>Add ingestion</button>
      )}</h2>
      {adding && <IngestionForm service={service} onCreated={(pipeline, run, trouble) => {
        setAdding(false);
        if (run) setWatching((w) => ({ ...w, [pipeline.id]: { since: Date.now() } }));
        if (trouble) setError(trouble);
        setTick((n) => n + 1);
      }} />}
      {(error || problem) && <p role="alert" className="error">{error || problem}</p>}
      {pipelines && pipelines.length === 0 && !adding && <p className="muted">No ingestion yet: add one to read this service's schemas and tables.</p>}
      {pipelines && pipelines.map((p) => {
        const status = p.pipelineStatuses;
        const t = totals(status);
        const state = status?.pipelineState;
        return (
          <article key={p.id} className="pipeline" aria-label={'Ingestion ' + p.name}>
            <h3>{p.displayName || p.name} <StateBadge state={state} /></h3>
            <p className="muted">
              {p.airflowConfig?.scheduleInterval ? 'Schedule ' + p.airflowConfig.scheduleInterval : 'Run by hand'}
              {p.enabled === false || p.airflowConfig?.pausePipeline ? ' · paused' : ''}
              {status?.startDate ? ' · last run ' + when(status.startDate) : ''}
              {status?.endDate ? ', ended ' + when(status.endDate) : ''}
            </p>
            {status && (
              <p className="run-counts" aria-live="polite">
                {state === 'running' && <progress aria-label="Run in progress" />} {t.records} records
                {t.updated ? ', ' + t.updated + ' updated' : ''}, {t.warnings} warnings, {t.errors} errors, {t.filtered} filtered
              </p>
            )}
            <div className="actions">
              <button onClick={() => act(async () => {
                await call('POST', PIPELINES + '/trigger/' + p.id, '');
                setWatching((w) => ({ ...w, [p.id]: { previousRun: p.pipelineStatuses?.runId, since: Date.now() } }));
              })} disabled={state === 'running' || !!service.deleted}>Run now</button>
              {state === 'running' && <button onClick={() => act(() => call('POST', PIPELINES + '/kill/' + p.id, ''))}>Stop</button>}
              <button onClick={() => act(() => call('POST', PIPELINES + '/toggleIngestion/' + p.id, ''))}>
                {p.enabled === false ? 'Resume schedule' : 'Pause schedule'}</button>
              <button onClick={() => showLogs(p)}>Logs</button>
              <button onClick={() => showRuns(p)}>Recent runs</button>
            </div>
            {logs?.id === p.id && (
              <div>
                <h4>Log of the last run <button className="small" onClick={() => setLogs(null)}>Hide</button></h4>
                <pre className="log" tabIndex={0}>{logs.text}</pre>
              </div>
            )}
            {runs?.id === p.id && (
              <table className="list">
                <caption>Recent runs</caption>
                <thead><tr><th scope="col">Started</th><th scope="col">State</th><th scope="col">Records</th><th scope="col">Errors</th><th scope="col">Ended</th></tr></thead>
                <tbody>
                  {runs.list.map((r) => {
                    const rt = totals(r);
                    return (<tr key={r.runId}><td>{when(r.startDate)}</td><td><StateBadge state={r.pipelineState} /></td>
                      <td>{rt.records}</td><td>{rt.errors}</td><td>{when(r.endDate)}</td></tr>);
                  })}
                </tbody>
              </table>
            )}
          </article>
        );
      })}
    </section>
  );
}
