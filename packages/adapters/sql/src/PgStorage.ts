/**
 * liaison's storage in PostgreSQL: for host apps running several servers against one database.
 *
 * Each commit is one transaction at PostgreSQL's default isolation (read committed): the version
 * check is the `UPDATE` itself, which waits for a concurrent commit of the same engagement and then
 * finds its version moved, so exactly one of two conflicting commits wins on any number of servers.
 *
 * @since 0.1.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import { StorageError } from "@liaison/core"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Faults from "./internal/faults.js"
import * as SqlStorage from "./SqlStorage.js"

/**
 * Options of the PostgreSQL storage.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends SqlStorage.Options {
  /** A connection URL, `postgres://user:password@host:5432/database`. */
  readonly url: string | Redacted.Redacted
  /** The largest number of pooled connections (default 10). */
  readonly maxConnections?: number
}

/**
 * The PostgreSQL client (a connection pool). A server that cannot be reached is a `StorageError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClient = (
  options: Pick<Options, "url" | "maxConnections">
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, StorageError.StorageError> =>
  PgClient.layer({
    url: Redacted.isRedacted(options.url) ? options.url : Redacted.make(options.url),
    applicationName: "liaison",
    ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {})
  }).pipe(
    Layer.catchAll((e) =>
      Layer.fail(
        new StorageError.StorageError({
          operation: "connect",
          message: `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ""}`,
          ...Faults.reasonOf(e)
        })
      )
    )
  )

/**
 * Every storage port in a PostgreSQL database, migrated when the layer is built. The client stays
 * in the context for the host's own use.
 *
 * @example
 * import { PgStorage } from "@liaison/sql"
 * import * as Redacted from "effect/Redacted"
 *
 * const storage = PgStorage.layer({ url: Redacted.make(process.env.DATABASE_URL ?? ""), tablePrefix: "liaison_" })
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<SqlStorage.Ports | PgClient.PgClient | SqlClient.SqlClient, StorageError.StorageError> =>
  SqlStorage.layer(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }).pipe(
    Layer.provideMerge(layerClient(options))
  )
