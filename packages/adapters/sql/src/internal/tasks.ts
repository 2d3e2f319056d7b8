/**
 * The due scan over the tasks table: the engagements with an open task due before an instant,
 * found through the partial index of open tasks by due time, so that its cost follows the tasks
 * due rather than every task stored. (The reminder scheduler lists every active engagement today;
 * this is the query for the port method that would let it ask for these only.)
 *
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import { Engagement, type StorageError } from "@liaison/core"
import * as Effect from "effect/Effect"
import { decoder, fromSqlError } from "./codec.js"
import type { Names } from "./tables.js"

/** What to scan for. */
export interface DueQuery {
  /** Tasks due strictly before this instant (epoch ms). */
  readonly before: number
  /** Only engagements in these statuses (default: any whose tasks are open). */
  readonly status?: ReadonlyArray<Engagement.Status>
}

/** Builds the scan over one client and one set of tables. */
export const make = (
  sql: SqlClient.SqlClient,
  t: Names
): ((query: DueQuery) => Effect.Effect<ReadonlyArray<Engagement.Engagement>, StorageError.StorageError>) => {
  const decode = decoder(Engagement.Engagement, t.engagements)
  return (query: DueQuery) => {
    const status = query.status === undefined ? sql.literal("1=1") : sql.in("status", query.status)
    return sql<{ id: string; json: string }>`SELECT id, json FROM ${sql(t.engagements)} WHERE id IN (
        SELECT engagement_id FROM ${sql(t.tasks)} WHERE open = 1 AND due_ms < ${query.before} AND ${status}
      ) ORDER BY id`.pipe(
      Effect.catchTag("SqlError", fromSqlError("due")),
      Effect.flatMap((rows) => Effect.forEach(rows, (r) => decode("due", r.id, r.json))),
      Effect.withSpan("SqlStorage.due")
    )
  }
}
