import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { appliedMigrations, loadMigrations, migrate } from './migrator.ts';

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'oc-mig-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('migrator', () => {
  it('applies pending files in order, once, and records them', async () => {
    const dir = migrationsDir({
      '0001_a.sql': 'CREATE TABLE a (id int PRIMARY KEY); INSERT INTO a VALUES (1);',
      '0002_b.sql': 'CREATE TABLE b (id int REFERENCES a (id) DEFERRABLE);',
    });
    const database = await openDatabase({});
    try {
      expect(await migrate(database, loadMigrations(dir))).toEqual(['0001_a', '0002_b']);
      expect(await migrate(database, loadMigrations(dir))).toEqual([]);
      expect((await appliedMigrations(database.raw)).map((m) => m.version)).toEqual(['0001_a', '0002_b']);
      expect(await database.raw.query('SELECT id FROM a')).toEqual([{ id: 1 }]);
    } finally {
      await database.close();
    }
  });

  it('rolls a failing migration back entirely and leaves it unrecorded', async () => {
    const dir = migrationsDir({
      '0001_ok.sql': 'CREATE TABLE ok (id int);',
      '0002_bad.sql': 'CREATE TABLE half (id int); SELECT no_such_function();',
    });
    const database = await openDatabase({});
    try {
      await expect(migrate(database, loadMigrations(dir))).rejects.toThrow(/no_such_function/);
      expect((await appliedMigrations(database.raw)).map((m) => m.version)).toEqual(['0001_ok']);
      const half = await database.raw.query<{ t: string | null }>(`SELECT to_regclass('half')::text AS t`);
      expect(half[0]!.t).toBeNull();
    } finally {
      await database.close();
    }
  });

  it('refuses an applied migration that was edited afterwards', async () => {
    const database = await openDatabase({});
    try {
      await migrate(database, loadMigrations(migrationsDir({ '0001_a.sql': 'CREATE TABLE a (id int);' })));
      const edited = loadMigrations(migrationsDir({ '0001_a.sql': 'CREATE TABLE a (id bigint);' }));
      await expect(migrate(database, edited)).rejects.toThrow(/0001_a was changed/);
    } finally {
      await database.close();
    }
  });

  it('refuses badly named or duplicate-numbered files', () => {
    expect(() => loadMigrations(migrationsDir({ 'init.sql': '' }))).toThrow(/must look like 0001_name.sql/);
    expect(() => loadMigrations(migrationsDir({ '0001_a.sql': '', '0001_b.sql': '' }))).toThrow(/share number 0001/);
  });
});
