// The schema check's comparison of definitions: comments and runs of spaces never count (a
// comment edited in a migration changes no registry); strings and quoted names always do.
import { describe, expect, it } from 'vitest';
import { definition } from '../../src/store/registry-schema.js';

describe('a definition as the schema check compares it', () => {
  it('drops comments and spaces outside strings', () => {
    expect(definition("CREATE TABLE a (\n  x TEXT, -- a 'note'\n  y TEXT /* c */\n)")).toBe(
      definition('CREATE TABLE a (x TEXT, y TEXT)'),
    );
  });

  it('keeps what strings and quoted names hold, doubled quotes included', () => {
    const sql = 'CREATE TABLE a (x TEXT DEFAULT \'it\'\'s -- x  y\', "q""--" INT)';
    expect(definition(sql)).toBe('CREATE TABLE a(x TEXT DEFAULT \'it\'\'s -- x  y\',"q""--" INT)');
    expect(definition("x DEFAULT 'a  b'")).not.toBe(definition("x DEFAULT 'a b'"));
    expect(definition('CREATE INDEX i ON t (a)')).not.toBe(definition('CREATE INDEX i ON t (b)'));
  });
});
