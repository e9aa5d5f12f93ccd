import { lazy, Suspense, useEffect, useState } from 'react';
import { signedIn, signOut, whenSignedOut } from './api';
import { EntityPage, type Level } from './pages/EntityPage';
import { Login } from './pages/Login';
import { SearchBox } from './pages/SearchBox';
import { Services } from './pages/Services';

// Loaded when first opened: the form library and the diff stay out of the first page's script.
const AddService = lazy(() => import('./pages/AddService').then((m) => ({ default: m.AddService })));
const ApiReference = lazy(() => import('./pages/ApiReference').then((m) => ({ default: m.ApiReference })));
const History = lazy(() => import('./pages/History').then((m) => ({ default: m.History })));

function route(): { level: Level | 'services' | 'new-service' | 'api'; fqn: string; history?: boolean } {
  const [, kind, ...rest] = window.location.hash.replace(/^#/, '').split('/');
  const fqn = decodeURIComponent(rest.join('/'));
  if (kind === 'service' || kind === 'database' || kind === 'schema' || kind === 'table') return { level: kind, fqn };
  if (kind === 'new-service') return { level: 'new-service', fqn: '' };
  if (kind === 'api') return { level: 'api', fqn: '' };
  if (kind === 'history' && ['service', 'database', 'schema', 'table'].includes(rest[0])) {
    return { level: rest[0] as Level, fqn: decodeURIComponent(rest.slice(1).join('/')), history: true };
  }
  return { level: 'services', fqn: '' };
}

export function App() {
  const [authenticated, setAuthenticated] = useState(signedIn());
  const [where, setWhere] = useState(route());

  useEffect(() => {
    whenSignedOut(() => setAuthenticated(false));
    const moved = () => setWhere(route());
    window.addEventListener('hashchange', moved);
    return () => window.removeEventListener('hashchange', moved);
  }, []);

  if (!authenticated) return <Login onSignedIn={() => setAuthenticated(true)} />;
  return (
    <>
      <header className="top">
        <a href="#/" className="brand">Meridian</a>
        <SearchBox />
        <a href="#/api" className="nav">API</a>
        <button className="link" onClick={() => signOut()}>Sign out</button>
      </header>
      <Suspense fallback={<main className="page"><p className="muted">Loading…</p></main>}>
        {where.level === 'services' ? <Services /> : where.level === 'new-service' ? <AddService /> : where.level === 'api' ? <ApiReference />
          : where.history ? <History key={'h' + where.level + where.fqn} level={where.level} fqn={where.fqn} />
            : <EntityPage key={where.level + where.fqn} level={where.level} fqn={where.fqn} />}
      </Suspense>
    </>
  );
}
