// The files of public/ on the Node server, served the way the Workers assets binding serves them:
// each existing file at its path, ahead of the app.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { findProjectFile } from '../store/project-files.js';

/**
 * The app's fetch behind public/'s files. The list is read once, so no other request pays a disk
 * look-up, and every other request reaches the app untouched (its own 404 and error answers
 * included). `app` is asked on each request: the server swaps it when the keys change.
 */
export function withPublicFiles(app: () => Hono): Hono['fetch'] {
  const dir = findProjectFile('public', fileURLToPath(import.meta.url));
  const files = new Hono();
  const paths = new Set<string>();
  for (const file of existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
    : []) {
    if (!file.isFile()) continue;
    const path = join(file.parentPath, file.name);
    const route = `/${relative(dir, path).split(sep).join('/')}`;
    // Hono's table has no Markdown: the CT1 specification (/spec/ct1.md) is text, not a download.
    const onFound = route.endsWith('.md')
      ? (_: string, c: Context) => c.header('Content-Type', 'text/markdown; charset=utf-8')
      : undefined;
    files.get(route, serveStatic({ path, onFound }));
    paths.add(route);
  }
  return (request, env, ctx) => {
    const url = request.url;
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const query = url.indexOf('?', start);
    const path = url.slice(start, query < 0 ? undefined : query);
    return paths.has(path) ? files.fetch(request, env, ctx) : app().fetch(request, env, ctx);
  };
}
