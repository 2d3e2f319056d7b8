/**
 * The engagement store port: read engagements, and commit a change — the engagement's new state,
 * its ledger entries and its outgoing messages — all together or not at all, guarded by the
 * engagement's version so that of two conflicting changes exactly one wins.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Engagement from "./Engagement.js"
import type * as Ledger from "./Ledger.js"
import type * as Outbox from "./Outbox.js"
import type { StorageError, VersionConflict } from "./StorageError.js"

/**
 * One atomic change.
 *
 * @since 0.1.0
 * @category models
 */
export interface Change {
  readonly engagement: Engagement.Engagement
  /** The version the change was decided on; `undefined` to insert a new engagement. */
  readonly expectedVersion: number | undefined
  readonly ledger: ReadonlyArray<Ledger.Entry>
  readonly outbox: ReadonlyArray<Outbox.Message>
}

/**
 * A new engagement to import, with its ledger entries and outgoing messages.
 *
 * @since 0.1.0
 * @category models
 */
export interface Insertion {
  readonly engagement: Engagement.Engagement
  readonly ledger: ReadonlyArray<Ledger.Entry>
  readonly outbox: ReadonlyArray<Outbox.Message>
}

/**
 * An engagement's personal data replaced in place (anonymised or erased): the engagement as its next
 * version, the ledger entries that say so, and how each outgoing message of the engagement already
 * stored (pending, delivered or parked) is rewritten.
 *
 * @since 0.1.0
 * @category models
 */
export interface PersonalDataReplacement {
  /** The engagement with its personal data replaced, at `expectedVersion + 1`. */
  readonly engagement: Engagement.Engagement
  readonly expectedVersion: number
  readonly ledger: ReadonlyArray<Ledger.Entry>
  /** Rewrites a stored message of the engagement (its id, template and delivery stay). */
  readonly message: (message: Outbox.Message) => Outbox.Message
}

/**
 * Which engagements to list.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListQuery {
  readonly status?: ReadonlyArray<Engagement.Status>
  readonly ownerId?: string
  readonly tier?: string
  /** Event start on or after / on or before (YYYY-MM-DD). */
  readonly from?: string
  readonly to?: string
  readonly limit?: number
}

/**
 * Which open tasks to find: those due strictly before an instant (the due-soon and overdue scan).
 *
 * @since 0.1.0
 * @category models
 */
export interface OpenTasksQuery {
  /** Tasks due strictly before this instant, in epoch milliseconds. */
  readonly before: number
  /** At most this many, the earliest due first (default: all). */
  readonly limit?: number
}

/**
 * An open task found by {@link EngagementRepo}'s `openTasksDue`: a planned task not done, of an
 * engagement not closed, cancelled or rejected, whose due moment is an instant.
 *
 * @since 0.1.0
 * @category models
 */
export interface OpenTask {
  readonly engagementId: Engagement.EngagementId
  /** The engagement's version when it was read. */
  readonly engagementVersion: number
  readonly taskId: string
  /** The task's due moment, in epoch milliseconds. */
  readonly dueMillis: number
}

/**
 * Whether a task is open, as `openTasksDue` finds it: not done, in an engagement nobody works on
 * any more (closed, cancelled, rejected) no task is open.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isOpenTask = (engagement: Pick<Engagement.Engagement, "status">, task: Engagement.TaskRecord): boolean =>
  task.done === undefined && !FINISHED.has(engagement.status)

const FINISHED: ReadonlySet<string> = new Set(["closed", "cancelled", "rejected"])

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * A task's due moment in epoch milliseconds, when its `due` is an instant with a UTC offset (as
 * plans write it); `undefined` for a task without a due moment or with a bare date, which
 * `openTasksDue` does not find.
 *
 * @since 0.1.0
 * @category utils
 */
export const dueMillisOf = (task: Pick<Engagement.TaskRecord, "due">): number | undefined => {
  if (task.due === undefined || !INSTANT.test(task.due)) return undefined
  const millis = Date.parse(task.due)
  return Number.isFinite(millis) ? millis : undefined
}

/**
 * The port.
 *
 * @since 0.1.0
 * @category ports
 */
export class EngagementRepo extends Context.Tag("@liaison/core/EngagementRepo")<
  EngagementRepo,
  {
    readonly get: (id: string) => Effect.Effect<Engagement.Engagement | undefined, StorageError>
    readonly list: (query: ListQuery) => Effect.Effect<ReadonlyArray<Engagement.Engagement>, StorageError>
    /** Writes the change atomically; fails with `VersionConflict` when the stored version differs. */
    readonly commit: (change: Change) => Effect.Effect<void, VersionConflict | StorageError>
    /**
     * Inserts many new engagements at once, with their ledger entries and messages, all or nothing:
     * for imports and migrations from another system. An id that exists (or comes twice) fails the
     * whole import with `VersionConflict` ("already exists"); nothing is written.
     */
    readonly importMany: (insertions: ReadonlyArray<Insertion>) => Effect.Effect<void, VersionConflict | StorageError>
    /**
     * The open tasks due before an instant, earliest due first (then by engagement id and task
     * id): the due-soon and overdue scan. Its cost follows the tasks found, not the tasks stored.
     */
    readonly openTasksDue: (query: OpenTasksQuery) => Effect.Effect<ReadonlyArray<OpenTask>, StorageError>
    /**
     * Replaces an engagement's personal data in place (`Retention`): writes the engagement as its
     * next version, appends the ledger entries and rewrites the engagement's stored outgoing
     * messages, all together or not at all, guarded by the version like `commit`. Earlier ledger
     * entries are never touched (the ledger is append-only).
     */
    readonly replacePersonalData: (
      replacement: PersonalDataReplacement
    ) => Effect.Effect<void, VersionConflict | StorageError>
  }
>() {}
