// How an admin route is declared: its path, its schemas (checked on every request and published
// in the OpenAPI document), the permission it needs, and its audit action. Every call is signed
// in, checked and written to the audit log, whatever its outcome.
import type { Context, Hono } from 'hono';
import type { AdminStore, Permission, Principal } from '../../core/index.js';
import { audited, ensure } from '../../services/access.js';
import { readJson } from '../read-body.js';
import { json, NO_STORE } from '../respond.js';
import { validate, type Infer, type ObjectSchema, type Schema } from './schema.js';

export interface Call<Q, B> {
  c: Context;
  who: Principal;
  query: Q;
  body: B;
  /** What the audit log records the action was about; set by the handler when it knows. */
  target: string;
  /** What the audit log adds on success (a new member's role, say); set by the handler. */
  detail: string;
}

/** What a handler gets for a request part: the type its schema gives, or nothing without one. */
export type PartOf<S> = [S] extends [ObjectSchema] ? Infer<S> : Record<string, never>;

/**
 * One admin route. `Q` and `B` are its query and body schemas, declared once: the same objects
 * check each request, are published in the OpenAPI document, and type the handler's `call`.
 */
export interface AdminRoute<
  Q extends ObjectSchema | undefined = undefined,
  B extends ObjectSchema | undefined = undefined,
> {
  method: 'get' | 'post' | 'put';
  /** A Hono path under /api/v1/admin, like /cards/:serial. */
  path: string;
  summary: string;
  /** What the role must grant; null for any signed-in staff member. */
  permission: Permission | null;
  /** The audit log's name for this action, like card.revoke. */
  action: string;
  query?: Q;
  body?: B;
  /** What a successful answer holds (for the OpenAPI document). */
  response: { status: 200 | 201; description: string; schema?: Schema };
  /** Other media types the route answers with, like a printable report. */
  alsoProduces?: string[];
  /** The media types of a raw body the handler reads itself (an image), for the OpenAPI document. */
  accepts?: string[];
  handle(call: Call<PartOf<Q>, PartOf<B>>): Promise<unknown>;
}

/** Any admin route, whatever its schemas: what mounting and the OpenAPI document take. */
export type AnyRoute = AdminRoute<any, any>;

export { ensure };

/**
 * Declares a route. Its schemas are taken as written (`const`), so the handler's `call.query` and
 * `call.body` have the types they describe: `required` fields present, enums as their members.
 */
export function route<
  const Q extends ObjectSchema | undefined = undefined,
  const B extends ObjectSchema | undefined = undefined,
>(r: AdminRoute<Q, B>): AnyRoute {
  return r as AnyRoute;
}

/** The most a JSON request body may hold. */
export const MAX_ADMIN_BODY = 64 * 1024;

/** Mounts the routes on `app`, each behind sign-in, its permission, its schemas and the audit. */
export function mountRoutes(
  app: Hono,
  routes: AnyRoute[],
  authenticate: (c: Context) => Promise<Principal>,
  admin: AdminStore,
  now: () => Date,
): void {
  for (const r of routes) {
    app[r.method](`/api/v1/admin${r.path}`, async (c) => {
      const who = await authenticate(c); // refusals here name nobody: not a staff action
      const call: Call<unknown, unknown> = {
        c,
        who,
        query: {},
        body: {},
        target: c.req.param('serial') ?? c.req.param('id') ?? '',
        detail: '',
      };
      return audited(
        { admin, now },
        who,
        r.action,
        call,
        async () => {
          if (r.permission) ensure(who, r.permission);
          if (r.query) call.query = validate(r.query, c.req.query(), 'query');
          if (r.body)
            call.body = validate(r.body, await readJson(c, { maxBytes: MAX_ADMIN_BODY }), 'body');
          const result = await r.handle(call);
          return result instanceof Response ? result : json(result, r.response.status, NO_STORE);
        },
        (response) => response.status,
        () => call.detail,
      );
    });
  }
}
