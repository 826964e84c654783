import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentSession, logout, onSessionChange } from './api';
import { Login } from './pages/Login';
import { Overview } from './pages/Overview';
import { Playground } from './pages/Playground';
import { Jobs } from './pages/Jobs';
import { JobDetail } from './pages/JobDetail';
import { Keys } from './pages/Keys';
import { Users } from './pages/Users';
import { Models } from './pages/Models';
import './styles.css';

const PAGES = [
  { path: 'overview', title: 'Overview' },
  { path: 'playground', title: 'Playground' },
  { path: 'jobs', title: 'Jobs' },
  { path: 'keys', title: 'API keys' },
  { path: 'users', title: 'Users' },
  { path: 'models', title: 'Models & guards' },
];

function useHash(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '') || 'overview').split('/');
  const [hash, setHash] = useState(read);
  useEffect(() => {
    const changed = () => setHash(read());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function useSession() {
  const [session, setSession] = useState(currentSession());
  useEffect(() => onSessionChange(() => setSession(currentSession())), []);
  return session;
}

function Page({ route }: { route: string[] }) {
  switch (route[0]) {
    case 'playground': return <Playground />;
    case 'jobs': return route[1] ? <JobDetail id={route[1]} /> : <Jobs />;
    case 'keys': return <Keys />;
    case 'users': return <Users />;
    case 'models': return <Models />;
    default: return <Overview />;
  }
}

function App() {
  const session = useSession();
  const route = useHash();
  const page = PAGES.find((p) => p.path === route[0]) ?? PAGES[0];
  useEffect(() => {
    document.title = session ? `${page.title} · Inferline` : 'Sign in · Inferline';
  }, [session, page]);
  if (!session) return <Login />;
  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header>
        <span class="brand">Inferline</span>
        <nav aria-label="Console">
          {PAGES.map((p) => (
            <a href={`#/${p.path}`} aria-current={p === page ? 'page' : undefined}>{p.title}</a>
          ))}
        </nav>
        <span class="who">{session.label}</span>
        <button type="button" class="link" onClick={() => logout()}>Sign out</button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
