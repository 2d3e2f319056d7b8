/**
 * The databases the tests run against: SQLite in a temporary file (always), and PostgreSQL when
 * `LIAISON_PG_URL` names a server (`npm run test:pg` starts a throwaway one). Each layer builds its
 * own store — a fresh file, or fresh tables under a prefix of their own — and removes it when the
 * suite is done.
 */
import { randomUUID } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as SqlClient from "@effect/sql/SqlClient"
import type { StorageError } from "@liaison/core"
import { PgStorage, SqliteStorage, type SqlStorage } from "@liaison/sql"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** The PostgreSQL server of this run, if any. */
export const pgUrl: string | undefined = process.env.LIAISON_PG_URL || undefined

/** What a skipped PostgreSQL suite says, in its name, so that the report shows how to run it. */
export const PG_SKIPPED =
  "PostgreSQL: skipped, LIAISON_PG_URL is not set — run `npm run test:pg` (starts a throwaway server), or set LIAISON_PG_URL=postgres://user@host:port/db"

/** A prefix no other suite uses. */
export const freshPrefix = (): string => `t${randomUUID().replaceAll("-", "").slice(0, 12)}_`

/** A temporary directory for the scope of a layer. */
const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "liaison-sql-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** The ports over a SQLite file of their own, removed with the layer. */
export const sqlite = (
  options: SqlStorage.Options = {}
): Layer.Layer<SqlStorage.Ports | SqlClient.SqlClient, StorageError.StorageError> =>
  Layer.unwrapScoped(
    Effect.map(tempDir, (dir) => SqliteStorage.layer({ filename: join(dir, "liaison.db"), ...options }))
  )

/** Drops the tables of a prefix from a PostgreSQL test database (tests only: the adapter never drops). */
export const dropTables = (sql: SqlClient.SqlClient, prefix: string) =>
  Effect.gen(function* () {
    const tables = yield* sql<{ tablename: string }>`SELECT tablename FROM pg_tables
      WHERE schemaname = current_schema() AND starts_with(tablename, ${prefix})`
    for (const { tablename } of tables) yield* sql`DROP TABLE IF EXISTS ${sql(tablename)} CASCADE`
    yield* sql`DROP FUNCTION IF EXISTS ${sql(`${prefix}ledger_append_only`)}() CASCADE`
  })

/** The ports over tables of a fresh prefix in the PostgreSQL database, dropped with the layer. */
export const pg = (
  options: SqlStorage.Options = {}
): Layer.Layer<SqlStorage.Ports | SqlClient.SqlClient, StorageError.StorageError> => {
  const prefix = options.tablePrefix ?? freshPrefix()
  const cleanup = Layer.scopedDiscard(
    Effect.flatMap(SqlClient.SqlClient, (sql) => Effect.addFinalizer(() => Effect.orDie(dropTables(sql, prefix))))
  )
  return Layer.provideMerge(
    cleanup,
    PgStorage.layer({ url: pgUrl ?? "postgres://unset", tablePrefix: prefix, maxConnections: 8 })
  )
}

/** The backends of this run: SQLite always, PostgreSQL when a server is given. */
export const backends = [
  { name: "SQLite", available: true, make: sqlite },
  { name: "PostgreSQL", available: pgUrl !== undefined, make: pg }
] as const
