import { useEffect, useState } from 'react';
import { ApiError, get, query } from '../api';
import { link, Markdown, Refs, Tags, TypeIcon, when } from '../format';
import type { Column, Entity, Page } from '../types';

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
  const [error, setError] = useState('');
  const [children, setChildren] = useState<Page<Entity> | null>(null);
  const [cursor, setCursor] = useState<{ after?: string; before?: string }>({});

  useEffect(() => {
    let live = true;
    setEntity(null);
    setError('');
    const fields = level === 'table' ? 'owners,tags,domains,columns,tableConstraints' : 'owners,tags,domains';
    get<Entity>(spec.api + '/name/' + encodeURIComponent(fqn) + query({ fields }))
      .then((e) => { if (live) setEntity(e); })
      .catch((e) => { if (live) setError(e instanceof ApiError ? e.message : String(e)); });
    setCursor({});
    return () => { live = false; };
  }, [level, fqn]);

  useEffect(() => {
    if (!spec.childApi || !spec.childParam) return;
    let live = true;
    get<Page<Entity>>(spec.childApi + query({ [spec.childParam]: fqn, limit: CHILD_PAGE, fields: 'owners,tags', ...cursor }))
      .then((p) => { if (live) setChildren(p); })
      .catch(() => { if (live) setChildren({ data: [] }); });
    return () => { live = false; };
  }, [level, fqn, cursor]);

  if (error) return <main className="page"><p role="alert" className="error">{error}</p></main>;
  if (!entity) return <main className="page" aria-busy="true"><p className="muted">Loading…</p></main>;

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
        <span className="muted">{spec.title} · version {entity.version?.toFixed(1)} · updated {when(entity.updatedAt)} by {entity.updatedBy}</span>
      </div>
      <dl className="fields">
        <dt>Fully qualified name</dt><dd><code>{entity.fullyQualifiedName}</code></dd>
        {entity.serviceType && (<><dt>Type</dt><dd>{entity.serviceType}</dd></>)}
        <dt>Owners</dt><dd><Refs refs={entity.owners} /></dd>
        <dt>Domain</dt><dd><Refs refs={entity.domains} /></dd>
        <dt>Tags</dt><dd><Tags tags={entity.tags} /></dd>
        {entity.tableType && (<><dt>Table type</dt><dd>{entity.tableType}</dd></>)}
      </dl>
      <section aria-labelledby="description-title">
        <h2 id="description-title">Description</h2>
        <Markdown text={entity.description} />
      </section>
      {entity.connection?.config && (
        <section aria-labelledby="connection-title">
          <h2 id="connection-title">Connection</h2>
          <dl className="fields">
            {flattenConfig(entity.connection.config).map(([k, v]) => (
              <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
            ))}
          </dl>
        </section>
      )}
      {entity.columns && <Columns columns={entity.columns} />}
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

function flatten(columns: Column[], depth = 0): [Column, number][] {
  return columns.flatMap((c) => [[c, depth] as [Column, number], ...flatten(c.children || [], depth + 1)]);
}

function Columns({ columns }: { columns: Column[] }) {
  return (
    <section aria-labelledby="columns-title">
      <h2 id="columns-title">Columns <span className="muted">({columns.length})</span></h2>
      <table className="list">
        <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Constraint</th><th scope="col">Tags</th><th scope="col">Description</th></tr></thead>
        <tbody>
          {flatten(columns).map(([c, depth], i) => (
            <tr key={i}>
              <td><span className={'indent-' + Math.min(depth, 4)}>{c.name}</span></td>
              <td><code>{c.dataTypeDisplay || c.dataType}</code></td>
              <td>{c.constraint || ''}</td>
              <td><Tags tags={c.tags} /></td>
              <td className="clip">{c.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
