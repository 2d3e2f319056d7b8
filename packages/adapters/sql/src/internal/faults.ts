/**
 * Why a database failed, read from the driver's error: a lock held by another writer, a server
 * gone away, a full disk, a read-only file. The port's `StorageError` carries it as its `reason`,
 * so that a host app can tell a passing failure (retry) from one an operator must fix.
 *
 * @internal
 */
import { accessSync, constants, existsSync } from "node:fs"
import { dirname } from "node:path"
import { SqlError } from "@effect/sql/SqlError"
import type { StorageError } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/** A failure the adapter knows how to name. */
export type Fault = Extract<StorageError.Reason, "busy" | "unavailable" | "full" | "readOnly">

/** SQLite's result codes (better-sqlite3 gives the extended code, e.g. `SQLITE_BUSY_SNAPSHOT`). */
const sqlite: ReadonlyArray<readonly [prefix: string, fault: Fault]> = [
  ["SQLITE_BUSY", "busy"],
  ["SQLITE_LOCKED", "busy"],
  ["SQLITE_FULL", "full"],
  ["SQLITE_READONLY", "readOnly"],
  ["SQLITE_CANTOPEN", "unavailable"],
  ["SQLITE_IOERR", "unavailable"]
]

/** PostgreSQL's SQLSTATE codes and classes. */
const pgCodes: Readonly<Record<string, Fault>> = {
  "40001": "busy", // serialization_failure
  "40P01": "busy", // deadlock_detected
  "55P03": "busy", // lock_not_available (lock_timeout)
  "57014": "busy", // query_canceled (statement_timeout)
  "53100": "full", // disk_full
  "53300": "unavailable", // too_many_connections
  "57P01": "unavailable", // admin_shutdown
  "57P02": "unavailable", // crash_shutdown
  "57P03": "unavailable", // cannot_connect_now (starting up, shutting down)
  "25006": "readOnly" // read_only_sql_transaction
}

/** Node's and node-postgres' errors of a connection that failed or was lost. */
const network = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"])
const lostConnection =
  /connection terminated|connection error|not queryable|connection timeout|timeout exceeded when trying to connect|server closed the connection|terminating connection/i

const codeOf = (error: unknown): string | undefined => {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined
  return typeof error.code === "string" ? error.code : undefined
}

const classifyOne = (error: unknown): Fault | undefined => {
  const code = codeOf(error)
  if (code !== undefined) {
    for (const [prefix, fault] of sqlite) if (code.startsWith(prefix)) return fault
    const pg = pgCodes[code] ?? (code.startsWith("08") && code.length === 5 ? "unavailable" : undefined)
    if (pg !== undefined) return pg
    if (network.has(code)) return "unavailable"
    if (code === "ENOSPC") return "full"
    if (code === "EROFS" || code === "EACCES" || code === "EPERM") return "readOnly"
  }
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : undefined
  if (message !== undefined) {
    if (lostConnection.test(message)) return "unavailable"
    if (/database or disk is full|no space left/i.test(message)) return "full"
    if (/readonly database|read-only/i.test(message)) return "readOnly"
    if (/database is locked|database table is locked/i.test(message)) return "busy"
  }
  return undefined
}

/**
 * The fault behind an error, looking through its causes (an `SqlError` wraps the driver's error),
 * or `undefined` when the adapter cannot tell.
 */
export const classify = (error: unknown): Fault | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    const fault = classifyOne(current)
    if (fault !== undefined) return fault
    current = typeof current === "object" && "cause" in current ? current.cause : undefined
  }
  return undefined
}

/** What the fault means to the host, said after the driver's message. */
export const advice: Readonly<Record<Fault, string>> = {
  busy: "another writer holds the database; nothing was written; retry soon",
  unavailable: "the database cannot be reached or the connection was lost; nothing was written; retry when it is back",
  full: "the disk or the database is full; nothing was written; retry after freeing space",
  readOnly: "the database is read-only; nothing was written"
}

/** The `reason` field of a `StorageError` for this error (empty when the adapter cannot tell). */
export const reasonOf = (error: unknown): { readonly reason?: Fault } => {
  const fault = classify(error)
  return fault === undefined ? {} : { reason: fault }
}

/**
 * `SqlClient.withTransaction` turns a `COMMIT` or a `ROLLBACK` that fails (the disk full at
 * commit, the connection lost) into a defect, which would reach the host as a crash: this turns it
 * back into the `SqlError` failure it was, for the port to answer with a `StorageError`.
 */
export const endAsFailure = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | SqlError, R> =>
  Effect.catchSomeDefect(effect, (defect) =>
    defect instanceof SqlError ? Option.some(Effect.fail(defect)) : Option.none()
  )

/**
 * The fault of a SQLite file that would not open: SQLite says only "unable to open database file"
 * (`SQLITE_CANTOPEN`), so a file that exists on a read-only filesystem (or in a directory the process
 * may not write, where WAL needs its `-wal` and `-shm` files) is told apart as `readOnly`.
 */
export const openFault = (error: unknown, filename: string): { readonly reason?: Fault } => {
  const fault = classify(error)
  if (fault !== "unavailable" || filename === ":memory:" || !existsSync(filename)) return fault ? { reason: fault } : {}
  for (const path of [filename, dirname(filename)]) {
    try {
      accessSync(path, constants.W_OK)
    } catch (e) {
      const code = codeOf(e)
      if (code === "EROFS" || code === "EACCES" || code === "EPERM") return { reason: "readOnly" }
    }
  }
  return { reason: fault }
}
