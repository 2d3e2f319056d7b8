/**
 * Errors of the storage ports, shared by every adapter.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Why storage refused or failed, when it knows:
 *
 * - `cannotStore`: a value the database cannot hold as it is — a NUL character (U+0000, which
 *   PostgreSQL's text refuses), an id longer than the adapter's key limit, a whole number beyond
 *   the column's range, a value its own Schema does not encode. Retrying will not help: change the
 *   value. `path` says where in it.
 * - `undecodable`: a stored row no longer decodes (written by another program, or by a version
 *   whose Schema has changed).
 * - `busy`: another writer holds the database (SQLite's file lock past its busy timeout; on
 *   PostgreSQL a lock timeout, a deadlock or a serialization failure). Nothing was written; retry
 *   soon ({@link isRetryable}).
 * - `unavailable`: the database cannot be reached, or the connection was lost during the operation
 *   (the server stopped or is restarting, the network failed). Nothing of an unfinished transaction
 *   is kept; retry when the database is back ({@link isRetryable}). A commit whose connection was
 *   lost while its `COMMIT` was under way may have been stored: the same commit retried then fails
 *   with `VersionConflict`, so reload before deciding again.
 * - `full`: the disk (or the database's size limit) is full. Nothing was written; retry after space
 *   is freed.
 * - `readOnly`: the database or its file is read-only. Nothing was written; a retry will not help
 *   until the host opens it writable.
 *
 * Without a reason, the database failed in another way (an id taken, a constraint): retrying
 * later may help.
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Literal("cannotStore", "undecodable", "busy", "unavailable", "full", "readOnly")

/**
 * @since 0.1.0
 * @category models
 */
export type Reason = Schema.Schema.Type<typeof Reason>

/**
 * Storage failed (the database is unreachable, a disk is full, a file is read-only), or refused a
 * value it cannot hold (`reason: "cannotStore"`). Nothing was written: every port's writes are
 * atomic.
 *
 * @example
 * import { StorageError } from "@liaison/core"
 *
 * const error = StorageError.cannotStore({
 *   operation: "commit",
 *   path: "$.application.guests[2].name",
 *   message: "engagement E-1: $.application.guests[2].name contains a NUL character (U+0000)"
 * })
 * StorageError.isCannotStore(error) // true
 *
 * @since 0.1.0
 * @category errors
 */
export class StorageError extends Schema.TaggedError<StorageError>()("StorageError", {
  operation: Schema.String,
  message: Schema.String,
  reason: Schema.optionalWith(Reason, { exact: true }),
  /** Where in the value (`$.title`, `$.tasks[3].id`), for `cannotStore`. */
  path: Schema.optionalWith(Schema.String, { exact: true })
}) {}

/**
 * A value the database cannot hold, refused before it reached the database: nothing was written.
 *
 * @since 0.1.0
 * @category constructors
 */
export const cannotStore = (options: {
  readonly operation: string
  readonly message: string
  readonly path?: string
}): StorageError =>
  new StorageError({
    operation: options.operation,
    message: options.message,
    reason: "cannotStore",
    ...(options.path !== undefined ? { path: options.path } : {})
  })

/**
 * Whether storage refused a value it cannot hold (change the value; retrying will not help).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isCannotStore = (error: unknown): error is StorageError =>
  error instanceof StorageError && error.reason === "cannotStore"

/**
 * Whether the failure is passing (`busy`, `unavailable`): the same operation may succeed when
 * retried later, e.g. with `Effect.retry({ schedule, while: StorageError.isRetryable })`.
 *
 * @example
 * import { StorageError } from "@liaison/core"
 *
 * StorageError.isRetryable(new StorageError.StorageError({ operation: "commit", message: "database is locked", reason: "busy" })) // true
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (error: unknown): error is StorageError =>
  error instanceof StorageError && (error.reason === "busy" || error.reason === "unavailable")

/**
 * Someone else changed the engagement first (optimistic versioning): reload and decide again.
 *
 * @since 0.1.0
 * @category errors
 */
export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  engagementId: Schema.String,
  expected: Schema.Number,
  actual: Schema.optionalWith(Schema.Number, { exact: true })
}) {
  override get message(): string {
    return this.actual === undefined
      ? `engagement ${this.engagementId} ${this.expected === -1 ? "already exists" : "does not exist"}`
      : `engagement ${this.engagementId} is at version ${this.actual}, not ${this.expected}: someone changed it first`
  }
}
