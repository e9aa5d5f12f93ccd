import { useEffect, useMemo, useState } from 'react';
import { ApiError, call, get } from '../api';
import { link, TypeIcon } from '../format';
import type { ErrorSchema } from '@rjsf/utils';
import type { Entity } from '../types';
import { ConnectionFields, errorsFromMessage, TestSteps, useConnectionSchema, useConnectionTest } from './ConnectionForm';
import { IngestionForm, IngestionRuns } from './Ingestion';

export function AddService() {
  const [types, setTypes] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [type, setType] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [config, setConfig] = useState<Record<string, unknown>>({});
  const [nameError, setNameError] = useState('');
  const [formError, setFormError] = useState('');
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>({});
  const [created, setCreated] = useState<Entity | null>(null);
  const [ingesting, setIngesting] = useState<{ pipeline: string; run: boolean; problem?: string } | null>(null);
  const test = useConnectionTest();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    get<{ data: { serviceType: string }[] }>('/system/connectionSchemas/database').then((r) => setTypes(r.data.map((t) => t.serviceType)));
  }, []);

  const schema = useConnectionSchema(type, setFormError);

  const shown = useMemo(() => types.filter((t) => t.toLowerCase().includes(filter.trim().toLowerCase())), [types, filter]);

  function show(e: unknown) {
    const message = e instanceof ApiError ? e.message : String(e);
    const { fields, name: onName, rest } = errorsFromMessage(message);
    setExtraErrors(fields);
    setNameError(onName || '');
    setFormError(rest || '');
  }

  async function save() {
    setBusy(true);
    setNameError(''); setFormError(''); setExtraErrors({});
    try {
      setCreated(await call<Entity>('POST', '/services/databaseServices', {
        name, serviceType: type, description: description || undefined, connection: { config: { ...config, type } },
      }));
    } catch (e) {
      show(e);
    } finally {
      setBusy(false);
    }
  }

  async function testConnection() {
    setFormError(''); setExtraErrors({});
    await test.run({ ...config, type }, type!, name || undefined, show);
  }

  if (!type) {
    return (
      <main className="page" aria-labelledby="add-title">
        <nav aria-label="Breadcrumb" className="trail"><a href="#/">Services</a></nav>
        <h1 id="add-title">Add a database service</h1>
        <label htmlFor="type-filter">Find a type</label>{' '}
        <input id="type-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="postgres, snowflake…" />
        <ul className="type-grid" aria-label="Service types">
          {shown.map((t) => (
            <li key={t}><button onClick={() => { setType(t); setConfig({}); }}><TypeIcon type={t} decorative /> {t}</button></li>
          ))}
        </ul>
        {types.length > 0 && shown.length === 0 && <p className="muted">No type matches “{filter}”.</p>}
      </main>
    );
  }

  if (created) {
    // Step two, as OM's UI has it: optionally set up metadata ingestion, run it and watch it.
    return (
      <main className="page" aria-labelledby="add-title">
        <nav aria-label="Breadcrumb" className="trail"><a href="#/">Services</a> / <a href={link('service', created.fullyQualifiedName)}>{created.name}</a></nav>
        <h1 id="add-title"><TypeIcon type={type} decorative /> {created.name} is saved</h1>
        {!ingesting ? (
          <>
            <p>Set up metadata ingestion to read its databases, schemas and tables now and on a schedule, or skip it and add one later from the service's page.</p>
            <IngestionForm service={created} onCreated={(pipeline, run, problem) => setIngesting({ pipeline: pipeline.id, run, problem })} />
            <p><a href={link('service', created.fullyQualifiedName)}>Skip: go to the service</a></p>
          </>
        ) : (
          <>
            <IngestionRuns service={created} watch={ingesting.run ? ingesting.pipeline : undefined} problem={ingesting.problem} />
            <p><a href={link('service', created.fullyQualifiedName)}>Go to the service</a></p>
          </>
        )}
      </main>
    );
  }

  return (
    <main className="page" aria-labelledby="add-title">
      <nav aria-label="Breadcrumb" className="trail"><a href="#/">Services</a> / <a href="#/new-service" onClick={() => setType(null)}>Add</a></nav>
      <h1 id="add-title"><TypeIcon type={type} decorative /> New {type} service</h1>
      <div className="form-field">
        <label htmlFor="service-name">Name</label>
        <input id="service-name" value={name} onChange={(e) => { setName(e.target.value); setNameError(''); }} aria-invalid={!!nameError}
          aria-describedby={nameError ? 'name-error' : undefined} required />
        {nameError && <p id="name-error" role="alert" className="error">{nameError}</p>}
      </div>
      <div className="form-field">
        <label htmlFor="service-description">Description (Markdown)</label>
        <textarea id="service-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <h2>Connection</h2>
      {!schema && !formError && <p className="muted">Loading the {type} connection form…</p>}
      {schema && (
        <ConnectionFields schema={schema} config={config} onChange={setConfig} extraErrors={extraErrors} onSubmit={save} />
      )}
      {formError && <p role="alert" className="error">{formError}</p>}
      <div className="actions">
        <button onClick={testConnection} disabled={!schema || test.status === 'Running'}>Test connection</button>
        <button type="submit" onClick={save} disabled={busy || !schema}>{busy ? 'Saving…' : 'Save'}</button>
      </div>
      <TestSteps test={test} />
    </main>
  );
}
