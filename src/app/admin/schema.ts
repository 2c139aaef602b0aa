// The schemas of the admin API: one description per route that checks what arrives, becomes the
// OpenAPI document, and gives the handler its TypeScript type (`Infer`), as Hono's validator does.
// A small JSON Schema subset, enough for flat requests.
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

/** Flattens an intersection so an inferred type reads as one object. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The names an object schema lists as required. */
type RequiredOf<S> = S extends { required: readonly (infer R)[] } ? R : never;

/** The object a checked `S` gives: required fields as they are, the others optional. */
type InferObject<P, R> = Flat<
  { -readonly [K in keyof P as K extends R ? K : never]: Infer<P[K]> } & {
    -readonly [K in keyof P as K extends R ? never : K]?: Infer<P[K]>;
  }
>;

/**
 * The TypeScript type of what `validate` returns for schema `S` (declared `as const`): an enum's
 * members, `string`, `number`, `boolean`, an array of its items, or an object of its properties.
 */
export type Infer<S> = S extends { type: 'string'; enum: readonly (infer E)[] }
  ? E
  : S extends { type: 'string' }
    ? string
    : S extends { type: 'integer' | 'number' }
      ? number
      : S extends { type: 'boolean' }
        ? boolean
        : S extends { type: 'array'; items: infer I }
          ? Infer<I>[]
          : S extends { type: 'object'; properties: infer P }
            ? InferObject<P, RequiredOf<S>>
            : never;

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
    if (!Object.hasOwn(schema.properties, name)) {
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
export function validate<S extends ObjectSchema>(
  schema: S,
  value: unknown,
  from: 'query' | 'body',
): Infer<S> {
  const where = from === 'query' ? 'the query' : 'the body';
  // The one cast: checkObject has just proved the value has the schema's shape.
  return checkObject(schema, value, where, from === 'query') as Infer<S>;
}
