/**
 * Errors of the storage ports, shared by every adapter.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Storage failed (the database is unreachable, a disk is full, a file is read-only). Nothing was
 * written: every port's writes are atomic.
 *
 * @since 0.1.0
 * @category errors
 */
export class StorageError extends Schema.TaggedError<StorageError>()("StorageError", {
  operation: Schema.String,
  message: Schema.String
}) {}

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
