// The self-hosted GraphiQL at /graphiql (graphiql.html, its own Vite entry: none of this is in the
// SPA's initial bundle). Everything — editor, language workers, fonts — is served from this
// origin, so it works offline and under the server's CSP (script-src 'self', no CDN).
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { session } from '../app/session';
import { EXAMPLE_TABS } from './examples';
import { createFetcher } from './fetcher';

const fetcher = createFetcher(() => session.get());
const signedIn = session.get() !== null;

function Banner() {
  return (
    <header className="gq-banner">
      <a href="/">Schoolmix</a>
      <span>
        {signedIn
          ? 'Queries run with your session.'
          : 'Not signed in: sign in to Schoolmix in this tab first, or paste {"Authorization": "Bearer <API key>"} into the Headers tab below.'}{' '}
        Error codes: README “Errors”. Examples: one tab per kind of user.
      </span>
    </header>
  );
}

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <div className="gq-page">
      <Banner />
      <div className="gq-ide">
        <GraphiQL fetcher={fetcher} defaultTabs={EXAMPLE_TABS} defaultEditorToolsVisibility="variables" shouldPersistHeaders={false}>
          <GraphiQL.Logo>Schoolmix API</GraphiQL.Logo>
        </GraphiQL>
      </div>
    </div>
  </StrictMode>,
);
