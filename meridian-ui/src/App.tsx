import { useEffect, useState } from 'react';
import { signedIn, signOut, whenSignedOut } from './api';
import { EntityPage, type Level } from './pages/EntityPage';
import { Login } from './pages/Login';
import { SearchBox } from './pages/SearchBox';
import { Services } from './pages/Services';

function route(): { level: Level | 'services'; fqn: string } {
  const [, kind, ...rest] = window.location.hash.replace(/^#/, '').split('/');
  const fqn = decodeURIComponent(rest.join('/'));
  if (kind === 'service' || kind === 'database' || kind === 'schema' || kind === 'table') return { level: kind, fqn };
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
        <button className="link" onClick={() => signOut()}>Sign out</button>
      </header>
      {where.level === 'services' ? <Services /> : <EntityPage key={where.level + where.fqn} level={where.level} fqn={where.fqn} />}
    </>
  );
}
