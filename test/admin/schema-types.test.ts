// A route's schema is its type: what `validate` returns, and what a route's handler gets, is
// inferred from the JSON schema the route declares once. The type checks run in
// `npm run typecheck` (tests are type-checked); the values here run in vitest.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { route } from '../../src/app/admin/define.js';
import { validate, type Infer } from '../../src/app/admin/schema.js';

const BODY = {
  type: 'object',
  properties: {
    reason: { type: 'string', enum: ['counterfeit', 'other'] },
    note: { type: 'string', maxLength: 5 },
    count: { type: 'integer', minimum: 0 },
    tags: { type: 'array', items: { type: 'string' } },
    urgent: { type: 'boolean' },
  },
  required: ['reason'],
} as const;

describe('a schema is its type', () => {
  it('required fields are present, the others optional, enums their members', () => {
    expectTypeOf<Infer<typeof BODY>>().toEqualTypeOf<{
      reason: 'counterfeit' | 'other';
      note?: string;
      count?: number;
      tags?: string[];
      urgent?: boolean;
    }>();
    const body = validate(BODY, { reason: 'other', count: 2, tags: ['a'] }, 'body');
    expectTypeOf(body).toEqualTypeOf<Infer<typeof BODY>>();
    expect(body).toEqual({ reason: 'other', count: 2, tags: ['a'] });
  });

  it('a query string is converted to the types the schema names', () => {
    const query = validate(BODY, { reason: 'counterfeit', count: '7', urgent: 'true' }, 'query');
    expect(query).toEqual({ reason: 'counterfeit', count: 7, urgent: true });
  });

  it('the value refused is the one the type would not allow', () => {
    expect(() => validate(BODY, { note: 'x' }, 'body')).toThrow('"reason" is required');
    expect(() => validate(BODY, { reason: 'lost' }, 'body')).toThrow(
      '"reason" must be one of: counterfeit, other',
    );
    expect(() => validate(BODY, { reason: 'other', note: 'too long' }, 'body')).toThrow(
      '"note" must have at most 5 characters',
    );
  });

  it("refuses a field named after an object's own machinery, as any unknown field", () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const body = JSON.parse(`{"reason":"other","${name}":1}`) as unknown;
      expect(() => validate(BODY, body, 'body'), name).toThrow(`field "${name}" is not known`);
    }
  });

  it("a route's handler gets its schemas' types without writing them again", () => {
    const declared = route({
      method: 'post',
      path: '/probe',
      summary: 'a route the type checker reads',
      permission: null,
      action: 'probe',
      query: { type: 'object', properties: { limit: { type: 'integer', maximum: 9 } } },
      body: BODY,
      response: { status: 200, description: 'nothing' },
      async handle({ query, body }) {
        expectTypeOf(query).toEqualTypeOf<{ limit?: number }>();
        expectTypeOf(body.reason).toEqualTypeOf<'counterfeit' | 'other'>();
        // @ts-expect-error: a field the schema does not declare is not there
        void body.unknown;
        // @ts-expect-error: an optional field may be absent
        const note: string = body.note;
        return note;
      },
    });
    expect(declared.body).toBe(BODY);
  });

  it('a route without a body schema gets no body', () => {
    route({
      method: 'get',
      path: '/probe',
      summary: 'a route the type checker reads',
      permission: null,
      action: 'probe',
      response: { status: 200, description: 'nothing' },
      async handle({ query, body }) {
        expectTypeOf(query).toEqualTypeOf<Record<string, never>>();
        expectTypeOf(body).toEqualTypeOf<Record<string, never>>();
      },
    });
  });
});
