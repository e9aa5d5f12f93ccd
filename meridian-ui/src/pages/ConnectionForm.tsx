// Deep imports: the package's index also exports a test registry that pulls in AJV, which this UI leaves out (see formValidator).
import Form from '@rjsf/core/lib/components/Form.js';
import getDefaultRegistry from '@rjsf/core/lib/getDefaultRegistry.js';
import { enumOptionsIndexForValue, enumOptionsValueForIndex, type ErrorSchema, type RJSFSchema, type WidgetProps } from '@rjsf/utils';
import { useEffect, useRef, useState } from 'react';
import { ApiError, call, get, getTagged, patch } from '../api';
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
export const WIDGETS = { TextWidget: SecretAwareText, SelectWidget: NamedSelect };

export interface Step { name: string; passed: boolean; message?: string; mandatory?: boolean }
export interface Workflow { id: string; response?: { status?: string; steps?: Step[] }; status?: string }

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


/** A type's connection form, generated from OM's schema as the server serves it; secrets typed unseen. */
export function ConnectionFields({ schema, config, onChange, extraErrors, onSubmit }: {
  schema: RJSFSchema; config: Record<string, unknown>; onChange: (config: Record<string, unknown>) => void; extraErrors: ErrorSchema;
  onSubmit: () => void;
}) {
  return (
    <Form schema={schema} validator={formValidator} widgets={WIDGETS} formData={config} extraErrors={extraErrors} showErrorList={false}
      onChange={(e) => onChange(e.formData as Record<string, unknown>)} onSubmit={onSubmit} noHtml5Validate
      uiSchema={{ type: { 'ui:widget': 'hidden' }, 'ui:submitButtonOptions': { norender: true } }} idPrefix="connection" />
  );
}

export function useConnectionSchema(type: string | null, onError: (message: string) => void): RJSFSchema | null {
  const [schema, setSchema] = useState<RJSFSchema | null>(null);
  useEffect(() => {
    if (!type) return;
    setSchema(null);
    get<RJSFSchema>('/system/connectionSchemas/database/' + encodeURIComponent(type)).then(setSchema)
      .catch((e) => onError(e instanceof ApiError ? e.message : String(e)));
  }, [type]);
  return schema;
}

/**
 * A saved service's connection, edited: the form starts from the connection as the server shows
 * it, secrets masked; a masked secret sent back keeps the stored one (contract §4), so only a
 * secret the user types again changes. Saved as a JSON Patch with If-Match.
 */
export function ConnectionEditor({ service, onSaved, onCancel }: { service: Entity; onSaved: () => void; onCancel: () => void }) {
  const type = service.serviceType || null;
  const [config, setConfig] = useState<Record<string, unknown>>(() => ({ ...(service.connection?.config || {}) }));
  const [etag, setEtag] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>({});
  const [busy, setBusy] = useState(false);
  const schema = useConnectionSchema(type, setError);
  const test = useConnectionTest();

  useEffect(() => {
    getTagged<Entity>('/services/databaseServices/' + service.id).then(({ body, etag: tag }) => {
      setConfig({ ...(body.connection?.config || {}) });
      setEtag(tag);
    }).catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [service.id]);

  async function save() {
    setBusy(true);
    setError('');
    setExtraErrors({});
    try {
      await patch('/services/databaseServices/' + service.id, [{ op: 'add', path: '/connection', value: { config: { ...config, type } } }], etag);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        setError('This service was changed by someone else since you opened it; cancel and edit again.');
      } else {
        const { fields, rest, name } = errorsFromMessage(e instanceof ApiError ? e.message : String(e));
        setExtraErrors(fields);
        setError(rest || name || '');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="connection-editor">
      {!schema && !error && <p className="muted">Loading the {type} connection form…</p>}
      {schema && etag !== null && <ConnectionFields schema={schema} config={config} onChange={setConfig} extraErrors={extraErrors} onSubmit={save} />}
      <p className="muted">Secrets show as ********* and are kept unless you type a new one.</p>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="actions">
        <button type="button" disabled={!schema || test.status === 'Running'}
          onClick={() => { setError(''); test.run({ ...config, type }, type!, service.name, (e) => setError(e instanceof ApiError ? e.message : String(e))); }}>
          Test connection</button>
        <button onClick={save} disabled={busy || !schema || etag === null}>{busy ? 'Saving…' : 'Save connection'}</button>
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
      <TestSteps test={test} />
    </div>
  );
}

/** OM's test-connection workflow, run in the server: created, triggered, its steps shown as they complete, then removed. */
export function useConnectionTest() {
  const [steps, setSteps] = useState<Step[] | null>(null);
  const [status, setStatus] = useState('');
  // Polling stops when the form goes away (saved, cancelled, another page); the workflow is still removed.
  const live = useRef(true);
  useEffect(() => () => { live.current = false; }, []);

  /** Masked secrets ({@code *********}) of a saved service are the stored ones when {@code serviceName} names it. */
  async function run(config: Record<string, unknown>, type: string, serviceName: string | undefined, onError: (e: unknown) => void) {
    setSteps([]); setStatus('Running');
    let id: string | null = null;
    try {
      const workflow = await call<Workflow>('POST', '/automations/workflows', {
        name: 'test-connection-' + crypto.randomUUID().slice(0, 8), workflowType: 'TEST_CONNECTION',
        request: { connection: { config }, serviceType: 'Database', connectionType: type, serviceName },
      });
      id = workflow.id;
      await call('POST', '/automations/workflows/trigger/' + id, '');
      for (let i = 0; i < 240; i++) {
        if (!live.current) return;
        const now = await get<Workflow>('/automations/workflows/' + id);
        if (!live.current) return;
        setSteps(now.response?.steps ?? []);
        const verdict = now.response?.status;
        if (verdict === 'Successful' || verdict === 'Failed') { setStatus(verdict); return; }
        await new Promise((r) => setTimeout(r, 500));
      }
      setStatus('Still running after two minutes');
    } catch (e) {
      if (!live.current) return;
      setStatus('');
      setSteps(null);
      onError(e);
    } finally {
      if (id) call('DELETE', '/automations/workflows/' + id + '?hardDelete=true').catch(() => {});
    }
  }
  return { steps, status, run };
}

export function TestSteps({ test }: { test: ReturnType<typeof useConnectionTest> }) {
  if (!test.steps) return null;
  return (
    <section aria-labelledby="test-title" aria-live="polite">
      <h2 id="test-title">Test connection: {test.status}</h2>
      <ol className="steps">
        {test.steps.map((s) => (
          <li key={s.name} className={s.passed ? 'passed' : 'failed'}>
            <strong>{s.passed ? '✓' : '✗'} {s.name}</strong>{s.message && <span className="muted"> — {s.message}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
