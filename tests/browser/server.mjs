// A tiny static file server for the browser tests: serves each site folder under its own
// sub-path (http://127.0.0.1:PORT/<name>/...), as a city's web server would serve the site from a
// sub-folder. Loopback only, GET/HEAD only, no directory listings.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonld': 'application/ld+json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
};

/** Starts the server. `sites` maps a URL prefix (e.g. "plan") to a folder. */
export async function serve(sites) {
  const roots = new Map(Object.entries(sites).map(([k, v]) => [k, path.resolve(v)]));
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    const parts = decodeURIComponent(url.pathname).split('/').filter(Boolean);
    const root = roots.get(parts.shift() ?? '');
    if (!root || parts.some((p) => p === '..' || p.startsWith('.'))) {
      res.writeHead(404).end();
      return;
    }
    let file = path.join(root, ...parts);
    if (url.pathname.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        const notFound = path.join(root, '404.html');
        const page = fs.existsSync(notFound) ? fs.readFileSync(notFound) : Buffer.from('not found');
        res.writeHead(404, { 'content-type': TYPES['.html'] });
        res.end(req.method === 'HEAD' ? undefined : page);
        return;
      }
      const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
