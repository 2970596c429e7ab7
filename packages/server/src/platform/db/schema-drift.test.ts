/**
 * The Drizzle definitions (src/features/feature-tables.ts) must describe the migrated database exactly: every
 * table and column, its SQL type and nullability. A migration without its TS change (or the reverse) fails here.
 */
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import * as schema from '../../features/feature-tables.ts';

// information_schema spells types differently from Drizzle's getSQLType(); map both to one spelling.
function normaliseType(t: string): string {
  const s = t.toLowerCase().replace(/\(.*\)$/, '');
  const aliases: Record<string, string> = {
    'timestamp with time zone': 'timestamptz',
    'timestamp without time zone': 'timestamp',
    'character varying': 'varchar',
    'double precision': 'float8',
    int4: 'integer',
    int8: 'bigint',
    bool: 'boolean',
    real: 'float4',
    'time without time zone': 'time',
  };
  if (s.endsWith('[]')) return `${normaliseType(s.slice(0, -2))}[]`;
  return aliases[s] ?? s;
}

describe.each(testEngines())('Drizzle schema matches the migrated database (%s)', (engine) => {
  const t = withTestDb(engine);

  it('has the same tables, columns, types and nullability', async () => {
    const tables = Object.values(schema as Record<string, unknown>).filter((v): v is PgTable => is(v, PgTable));
    expect(tables.length).toBeGreaterThan(0);
    const dbColumns = await t.database.raw.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
    }>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name, column_name`,
    );
    const fromDb = dbColumns.map((c) => ({
      table: c.table_name,
      column: c.column_name,
      type: c.data_type === 'ARRAY' ? `${normaliseType(c.udt_name.replace(/^_/, ''))}[]` : normaliseType(c.data_type),
      nullable: c.is_nullable === 'YES',
    }));
    const fromTs = tables
      .flatMap((table) =>
        Object.values(getTableColumns(table)).map((col) => ({
          table: getTableName(table),
          column: col.name,
          type: normaliseType(col.getSQLType()),
          nullable: !col.notNull,
        })),
      )
      .sort((a, b) => a.table.localeCompare(b.table) || a.column.localeCompare(b.column));
    // same order as the SQL query (byte order of names)
    const key = (r: { table: string; column: string }) => `${r.table}\u0000${r.column}`;
    const sortByKey = <T extends { table: string; column: string }>(rows: T[]) =>
      [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    expect(sortByKey(fromTs)).toEqual(sortByKey(fromDb));
  });
});
