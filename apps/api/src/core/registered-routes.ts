import type { INestApplication } from '@nestjs/common';

/** One route of the express router: its pattern and the methods it answers. */
export interface RegisteredRoute {
  readonly path: string;
  readonly methods: readonly string[];
  /** True when a request path would be routed to it (express's own matcher, same options). */
  matches(path: string): boolean;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * Every route the express router holds, read from the router itself: Nest controllers and
 * anything registered on express directly (the OpenAPI pages). Used to answer 405 with `Allow`
 * and by the test that tries every route without a token.
 */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const router = (app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] } }).router;
  const out: RegisteredRoute[] = [];
  for (const layer of router?.stack ?? []) {
    if (!layer.route) continue;
    const methods = Object.keys(layer.route.methods).map((m) => m.toUpperCase());
    for (const path of ([] as string[]).concat(layer.route.path))
      out.push({ path, methods, matches: (p) => Boolean(layer.match(p)) });
  }
  return out;
}

/** Methods routed for `path` (HEAD wherever GET is), in a stable order; empty when none. */
export function allowedMethods(routes: readonly RegisteredRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const r of routes) if (r.matches(path)) for (const m of r.methods) methods.add(m === '_ALL' ? '*' : m);
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
