// The OpenAPI 3.1 document, generated from the very route declarations the admin API checks its
// requests against, plus the public verification routes.
import type { AnyRoute } from './define.js';
import type { ObjectSchema } from './schema.js';

interface PublicRoute {
  method: 'get' | 'post';
  path: string;
  summary: string;
  query?: ObjectSchema;
  body?: ObjectSchema;
}

/** The longest code text /api/v1/check is documented to read (the whole address is capped too). */
const MAX_CHECK_TEXT = 1000;

/** The public routes, for the same document: no sign-in needed. */
const PUBLIC_ROUTES: PublicRoute[] = [
  {
    method: 'get',
    path: '/api/v1/verify/{token}',
    summary: 'Verify a card token. With receipt=1 the verdict carries a signed receipt.',
    query: { type: 'object', properties: { receipt: { type: 'string', enum: ['1', 'true'] } } },
  },
  {
    method: 'get',
    path: '/api/v1/check',
    summary:
      'Check any text a QR code held: a link on a verify host is verified, any other host is a look-alike.',
    query: {
      type: 'object',
      properties: { q: { type: 'string', maxLength: MAX_CHECK_TEXT } },
      required: ['q'],
    },
  },
  {
    method: 'get',
    path: '/api/v1/cards/{serialText}',
    summary:
      'Look a card up by its printed serial: the verdict and warnings a scan of its code gets now (from the registry’s copy); not counted as a check.',
  },
  {
    method: 'post',
    path: '/api/v1/verify/image',
    summary:
      'Read every QR code in an image (multipart field "image", or raw image/* bytes) and verify each.',
  },
  {
    method: 'post',
    path: '/api/v1/claim',
    summary:
      'Claim a card with the code of its claim slip (or a transfer code): 201 with the holder secret, shown once, and the claim as the public sees it; 409 ERR_CLAIM_TAKEN once claimed.',
    body: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        handle: { type: 'string', description: 'a public name; absent or null for none' },
        showPhoto: { type: 'boolean' },
      },
      required: ['code'],
    },
  },
  {
    method: 'post',
    path: '/api/v1/claim/holder',
    summary: 'The claim a holder secret holds (403 ERR_HOLDER_SECRET when none stands).',
    body: {
      type: 'object',
      properties: { holderSecret: { type: 'string' } },
      required: ['holderSecret'],
    },
  },
  {
    method: 'post',
    path: '/api/v1/claim/change',
    summary:
      'Change what the public sees of a claim: handle (null for none) and showPhoto; a field left out stays.',
    body: {
      type: 'object',
      properties: {
        holderSecret: { type: 'string' },
        handle: { type: 'string', description: 'null for none' },
        showPhoto: { type: 'boolean' },
      },
      required: ['holderSecret'],
    },
  },
  {
    method: 'post',
    path: '/api/v1/claim/release',
    summary:
      'Release a claim: answers a fresh transfer code to hand on with the card; the holder secret and the old code stop working.',
    body: {
      type: 'object',
      properties: { holderSecret: { type: 'string' } },
      required: ['holderSecret'],
    },
  },
  {
    method: 'get',
    path: '/claim-photos/{photoId}',
    summary:
      'The reference photo a standing claim shows, under a random name; 404 (no-store) once withdrawn.',
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'The public keys: card signing keys and the receipt key, with status and dates.',
  },
];

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const pathParams = (path: string) =>
  [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
const queryParams = (schema?: ObjectSchema) =>
  Object.entries(schema?.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: schema?.required?.includes(name) ?? false,
    schema: s,
  }));

const ERROR = {
  description: 'an error: { error: { code, message } }',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/** The OpenAPI document for `routes` (admin) and the public routes. */
export function openApiDocument(routes: AnyRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of PUBLIC_ROUTES) {
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      tags: ['public'],
      parameters: [...pathParams(r.path), ...queryParams(r.query)],
      ...(r.body && {
        requestBody: { required: true, content: { 'application/json': { schema: r.body } } },
      }),
      responses: { 200: { description: 'the answer' }, 400: ERROR, 429: ERROR },
    };
  }
  for (const r of routes) {
    const path = toOpenApiPath(`/api/v1/admin${r.path}`);
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      operationId: r.action,
      tags: ['admin'],
      security: [{ bearer: [] }],
      'x-cachet-permission': r.permission ?? 'any staff member',
      parameters: [...pathParams(path), ...queryParams(r.query)],
      ...(r.body && {
        requestBody: { required: true, content: { 'application/json': { schema: r.body } } },
      }),
      ...(r.accepts && {
        requestBody: {
          required: true,
          content: Object.fromEntries(
            r.accepts.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
          ),
        },
      }),
      responses: {
        [r.response.status]: {
          description: r.response.description,
          content: Object.fromEntries(
            ['application/json', ...(r.alsoProduces ?? [])].map((type) => [type, {}]),
          ),
        },
        400: ERROR,
        401: ERROR,
        403: ERROR,
        404: ERROR,
        // The identity provider does not give its keys (ERR_PROVIDER_UNAVAILABLE, Retry-After).
        503: ERROR,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cachet',
      version,
      description:
        'Verify handwritten cards from luxury houses, and, for staff, mint, search, revoke and export evidence. Staff sign in with Authorization: Bearer <API key or identity-provider token>.',
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'a Cachet API key (cachet_sk_…) or an OIDC access token',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' } },
              required: ['code', 'message'],
            },
          },
        },
      },
    },
    paths,
  };
}
