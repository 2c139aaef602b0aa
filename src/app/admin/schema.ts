// The schemas of the admin API: one description per route that both checks what arrives and
// becomes the OpenAPI document. A small JSON Schema subset, enough for flat requests.
import { CachetError } from '../../core/index.js';

export type Schema =
  | {
      type: 'string';
      description?: string;
      enum?: readonly string[];
      pattern?: string;
      minLength?: number;
      maxLength?: number;
      format?: 'date' | 'date-time';
    }
  | { type: 'integer' | 'number'; description?: string; minimum?: number; maximum?: number }
  | { type: 'boolean'; description?: string }
  | { type: 'array'; description?: string; items: Schema }
  | ObjectSchema;

export interface ObjectSchema {
  type: 'object';
  description?: string;
  properties: Record<string, Schema>;
  required?: readonly string[];
}

const refuse = (field: string, why: string) =>
  new CachetError('ERR_INVALID_ARGUMENT', `${field} ${why}`);

/** Checks (and, from a query string, converts) one value against its schema. */
function check(schema: Schema, value: unknown, field: string, fromText: boolean): unknown {
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') throw refuse(field, 'must be a string');
      if (schema.minLength !== undefined && value.length < schema.minLength)
        throw refuse(field, `must have at least ${schema.minLength} characters`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        throw refuse(field, `must have at most ${schema.maxLength} characters`);
      if (schema.enum && !schema.enum.includes(value))
        throw refuse(field, `must be one of: ${schema.enum.join(', ')}`);
      if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
        throw refuse(field, 'must be a date like 2026-11-23');
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
        throw refuse(field, `does not have the expected form (${schema.pattern})`);
      return value;
    }
    case 'integer':
    case 'number': {
      const whole = schema.type === 'integer';
      const form = whole ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
      const number =
        fromText && typeof value === 'string' && form.test(value) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number))
        throw refuse(field, whole ? 'must be a whole number' : 'must be a number');
      if (whole && !Number.isInteger(number)) throw refuse(field, 'must be a whole number');
      if (schema.minimum !== undefined && number < schema.minimum)
        throw refuse(field, `must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && number > schema.maximum)
        throw refuse(field, `must be at most ${schema.maximum}`);
      return number;
    }
    case 'boolean': {
      if (fromText && (value === 'true' || value === 'false')) return value === 'true';
      if (typeof value !== 'boolean') throw refuse(field, 'must be true or false');
      return value;
    }
    case 'array': {
      if (!Array.isArray(value)) throw refuse(field, 'must be an array');
      return value.map((item, i) => check(schema.items, item, `${field}[${i}]`, fromText));
    }
    case 'object':
      return checkObject(schema, value, field, fromText);
  }
}

function checkObject(
  schema: ObjectSchema,
  value: unknown,
  where: string,
  fromText: boolean,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw refuse(where, 'must be a JSON object');
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(input)) {
    if (!(name in schema.properties)) {
      throw refuse(
        `${where} field "${name}"`,
        `is not known; known fields: ${Object.keys(schema.properties).join(', ')}`,
      );
    }
  }
  for (const [name, property] of Object.entries(schema.properties)) {
    const field = `"${name}"`;
    if (input[name] === undefined || input[name] === null) {
      if (schema.required?.includes(name)) throw refuse(field, 'is required');
      continue;
    }
    out[name] = check(property, input[name], field, fromText);
  }
  return out;
}

/**
 * Checks a request part against its schema, naming the exact field at fault.
 * @throws CachetError `ERR_INVALID_ARGUMENT`.
 */
export function validate<T>(schema: ObjectSchema, value: unknown, from: 'query' | 'body'): T {
  return checkObject(
    schema,
    value,
    from === 'query' ? 'the query' : 'the body',
    from === 'query',
  ) as T;
}

/** The paging of a list: `limit` (1 to 200) and `offset`. */
export const PAGING = {
  limit: { type: 'integer', minimum: 1, maximum: 200 },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
} as const satisfies Record<string, Schema>;
