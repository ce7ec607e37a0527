import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { DataSource } from './api/source';
import { LiveSource } from './api/liveSource';
import './styles.css';

// The fixture build (`vite build --mode fixtures`) swaps the collector for recorded responses; the branch
// is removed from the production bundle because MODE is a build-time constant. The live source is in the main
// bundle (no second round trip) and starts its first requests before React renders: the page is alive sooner.
async function dataSource(): Promise<DataSource> {
  if (import.meta.env.MODE === 'fixtures') {
    const { FixtureSource } = await import('./fixtures/fixtureSource');
    return new FixtureSource();
  }
  return new LiveSource();
}

void dataSource().then((source) =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App source={source} />
    </StrictMode>,
  ),
);
