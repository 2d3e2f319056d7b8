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
  }
>() {}
