/**
 * liaison's storage in a SQLite file: the embedded default for the demo and single-server offices.
 *
 * One file holds everything, in WAL mode (readers never wait for the writer) with a busy timeout
 * (a second process writing the same file waits its turn instead of failing at once). Within one
 * process the client has a single connection, and a transaction holds it from `BEGIN` to `COMMIT`:
 * concurrent commits run one after the other, and the second one decided on a stale version gets
 * `VersionConflict`.
 *
 * @since 0.1.0
 */

import * as Reactivity from "@effect/experimental/Reactivity"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { StorageError } from "@liaison/core"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Faults from "./internal/faults.js"
import * as SqlStorage from "./SqlStorage.js"

/**
 * Options of the SQLite storage.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends SqlStorage.Options {
  /** The database file, created when missing (its directory must exist); `":memory:"` for a throwaway one. */
  readonly filename: string
  /** How long a write waits for another process's write to finish (default 5 seconds). */
  readonly busyTimeout?: Duration.DurationInput
}

/**
 * The SQLite client, opened in WAL mode with a busy timeout. A file that cannot be opened (its
 * directory is missing, it is not a database, it is read-only) is a `StorageError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClient = (
  options: Pick<Options, "filename" | "busyTimeout">
): Layer.Layer<SqliteClient.SqliteClient | SqlClient.SqlClient, StorageError.StorageError> =>
  Layer.scopedContext(
    Effect.gen(function* () {
      const client = yield* SqliteClient.make({ filename: options.filename }).pipe(
        // better-sqlite3 throws when it cannot open the file; that is a failure to open, not a bug.
        Effect.catchAllDefect((defect) =>
          Effect.fail(
            new StorageError.StorageError({
              operation: "open",
              message: `cannot open the SQLite database ${options.filename}: ${defect instanceof Error ? defect.message : String(defect)}`,
              ...Faults.openFault(defect, options.filename)
            })
          )
        )
      )
      const ms = Math.max(0, Math.trunc(Duration.toMillis(Duration.decode(options.busyTimeout ?? "5 seconds"))))
      // Savepoints (a commit inside a host's transaction) journal to temporary storage: in memory,
      // a savepoint costs a fraction of what it does with a temporary file.
      yield* Effect.forEach([`PRAGMA busy_timeout = ${ms}`, "PRAGMA temp_store = MEMORY"], (pragma) =>
        Effect.mapError(
          client.unsafe(pragma),
          (e) =>
            new StorageError.StorageError({
              operation: "open",
              message: `${options.filename}: ${e.message}`,
              ...Faults.reasonOf(e)
            })
        )
      )
      return Context.make(SqliteClient.SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client))
    })
  ).pipe(Layer.provide(Reactivity.layer))

/**
 * Every storage port in a SQLite file, migrated when the layer is built. The client stays in the
 * context for the host's own use (`SqliteClient.backup` for a live backup).
 *
 * @example
 * import { SqliteStorage } from "@liaison/sql"
 * import { Engagements, EngagementRepo } from "@liaison/core"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const repo = yield* EngagementRepo.EngagementRepo
 *   return yield* repo.list({ status: ["submitted"] })
 * }).pipe(Effect.provide(SqliteStorage.layer({ filename: "liaison.db" })))
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<SqlStorage.Ports | SqliteClient.SqliteClient | SqlClient.SqlClient, StorageError.StorageError> =>
  SqlStorage.layer(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }).pipe(
    Layer.provideMerge(layerClient(options))
  )
