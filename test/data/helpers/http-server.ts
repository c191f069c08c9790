/**
 * A throwaway HTTP server on 127.0.0.1 for download tests: fixed routes, redirects, and a
 * request log; port 0 so parallel test files never collide.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export type Route = { body: Buffer } | { redirect: string } | { status: number };

export interface TestServer {
  readonly baseUrl: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves `routes` (path → body / redirect / status) until closed. */
export async function serveRoutes(routes: Record<string, Route>): Promise<TestServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (!route) { res.writeHead(404).end('not found'); return; }
    if ('redirect' in route) { res.writeHead(302, { location: route.redirect }).end(); return; }
    if ('status' in route) { res.writeHead(route.status).end(); return; }
    res.writeHead(200, { 'content-length': route.body.length, 'content-type': 'application/gzip' });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A 127.0.0.1 port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
