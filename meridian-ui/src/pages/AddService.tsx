// Deep imports: the package's index also exports a test registry that pulls in AJV, which this UI leaves out (see formValidator).
import Form from '@rjsf/core/lib/components/Form.js';
import getDefaultRegistry from '@rjsf/core/lib/getDefaultRegistry.js';
import { enumOptionsIndexForValue, enumOptionsValueForIndex, type ErrorSchema, type RJSFSchema, type WidgetProps } from '@rjsf/utils';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, call, get } from '../api';
import { link, TypeIcon } from '../format';
import { formValidator } from '../formValidator';
import type { Entity } from '../types';

const DefaultText = getDefaultRegistry().widgets.TextWidget;
/** OM marks secrets with `format: password`: typed unseen, never echoed into the page. */
function SecretAwareText(props: WidgetProps) {
  const secret = props.schema.format === 'password';
  return <DefaultText {...props} options={secret ? { ...props.options, inputType: 'password' } : props.options}
    autocomplete={secret ? 'new-password' : props.autocomplete} />;
}
/** rjsf's select, with an accessible name (its oneOf chooser has only a title otherwise). */
function NamedSelect({ id, options, value, required, disabled, readonly, label, schema, onChange, onBlur, onFocus }: WidgetProps) {
  const { enumOptions = [], emptyValue } = options;
  const selected = enumOptionsIndexForValue(value, enumOptions, false);
  return (
    <select id={id} name={id} aria-label={label || schema.title || id} required={required} disabled={disabled || readonly}
      value={selected === undefined ? '' : String(selected)}
      onChange={(e) => onChange(enumOptionsValueForIndex(e.target.value, enumOptions, emptyValue))}
      onBlur={(e) => onBlur(id, enumOptionsValueForIndex(e.target.value, enumOptions, emptyValue))}
      onFocus={(e) => onFocus(id, enumOptionsValueForIndex(e.target.value, enumOptions, emptyValue))}>
      {!required && selected === undefined && <option value="">Choose…</option>}
      {enumOptions.map((o, i) => <option key={i} value={String(i)}>{o.label}</option>)}
    </select>
  );
}
const WIDGETS = { TextWidget: SecretAwareText, SelectWidget: NamedSelect };

interface Step { name: string; passed: boolean; message?: string; mandatory?: boolean }
interface Workflow { id: string; response?: { status?: string; steps?: Step[] }; status?: string }

/** Where the server's 400 points (`/connection/config/hostPort: …`), as the form's error schema. */
export function errorsFromMessage(message: string): { fields: ErrorSchema; name?: string; rest?: string } {
  const fields: Record<string, unknown> = {};
  let found = false;
  for (const m of message.matchAll(/\/connection\/config((?:\/[^:;()]+)*): ([^;)]+)/g)) {
    const path = m[1].split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let at = fields;
    for (const part of path) at = (at[part] = (at[part] as Record<string, unknown>) || {}) as Record<string, unknown>;
    at.__errors = [...((at.__errors as string[]) || []), m[2].trim()];
    found = true;
  }
  if (/\bname\b/.test(message) && !found) return { fields: {}, name: message };
  return { fields: fields as ErrorSchema, rest: found ? undefined : message };
}

export function AddService() {
  const [types, setTypes] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [type, setType] = useState<string | null>(null);
  const [schema, setSchema] = useState<RJSFSchema | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [config, setConfig] = useState<Record<string, unknown>>({});
  const [nameError, setNameError] = useState('');
  const [formError, setFormError] = useState('');
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>({});
  const [steps, setSteps] = useState<Step[] | null>(null);
  const [testStatus, setTestStatus] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    get<{ data: { serviceType: string }[] }>('/system/connectionSchemas/database').then((r) => setTypes(r.data.map((t) => t.serviceType)));
  }, []);

  useEffect(() => {
    if (!type) return;
    setSchema(null);
    get<RJSFSchema>('/system/connectionSchemas/database/' + encodeURIComponent(type)).then(setSchema)
      .catch((e) => setFormError(e instanceof ApiError ? e.message : String(e)));
  }, [type]);

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
      const created = await call<Entity>('POST', '/services/databaseServices', {
        name, serviceType: type, description: description || undefined, connection: { config: { ...config, type } },
      });
      window.location.hash = link('service', created.fullyQualifiedName).slice(1);
    } catch (e) {
      show(e);
    } finally {
      setBusy(false);
    }
  }

  async function testConnection() {
    setSteps([]); setTestStatus('Running'); setFormError(''); setExtraErrors({});
    let id: string | null = null;
    try {
      const workflow = await call<Workflow>('POST', '/automations/workflows', {
        name: 'test-connection-' + crypto.randomUUID().slice(0, 8), workflowType: 'TEST_CONNECTION',
        request: { connection: { config: { ...config, type } }, serviceType: 'Database', connectionType: type, serviceName: name || undefined },
      });
      id = workflow.id;
      await call('POST', '/automations/workflows/trigger/' + id, '');
      for (let i = 0; i < 240; i++) {
        const now = await get<Workflow>('/automations/workflows/' + id);
        setSteps(now.response?.steps ?? []);
        const status = now.response?.status;
        if (status === 'Successful' || status === 'Failed') { setTestStatus(status); return; }
        await new Promise((r) => setTimeout(r, 500));
      }
      setTestStatus('Still running after two minutes');
    } catch (e) {
      setTestStatus('');
      setSteps(null);
      show(e);
    } finally {
      if (id) call('DELETE', '/automations/workflows/' + id + '?hardDelete=true').catch(() => {});
    }
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
        <Form schema={schema} validator={formValidator} widgets={WIDGETS} formData={config} extraErrors={extraErrors} showErrorList={false}
          onChange={(e) => setConfig(e.formData as Record<string, unknown>)} onSubmit={save} noHtml5Validate
          uiSchema={{ type: { 'ui:widget': 'hidden' }, 'ui:submitButtonOptions': { norender: true } }} idPrefix="connection" />
      )}
      {formError && <p role="alert" className="error">{formError}</p>}
      <div className="actions">
        <button onClick={testConnection} disabled={!schema || testStatus === 'Running'}>Test connection</button>
        <button type="submit" onClick={save} disabled={busy || !schema}>{busy ? 'Saving…' : 'Save'}</button>
      </div>
      {steps && (
        <section aria-labelledby="test-title" aria-live="polite">
          <h2 id="test-title">Test connection: {testStatus}</h2>
          <ol className="steps">
            {steps.map((s) => (
              <li key={s.name} className={s.passed ? 'passed' : 'failed'}>
                <strong>{s.passed ? '✓' : '✗'} {s.name}</strong>{s.message && <span className="muted"> — {s.message}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
    </main>
  );
}
