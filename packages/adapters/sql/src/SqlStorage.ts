/**
 * Every storage port of `@liaison/core` over any `SqlClient` of `@effect/sql`: one implementation
 * for SQLite and PostgreSQL, branching on the dialect only where the two differ.
 *
 * The layer owns its tables and migrates them when it is built (`Migrator`, with its own
 * migrations table), under a table prefix (`liaison_` by default) so that it can live in a
 * database the host app already has. The host app chooses the driver: provide an `SqlClient`
 * layer, or use `SqliteStorage` / `PgStorage`, which bring theirs.
 *
 * - `EngagementRepo.commit` writes the engagement, its ledger entries and its outbox messages in
 *   one transaction, or nothing; the version check and the write are one `UPDATE … WHERE id = ?
 *   AND version = ?`, so of two commits decided on one version exactly one wins and the other gets
 *   `VersionConflict`.
 * - The ledger (台帐) is append-only: the adapter has no statement that changes or removes an entry,
 *   and triggers refuse `UPDATE` and `DELETE` (and `TRUNCATE` on PostgreSQL) from anyone else.
 * - Each value is stored whole as the JSON of its Schema's encoded form, beside the columns that
 *   queries filter and sort on; every value goes in as a bound parameter, never as SQL text.
 * - A value holding a NUL character (U+0000), which PostgreSQL's text cannot store, is refused
 *   before the database with a `StorageError` that names its path, on every backend alike.
 * - Driver failures are `StorageError`s naming the operation, and so is a row that no longer
 *   decodes; nothing is half written.
 *
 * @since 0.1.0
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import { EngagementRepo, LedgerRepo, Outbox, Roster, StorageError } from "@liaison/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Engagements from "./internal/engagements.js"
import * as Faults from "./internal/faults.js"
import * as OutboxSql from "./internal/outbox.js"
import * as RosterSql from "./internal/roster.js"
import * as TableNames from "./internal/tables.js"

/**
 * Options of the storage.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Put before every table name (`liaison_` when not given): lower-case letters, digits and `_`,
   * at most 24 characters, or `""` for none. Two prefixes keep two independent stores in one
   * database.
   */
  readonly tablePrefix?: string
}

/**
 * The ports this adapter serves.
 *
 * @since 0.1.0
 * @category models
 */
export type Ports = EngagementRepo.EngagementRepo | LedgerRepo.LedgerRepo | Outbox.Outbox | Roster.RosterRepo

/**
 * The names of the adapter's tables under one prefix.
 *
 * @since 0.1.0
 * @category models
 */
export interface Tables extends TableNames.Names {}

/**
 * The names of the tables under a prefix (the default `liaison_` when none is given), for hosts
 * that back them up, inspect them or grant rights on them.
 *
 * @example
 * import { SqlStorage } from "@liaison/sql"
 *
 * SqlStorage.tableNames({ tablePrefix: "crm_" }).ledger // "crm_ledger"
 *
 * @since 0.1.0
 * @category utils
 */
export const tableNames = (options?: Options): Tables =>
  TableNames.names(options?.tablePrefix ?? TableNames.DEFAULT_PREFIX)

const prefixOf = (options: Options | undefined): Effect.Effect<string, StorageError.StorageError> => {
  const prefix = options?.tablePrefix ?? TableNames.DEFAULT_PREFIX
  return TableNames.PREFIX_PATTERN.test(prefix)
    ? Effect.succeed(prefix)
    : Effect.fail(
        new StorageError.StorageError({
          operation: "configure",
          message: `tablePrefix ${JSON.stringify(prefix)}: expected lower-case letters, digits and _ (at most 24, not starting with a digit)`
        })
      )
}

/**
 * Brings the tables up to date: creates them on first use, then applies the migrations a newer
 * version of this package adds. Safe to run again and from several processes at once (PostgreSQL
 * locks the migrations table while it migrates). The layers run it when they are built.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrate = (
  options?: Options
): Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, StorageError.StorageError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const t = TableNames.names(yield* prefixOf(options))
    const sql = (yield* SqlClient.SqlClient).withoutTransforms()
    return yield* Migrator.make({})({ loader: TableNames.migrations(t), table: t.migrations }).pipe(
      Effect.provideService(SqlClient.SqlClient, sql),
      Effect.catchTags({
        SqlError: (e) =>
          Effect.fail(
            new StorageError.StorageError({
              operation: "migrate",
              message: `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ""}`,
              ...Faults.reasonOf(e)
            })
          ),
        MigrationError: (e) => Effect.fail(new StorageError.StorageError({ operation: "migrate", message: e.message }))
      }),
      // The Migrator turns a failing migration into a defect of its own error; only that one is
      // turned back into a failure, with the database's reason.
      Effect.catchSomeDefect((defect) =>
        defect instanceof Migrator.MigrationError
          ? Option.some(
              Effect.fail(
                new StorageError.StorageError({
                  operation: "migrate",
                  message: `${defect.message}${causeMessage(defect.cause)}`
                })
              )
            )
          : Option.none()
      ),
      Effect.withSpan("SqlStorage.migrate")
    )
  })

const causeMessage = (cause: unknown): string => {
  if (typeof cause !== "object" || cause === null) return ""
  const inner = "cause" in cause && cause.cause instanceof Error ? cause.cause.message : undefined
  const own = cause instanceof Error ? cause.message : undefined
  return inner ? `: ${inner}` : own ? `: ${own}` : ""
}

/**
 * Builds the ports over the `SqlClient` in context, without migrating (see {@link migrate}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options?: Options
): Effect.Effect<Context.Context<Ports>, StorageError.StorageError, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const t = TableNames.names(yield* prefixOf(options))
    // The adapter names its own columns: a host client's name transforms must not rename them.
    const sql = (yield* SqlClient.SqlClient).withoutTransforms()
    const { engagements, ledger } = Engagements.make(sql, t)
    const outbox = OutboxSql.make(sql, t)
    return Context.make(EngagementRepo.EngagementRepo, engagements).pipe(
      Context.add(LedgerRepo.LedgerRepo, ledger),
      Context.add(Outbox.Outbox, outbox),
      Context.add(Roster.RosterRepo, RosterSql.make(sql, t))
    )
  })

/**
 * `EngagementRepo`, `LedgerRepo`, `Outbox` and `RosterRepo` over the `SqlClient` the host
 * provides, its tables migrated when the layer is built.
 *
 * @example
 * import { SqlStorage } from "@liaison/sql"
 * import { SqliteClient } from "@effect/sql-sqlite-node"
 * import * as Layer from "effect/Layer"
 *
 * // The host's own client; liaison's tables sit beside the host's, prefixed.
 * const storage = SqlStorage.layer({ tablePrefix: "crm_liaison_" }).pipe(
 *   Layer.provide(SqliteClient.layer({ filename: "crm.db" }))
 * )
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<Ports, StorageError.StorageError, SqlClient.SqlClient> =>
  Layer.effectContext(Effect.zipRight(migrate(options), make(options)))
