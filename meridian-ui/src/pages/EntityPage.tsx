import { lazy, Suspense, useEffect, useState } from 'react';
import { ApiError, get, getTagged, patch, query } from '../api';
import { link, Markdown, Refs, Tags, TypeIcon, when } from '../format';
import type { Column, Entity, Page, TagLabel } from '../types';
import { CsvPanel } from './CsvPanel';
import { IngestionRuns } from './Ingestion';
import { Lifecycle } from './Lifecycle';
import { RefsEditor } from './RefsEditor';
import { Tree } from './Tree';

// The connection form needs the form library: loaded when the user edits a connection.
const ConnectionEditor = lazy(() => import('./ConnectionForm').then((m) => ({ default: m.ConnectionEditor })));

/** How each level of the catalog is read and what it holds. */
const LEVELS = {
  service: { api: '/services/databaseServices', child: 'database', childApi: '/databases', childParam: 'service', title: 'Service' },
  database: { api: '/databases', child: 'schema', childApi: '/databaseSchemas', childParam: 'database', title: 'Database' },
  schema: { api: '/databaseSchemas', child: 'table', childApi: '/tables', childParam: 'databaseSchema', title: 'Schema' },
  table: { api: '/tables', child: null, childApi: null, childParam: null, title: 'Table' },
} as const;
export type Level = keyof typeof LEVELS;

const CHILD_PAGE = 50;

/** A service, database, schema or table: its fields, its parents as a trail, and its children a page at a time (the API's cursors). */
export function EntityPage({ level, fqn }: { level: Level; fqn: string }) {
  const spec = LEVELS[level];
  const [entity, setEntity] = useState<Entity | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [writeError, setWriteError] = useState('');
  const [loaded, setLoaded] = useState(0);
  const [children, setChildren] = useState<Page<Entity> | null>(null);
  const [cursor, setCursor] = useState<{ after?: string; before?: string }>({});
  const [editingConnection, setEditingConnection] = useState(false);
  const [notice, setNotice] = useState('');
  const deleted = entity?.deleted === true;

  useEffect(() => {
    let live = true;
    // A reload after an edit keeps the page (and the focus) in place; a new entity is a new page (App keys it).
    setError('');
    const fields = level === 'table' ? 'owners,tags,domains,columns,tableConstraints' : 'owners,tags,domains';
    getTagged<Entity>(spec.api + '/name/' + encodeURIComponent(fqn) + query({ fields, include: 'all' }))
      .then(({ body, etag: tag }) => { if (live) { setEntity(body); setEtag(tag); setWriteError(''); } })
      .catch((e) => { if (live) setError(e instanceof ApiError ? e.message : String(e)); });
    return () => { live = false; };
  }, [level, fqn, loaded]);

  useEffect(() => setCursor({}), [level, fqn]);

  /** A change as a JSON Patch with If-Match; on 412 the user is told to reload rather than overwrite. */
  async function change(operations: unknown[]): Promise<boolean> {
    setWriteError('');
    try {
      await patch(spec.api + '/' + entity!.id, operations, etag);
      setLoaded((n) => n + 1);
      return true;
    } catch (e) {
      setWriteError(e instanceof ApiError && e.status === 412
        ? 'This ' + spec.title.toLowerCase() + ' was changed by someone else since you opened it; reload to see the change, then edit again.'
        : e instanceof ApiError ? e.message : String(e));
      return false;
    }
  }

  useEffect(() => {
    if (!spec.childApi || !spec.childParam) return;
    let live = true;
    get<Page<Entity>>(spec.childApi + query({ [spec.childParam]: fqn, limit: CHILD_PAGE, fields: 'owners,tags', include: deleted ? 'deleted' : undefined, ...cursor }))
      .then((p) => { if (live) setChildren(p); })
      .catch(() => { if (live) setChildren({ data: [] }); });
    return () => { live = false; };
  }, [level, fqn, cursor, deleted, loaded]);

  if (error) return <main className="page"><p role="alert" className="error">{error}</p></main>;
  if (!entity) return <main className="page" aria-busy="true"><p className="muted">Loading…</p></main>;

  const parentLink = level === 'service' ? '#/' : link(level === 'database' ? 'service' : level === 'schema' ? 'database' : 'schema',
    (level === 'database' ? entity.service?.fullyQualifiedName || entity.service?.name : level === 'schema'
      ? entity.database?.fullyQualifiedName : entity.databaseSchema?.fullyQualifiedName) || '');
  const trail: [string, string][] = [];
  if (entity.service) trail.push(['service', entity.service.fullyQualifiedName || entity.service.name || '']);
  if (entity.database) trail.push(['database', entity.database.fullyQualifiedName || '']);
  if (entity.databaseSchema) trail.push(['schema', entity.databaseSchema.fullyQualifiedName || '']);

  return (
    <main className="page" aria-labelledby="entity-title">
      <nav aria-label="Breadcrumb" className="trail">
        <a href="#/">Services</a>
        {trail.map(([kind, f]) => (<span key={kind}> / <a href={link(kind, f)}>{f.split('.').pop()}</a></span>))}
      </nav>
      <div className="page-head">
        <h1 id="entity-title">
          {level === 'service' && <TypeIcon type={entity.serviceType} />} {entity.displayName || entity.name}
          {entity.deleted && <span className="badge">deleted</span>}
        </h1>
        <span className="muted">{spec.title} · version {entity.version?.toFixed(1)} · updated {when(entity.updatedAt)} by {entity.updatedBy}
          {' · '}<a href={'#/history/' + level + '/' + encodeURIComponent(entity.fullyQualifiedName)}>History</a></span>
        <Lifecycle api={spec.api} entity={entity} title={spec.title} hasChildren={!!spec.child && (children?.paging?.total ?? 1) > 0}
          onRestored={() => { setNotice(spec.title + ' restored.'); setLoaded((n) => n + 1); }}
          onDeleted={(hard) => {
            if (hard) window.location.hash = parentLink.slice(1);
            else { setNotice(spec.title + ' deleted: it can be restored.'); setLoaded((n) => n + 1); }
          }} />
      </div>
      <div role="status" aria-live="polite" className={notice ? 'notice' : undefined}>{notice}</div>
      {writeError && (
        <div role="alert" className="error">{writeError} <button onClick={() => setLoaded((n) => n + 1)}>Reload</button></div>
      )}
      {/* Keyed by the reads: a reload (after a save, or the Reload after a 412) closes the editors on the entity as it now is. */}
      <dl className="fields" key={'fields' + loaded}>
        <dt>Fully qualified name</dt><dd><code>{entity.fullyQualifiedName}</code></dd>
        {entity.serviceType && (<><dt>Type</dt><dd>{entity.serviceType}</dd></>)}
        <dt>Owners</dt><dd>{deleted ? <Refs refs={entity.owners} /> : <RefsEditor id="owners-edit" label="Owners" refs={entity.owners}
          sources={[{ api: '/users', type: 'user' }, { api: '/teams', type: 'team' }]}
          onSave={(refs) => change([{ op: 'add', path: '/owners', value: refs }])} />}</dd>
        <dt>Domain</dt><dd>{deleted ? <Refs refs={entity.domains} /> : <RefsEditor id="domains-edit" label="Domains" refs={entity.domains}
          sources={[{ api: '/domains', type: 'domain' }]} onSave={(refs) => change([{ op: 'add', path: '/domains', value: refs }])} />}</dd>
        <dt>Tags</dt><dd>{deleted ? <Tags tags={entity.tags} /> : <TagsEditor id="entity-tags" name={entity.name} tags={entity.tags}
          onSave={(tags) => change([{ op: 'add', path: '/tags', value: tags }])} />}</dd>
        {entity.tableType && (<><dt>Table type</dt><dd>{entity.tableType}</dd></>)}
      </dl>
      <Description key={'description' + loaded} text={entity.description} onSave={(text) => change([{ op: 'add', path: '/description', value: text }])} />
      {entity.connection?.config && (
        <section aria-labelledby="connection-title">
          <h2 id="connection-title">Connection {!editingConnection && !deleted && (
            <button className="small" onClick={() => setEditingConnection(true)}>Edit connection</button>
          )}</h2>
          {editingConnection ? (
            <Suspense fallback={<p className="muted">Loading the form…</p>}>
              <ConnectionEditor service={entity} onCancel={() => setEditingConnection(false)}
                onSaved={() => { setEditingConnection(false); setNotice('Connection saved.'); setLoaded((n) => n + 1); }} />
            </Suspense>
          ) : (
            <dl className="fields">
              {flattenConfig(entity.connection.config).map(([k, v]) => (
                <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
              ))}
            </dl>
          )}
        </section>
      )}
      {level === 'service' && <IngestionRuns service={entity} refresh={loaded} />}
      {level === 'service' && !deleted && <Tree key={'tree' + loaded} service={entity} />}
      <CsvPanel api={spec.api} fqn={entity.fullyQualifiedName} name={entity.name} />
      {entity.columns && <Columns key={'columns' + loaded} columns={entity.columns} editable={!deleted}
        onChange={(pointer, member, value) => change([{ op: 'add', path: pointer + '/' + member, value }])} />}
      {spec.child && children && (
        <section aria-labelledby="children-title">
          <h2 id="children-title">{spec.child === 'schema' ? 'Schemas' : spec.child === 'database' ? 'Databases' : 'Tables'}
            {children.paging?.total !== undefined && <span className="muted"> ({children.paging.total})</span>}</h2>
          <table className="list">
            <thead><tr><th scope="col">Name</th><th scope="col">Owners</th><th scope="col">Tags</th><th scope="col">Description</th></tr></thead>
            <tbody>
              {children.data.map((c) => (
                <tr key={c.id}>
                  <td><a href={link(spec.child!, c.fullyQualifiedName)}>{c.displayName || c.name}</a></td>
                  <td><Refs refs={c.owners} /></td>
                  <td><Tags tags={c.tags} /></td>
                  <td className="clip">{c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label="Pages">
            <button disabled={!children.paging?.before} onClick={() => setCursor({ before: children.paging?.before })}>Previous</button>
            <button disabled={!children.paging?.after} onClick={() => setCursor({ after: children.paging?.after })}>Next</button>
          </nav>
        </section>
      )}
    </main>
  );
}

/** A connection's fields as dotted paths ("authType.password"); secrets arrive masked from the server and stay so. */
function flattenConfig(config: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(config).flatMap(([k, v]) => {
    const path = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return flattenConfig(v as Record<string, unknown>, path + '.');
    return [[path, Array.isArray(v) ? v.join(', ') : String(v)] as [string, string]];
  });
}

function flatten(columns: Column[], pointer = '/columns', depth = 0): [Column, number, string][] {
  return columns.flatMap((c, i) => [[c, depth, pointer + '/' + i] as [Column, number, string],
    ...flatten(c.children || [], pointer + '/' + i + '/children', depth + 1)]);
}

function tagLabels(text: string): TagLabel[] {
  return text.split(',').map((t) => t.trim()).filter(Boolean)
    .map((tagFQN) => ({ tagFQN, source: 'Classification', labelType: 'Manual', state: 'Confirmed' }) as TagLabel);
}

/** Tags typed as their full names, comma separated; saved as manual labels. */
function TagsEditor({ id, name, tags, onSave }: { id: string; name: string; tags?: TagLabel[]; onSave: (tags: TagLabel[]) => Promise<boolean> }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  if (!editing) {
    return (
      <>
        <Tags tags={tags} />{' '}
        <button className="small" aria-label={'Edit tags of ' + name}
          onClick={() => { setEditing(true); setText((tags || []).map((t) => t.tagFQN).join(', ')); }}>Edit</button>
      </>
    );
  }
  return (
    <form className="inline-edit" onSubmit={async (e) => { e.preventDefault(); if (await onSave(tagLabels(text))) setEditing(false); }}>
      <label htmlFor={id} className="visually-hidden">Tags of {name}</label>
      <input id={id} value={text} onChange={(e) => setText(e.target.value)} placeholder="PII.Sensitive, Tier.Tier1" />
      <button type="submit">Save tags</button>
      <button type="button" onClick={() => setEditing(false)}>Cancel</button>
    </form>
  );
}

function ColumnDescription({ id, column, onSave }: { id: string; column: Column; onSave: (text: string) => Promise<boolean> }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  if (!editing) {
    return (
      <>
        <span className="clip">{column.description}</span>{' '}
        <button className="small" aria-label={'Edit description of ' + column.name}
          onClick={() => { setEditing(true); setText(column.description || ''); }}>Edit</button>
      </>
    );
  }
  return (
    <form className="inline-edit" onSubmit={async (e) => { e.preventDefault(); if (await onSave(text)) setEditing(false); }}>
      <label htmlFor={id} className="visually-hidden">Description of {column.name}</label>
      <input id={id} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit">Save description</button>
      <button type="button" onClick={() => setEditing(false)}>Cancel</button>
    </form>
  );
}

function Columns({ columns, editable, onChange }: {
  columns: Column[]; editable: boolean; onChange: (pointer: string, member: string, value: unknown) => Promise<boolean>;
}) {
  const rows = flatten(columns);
  return (
    <section aria-labelledby="columns-title">
      <h2 id="columns-title">Columns <span className="muted">({columns.length})</span></h2>
      <table className="list">
        <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Constraint</th><th scope="col">Tags</th><th scope="col">Description</th></tr></thead>
        <tbody>
          {rows.map(([c, depth, pointer]) => (
            <tr key={pointer}>
              <td><span className={'indent-' + Math.min(depth, 4)}>{c.name}</span></td>
              <td><code>{c.dataTypeDisplay || c.dataType}</code></td>
              <td>{c.constraint || ''}</td>
              <td>{editable ? <TagsEditor id={'tags' + pointer.replace(/\//g, '-')} name={c.name} tags={c.tags} onSave={(tags) => onChange(pointer, 'tags', tags)} />
                : <Tags tags={c.tags} />}</td>
              <td>{editable ? <ColumnDescription id={'description' + pointer.replace(/\//g, '-')} column={c} onSave={(text) => onChange(pointer, 'description', text)} />
                : <span className="clip">{c.description}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The description, rendered; editable in place as Markdown. */
function Description({ text, onSave }: { text?: string; onSave: (text: string) => Promise<boolean> }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(text || '');
  return (
    <section aria-labelledby="description-title">
      <h2 id="description-title">Description {!editing && (
        <button className="small" onClick={() => { setDraft(text || ''); setEditing(true); }}>Edit description</button>
      )}</h2>
      {editing ? (
        <form onSubmit={async (e) => { e.preventDefault(); if (await onSave(draft)) setEditing(false); }}>
          <label htmlFor="description-text" className="visually-hidden">Description (Markdown)</label>
          <textarea id="description-text" rows={5} value={draft} onChange={(e) => setDraft(e.target.value)} />
          <div className="actions"><button type="submit">Save description</button><button type="button" onClick={() => setEditing(false)}>Cancel</button></div>
        </form>
      ) : <Markdown text={text} />}
    </section>
  );
}
