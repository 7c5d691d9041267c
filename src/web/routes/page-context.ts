import type { Context } from 'hono';
import type { WebDeps, WebEnv } from '../deps.ts';
import type { PageContext } from '../views/layout.ts';

export const pageContext = (c: Context<WebEnv>, deps: WebDeps): PageContext => ({
  user: c.get('user'),
  nonce: c.get('nonce'),
  pipelineTitle: deps.pipeline.title,
});
