import DOMPurify from 'dompurify';
import { marked } from 'marked';
import type { Ref, TagLabel } from './types';

export function when(millis?: number): string {
  if (!millis) return '';
  return new Date(millis).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function refName(ref: Ref): string {
  return ref.displayName || ref.name || ref.fullyQualifiedName || ref.id;
}

/** A route in the UI (hash routing: the server serves one page). */
export function link(kind: string, fqn: string): string {
  return '#/' + kind + '/' + encodeURIComponent(fqn);
}

export function Refs({ refs, empty = '—' }: { refs?: Ref[]; empty?: string }) {
  if (!refs || refs.length === 0) return <span className="muted">{empty}</span>;
  return <span>{refs.map(refName).join(', ')}</span>;
}

export function Tags({ tags }: { tags?: TagLabel[] }) {
  if (!tags || tags.length === 0) return <span className="muted">—</span>;
  return (
    <span className="tags">
      {tags.map((t) => (
        <span className="tag" key={t.tagFQN}>
          {t.tagFQN}
        </span>
      ))}
    </span>
  );
}

/** A description: Markdown from sources and users, rendered and then sanitised. */
export function Markdown({ text }: { text?: string }) {
  if (!text) return <p className="muted">No description</p>;
  const html = DOMPurify.sanitize(marked.parse(text, { async: false }) as string);
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

const TYPE_COLOURS: Record<string, string> = {
  postgres: '#336791', mysql: '#00758f', mariadb: '#c0765a', snowflake: '#29b5e8', bigquery: '#4285f4',
  redshift: '#8c4fff', mssql: '#a91d22', oracle: '#c74634', databricks: '#ff3621', trino: '#dd00a1',
};

/** A service type's badge: its initials on its colour (no image to fetch). */
export function TypeIcon({ type, decorative = false }: { type?: string; decorative?: boolean }) {
  const key = (type || '?').toLowerCase();
  // Decorative where the type is also in the text beside it; else an image named by the type.
  const a11y = decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': type };
  return (
    <span className="type-icon" title={type} {...a11y} data-type={key}
      ref={(el) => { if (el) el.style.backgroundColor = TYPE_COLOURS[key] || '#5b6470'; }}>
      {(type || '?').slice(0, 2).toUpperCase()}
    </span>
  );
}
