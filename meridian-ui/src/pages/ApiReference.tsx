import { useEffect, useMemo, useState } from 'react';
import { ApiError, get } from '../api';

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  op: Json;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The server's OpenAPI document, rendered: routes by tag, each with its parameters, body and answers; schemas open on demand. */
export function ApiReference() {
  const [doc, setDoc] = useState<Json | null>(null);
  const [error, setError] = useState('');
  const [filter, setFilter] = useState('');

  useEffect(() => {
    get<Json>('/openapi.json').then(setDoc).catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);

  const groups = useMemo(() => {
    const byTag = new Map<string, Operation[]>();
    if (!doc) return byTag;
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const text = (method + ' ' + path + ' ' + op.summary).toLowerCase();
        if (!words.every((w) => text.includes(w))) continue;
        const tag = ((op.tags as string[]) || ['other'])[0];
        byTag.set(tag, [...(byTag.get(tag) || []), { method, path, op }]);
      }
    }
    return new Map([...byTag.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }, [doc, filter]);

  if (error) return <main className="page"><p role="alert" className="error">{error}</p></main>;
  if (!doc) return <main className="page" aria-busy="true"><p className="muted">Loading…</p></main>;
  const info = doc.info as Json;
  const components = ((doc.components as Json).schemas || {}) as Record<string, Json>;
  const count = [...groups.values()].reduce((n, ops) => n + ops.length, 0);

  return (
    <main className="page api-reference" aria-labelledby="api-title">
      <div className="page-head">
        <h1 id="api-title">API reference</h1>
        <span className="muted">{String(info.title)} {String(info.version)} · OpenAPI {String(doc.openapi)} ·{' '}
          <a href="/swagger.json">swagger.json</a></span>
      </div>
      <p className="muted">{String(info.description)}</p>
      <div className="toolbar">
        <label className="filter">Filter routes
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="tables patch" />
        </label>
        <span className="muted" aria-live="polite">{count} routes</span>
      </div>
      {[...groups.entries()].map(([tag, ops]) => (
        <section key={tag} aria-label={tag}>
          <h2>{tag}</h2>
          {ops.map(({ method, path, op }) => (
            <details key={method + path} className="operation">
              <summary><span className={'method ' + method}>{method.toUpperCase()}</span> <code>/api/v1{path}</code>
                <span className="muted"> {String(op.summary)}</span></summary>
              <Parameters params={(op.parameters as Json[]) || []} />
              {Boolean(op.requestBody) && (
                <>
                  <h3>Body</h3>
                  {Object.entries(((op.requestBody as Json).content || {}) as Record<string, Json>).map(([type, media]) => (
                    <div key={type}><span className="muted media">{type}</span>
                      <SchemaView schema={media.schema as Json} components={components} depth={0} /></div>
                  ))}
                </>
              )}
              <h3>Answers</h3>
              <ul className="answers">
                {Object.entries(op.responses as Record<string, Json>).map(([status, answer]) => (
                  <li key={status}><strong>{status}</strong> {String(answer.description)}
                    {Object.entries((answer.content || {}) as Record<string, Json>).map(([type, media]) => (
                      <div key={type}><span className="muted media">{type}</span>
                        <SchemaView schema={media.schema as Json} components={components} depth={0} /></div>
                    ))}
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </section>
      ))}
    </main>
  );
}

function Parameters({ params }: { params: Json[] }) {
  if (params.length === 0) return null;
  return (
    <table className="list params">
      <thead><tr><th scope="col">Parameter</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead>
      <tbody>
        {params.map((p) => (
          <tr key={String(p.in) + p.name}>
            <td><code>{String(p.name)}</code>{p.required ? ' *' : ''}</td>
            <td>{String(p.in)}</td>
            <td>{String((p.schema as Json)?.type ?? '')}</td>
            <td>{String(p.description ?? '')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The schema a JSON pointer names inside the document's components ("#/components/schemas/entity.data.table/definitions/x"). */
function resolve(ref: string, components: Record<string, Json>): Json | null {
  const parts = ref.replace(/^#\/components\/schemas\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = components;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Json)[part];
  }
  return (node as Json) ?? null;
}

/** A schema as a tree of properties; a reference shows its name and opens when asked (schemas refer to each other, deeply). */
function SchemaView({ schema, components, depth }: { schema: Json; components: Record<string, Json>; depth: number }) {
  const [open, setOpen] = useState(false);
  if (!schema) return null;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
    const target = resolve(schema.$ref, components);
    return (
      <span className="schema-ref">
        <button className="link" aria-expanded={open} onClick={() => setOpen(!open)}>{name}</button>
        {open && target && depth < 8 && <SchemaView schema={target} components={components} depth={depth + 1} />}
      </span>
    );
  }
  const type = schema.type ?? (schema.enum ? 'enum' : schema.anyOf ? 'one of' : schema.allOf ? 'all of' : '');
  const properties = schema.properties as Record<string, Json> | undefined;
  const required = new Set((schema.required as string[]) || []);
  return (
    <div className="schema">
      <span className="muted">{String(type)}</span>
      {Array.isArray(schema.enum) && <span className="muted"> {(schema.enum as unknown[]).map(String).join(' | ')}</span>}
      {typeof schema.description === 'string' && depth > 0 && !properties && <span className="muted"> — {schema.description}</span>}
      {Boolean(schema.items) && <> of <SchemaView schema={schema.items as Json} components={components} depth={depth + 1} /></>}
      {['anyOf', 'allOf'].map((k) => Array.isArray(schema[k]) && (
        <ul key={k}>{(schema[k] as Json[]).map((s, i) => <li key={i}><SchemaView schema={s} components={components} depth={depth + 1} /></li>)}</ul>
      ))}
      {properties && (
        <ul className="properties">
          {Object.entries(properties).map(([name, property]) => (
            <li key={name}><code>{name}</code>{required.has(name) ? ' *' : ''}{' '}
              <SchemaView schema={property} components={components} depth={depth + 1} /></li>
          ))}
        </ul>
      )}
    </div>
  );
}
