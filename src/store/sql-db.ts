// The little that shared SQL needs from an engine: better-sqlite3 and D1 each adapt to it, so
// the staff side of the registry (src/store/admin-sql.ts) is written once for both.

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

export interface SqlDb {
  all<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  first<T>(sql: string, ...params: unknown[]): Promise<T | null>;
  /** Runs one statement; resolves to the number of rows it changed. */
  run(sql: string, ...params: unknown[]): Promise<number>;
  /** Runs the statements in one transaction; resolves to the rows each one changed. */
  batch(statements: SqlStatement[]): Promise<number[]>;
}

/** D1 and better-sqlite3 name a constraint failure only in the message or the code. */
export function constraintOf(error: unknown): 'unique' | 'foreign' | undefined {
  const code = (error as { code?: string })?.code ?? '';
  const message = error instanceof Error ? error.message : '';
  if (/UNIQUE|PRIMARYKEY/.test(code) || /UNIQUE constraint failed|PRIMARY KEY/i.test(message))
    return 'unique';
  if (/FOREIGNKEY/.test(code) || /FOREIGN KEY constraint failed/i.test(message)) return 'foreign';
  return undefined;
}
