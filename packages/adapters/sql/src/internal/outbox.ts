/**
 * The `Outbox` port over a `SqlClient`: messages are written by the engagement commit, or here by
 * `enqueue`; here dispatchers read, lease and settle them. Each state change is one statement whose
 * `WHERE` re-checks the state it expects, so two workers never hold one message.
 *
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { Outbox, type StorageError } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { anyNul, decoder, fromSqlError, refuseNul } from "./codec.js"
import { allRows, chunked, outboxRow } from "./engagements.js"
import * as Faults from "./faults.js"
import type { Names } from "./tables.js"

interface TrackedRow {
  readonly id: string
  readonly json: string
  readonly status: string
  readonly attempts: number | string
  readonly not_before: number | string
  readonly last_error: string | null
  readonly lease_worker: string | null
  readonly lease_until: number | string | null
  readonly delivered_at: number | string | null
}

const limitOf = (limit: number | undefined): number | undefined =>
  limit === undefined || limit === Infinity ? undefined : Math.max(0, Math.trunc(limit) || 0)

/** Builds the port over one client and one set of tables. */
export const make = (sql: SqlClient.SqlClient, t: Names) => {
  const decodeMessage = decoder(Outbox.Message, t.outbox)
  const table = sql(t.outbox)
  const open = sql.literal("status IN ('pending', 'leased')")
  // PostgreSQL: a claimer passes over rows another claimer is taking, instead of waiting for them.
  const skipLocked = sql.onDialectOrElse({
    pg: () => sql.literal("FOR UPDATE SKIP LOCKED"),
    orElse: () => sql.literal("")
  })

  const messages = (operation: string, rows: ReadonlyArray<{ readonly id: string; readonly json: string }>) =>
    Effect.forEach(rows, (r) => decodeMessage(operation, r.id, r.json))

  const tracked = (operation: string, r: TrackedRow) =>
    Effect.map(
      decodeMessage(operation, r.id, r.json),
      (message): Outbox.Tracked => ({
        message,
        delivery: {
          status: r.status as Outbox.Delivery["status"],
          attempts: Number(r.attempts),
          notBefore: Number(r.not_before),
          ...(r.last_error !== null ? { lastError: r.last_error } : {}),
          ...(r.lease_worker !== null && r.lease_until !== null
            ? { lease: { workerId: r.lease_worker, until: Number(r.lease_until) } }
            : {}),
          ...(r.delivered_at !== null ? { deliveredAt: Number(r.delivered_at) } : {})
        }
      })
    )

  /** A change to a message the worker leases; none changed means the lease is lost. */
  const settle = (
    operation: string,
    messageId: string,
    workerId: string,
    set: Fragment
  ): Effect.Effect<void, Outbox.LeaseLost | StorageError.StorageError> =>
    anyNul(messageId, workerId)
      ? Effect.fail(new Outbox.LeaseLost({ messageId, workerId }))
      : sql<{ id: string }>`UPDATE ${table} SET ${set}, lease_worker = NULL, lease_until = NULL
          WHERE id = ${messageId} AND status = 'leased' AND lease_worker = ${workerId} RETURNING id`.pipe(
          Effect.catchTag("SqlError", fromSqlError(operation)),
          Effect.flatMap((rows) =>
            rows.length === 0 ? Effect.fail(new Outbox.LeaseLost({ messageId, workerId })) : Effect.void
          ),
          Effect.withSpan(`SqlStorage.Outbox.${operation}`, { attributes: { message: messageId } })
        )

  const outbox = Outbox.Outbox.of({
    // Messages no state change produced (reminders, digests): each id written once, atomically.
    enqueue: (list) => {
      const rows = allRows("enqueue", list, outboxRow)
      if (Either.isLeft(rows)) return Effect.fail(rows.left)
      if (rows.right.length === 0) return Effect.succeed([])
      const chunks = chunked(rows.right)
      return sql
        .withTransaction(
          Effect.forEach(
            chunks,
            (chunk) =>
              sql<{ id: string }>`INSERT INTO ${table} ${sql.insert(chunk)} ON CONFLICT (id) DO NOTHING RETURNING id`
          )
        )
        .pipe(
          Faults.endAsFailure,
          Effect.map((inserted) => {
            // In the order asked, each id once: RETURNING promises no order.
            const wrote = new Set(inserted.flat().map((r) => String(r.id)))
            return list.flatMap((m) => (wrote.delete(m.id) ? [m.id] : []))
          }),
          Effect.catchTag("SqlError", fromSqlError("enqueue")),
          Effect.withSpan("SqlStorage.Outbox.enqueue", { attributes: { messages: list.length } })
        )
    },

    pending: (options) => {
      if (anyNul(options?.engagementId)) return Effect.succeed([])
      const limit = limitOf(options?.limit)
      const where = sql.and([
        open,
        ...(options?.engagementId !== undefined ? [sql`engagement_id = ${options.engagementId}`] : [])
      ])
      const rows =
        limit === undefined
          ? sql<{ id: string; json: string }>`SELECT id, json FROM ${table} WHERE ${where} ORDER BY seq`
          : sql<{ id: string; json: string }>`SELECT id, json FROM ${table} WHERE ${where} ORDER BY seq LIMIT ${limit}`
      return rows.pipe(
        Effect.catchTag("SqlError", fromSqlError("pending")),
        Effect.flatMap((rows) => messages("pending", rows)),
        Effect.withSpan("SqlStorage.Outbox.pending")
      )
    },

    claim: ({ leaseMs, limit, now, workerId }) => {
      const n = limitOf(limit) ?? Number.MAX_SAFE_INTEGER
      if (n === 0) return Effect.succeed([])
      const free = sql`(status = 'pending' OR lease_until <= ${now}) AND not_before <= ${now}`
      // The rows are picked once (a materialized CTE: a subquery may be run again by the planner,
      // and then lease more than the limit), and the UPDATE re-checks them: on PostgreSQL a row
      // another transaction changed meanwhile is evaluated again on its new version.
      return refuseNul("claim", { workerId }).pipe(
        Effect.zipRight(
          sql<{ seq: number | string; id: string; json: string }>`WITH picked AS MATERIALIZED (
              SELECT seq FROM ${table} WHERE ${open} AND ${free} ORDER BY seq LIMIT ${n} ${skipLocked}
            )
            UPDATE ${table}
            SET status = 'leased', lease_worker = ${workerId}, lease_until = ${now + leaseMs}
            WHERE seq IN (SELECT seq FROM picked) AND ${open} AND ${free}
            RETURNING seq, id, json`.pipe(Effect.catchTag("SqlError", fromSqlError("claim")))
        ),
        Effect.flatMap((rows) =>
          messages(
            "claim",
            [...rows].sort((a, b) => Number(a.seq) - Number(b.seq))
          )
        ),
        Effect.withSpan("SqlStorage.Outbox.claim", { attributes: { worker: workerId } })
      )
    },

    delivered: ({ messageId, now, workerId }) =>
      settle("delivered", messageId, workerId, sql`status = 'delivered', delivered_at = ${now}`),

    deliveredAll: ({ messageIds, now, workerId }) => {
      // An id holding NUL names no stored message (PostgreSQL could not store one): lost, unasked.
      const asked = [...new Set(messageIds)]
      const ids = anyNul(workerId) ? [] : asked.filter((id) => !anyNul(id))
      if (ids.length === 0) return Effect.succeed(asked)
      return Effect.forEach(
        chunked(ids),
        (chunk) =>
          sql<{ id: string }>`UPDATE ${table}
            SET status = 'delivered', delivered_at = ${now}, lease_worker = NULL, lease_until = NULL
            WHERE ${sql.in("id", chunk)} AND status = 'leased' AND lease_worker = ${workerId} RETURNING id`
      ).pipe(
        Effect.map((updated) => {
          const done = new Set(updated.flat().map((r) => String(r.id)))
          return asked.filter((id) => !done.has(id))
        }),
        Effect.catchTag("SqlError", fromSqlError("deliveredAll")),
        Effect.withSpan("SqlStorage.Outbox.deliveredAll", { attributes: { messages: ids.length } })
      )
    },

    failed: ({ error, messageId, retryAt, workerId }) =>
      refuseNul("failed", { error }).pipe(
        Effect.zipRight(
          settle(
            "failed",
            messageId,
            workerId,
            sql`status = 'pending', attempts = attempts + 1, not_before = ${retryAt}, last_error = ${error}`
          )
        )
      ),

    park: ({ messageId, reason, workerId }) =>
      refuseNul("park", { reason }).pipe(
        Effect.zipRight(settle("park", messageId, workerId, sql`status = 'parked', last_error = ${reason}`))
      ),

    parked: (options) => {
      const limit = limitOf(options?.limit)
      const rows =
        limit === undefined
          ? sql<TrackedRow>`SELECT * FROM ${table} WHERE status = 'parked' ORDER BY seq`
          : sql<TrackedRow>`SELECT * FROM ${table} WHERE status = 'parked' ORDER BY seq LIMIT ${limit}`
      return rows.pipe(
        Effect.catchTag("SqlError", fromSqlError("parked")),
        Effect.flatMap((rows) => Effect.forEach(rows, (r) => tracked("parked", r))),
        Effect.withSpan("SqlStorage.Outbox.parked")
      )
    },

    retry: (messageId) =>
      anyNul(messageId)
        ? Effect.succeed(false)
        : sql<{ id: string }>`UPDATE ${table}
            SET status = 'pending', attempts = 0, not_before = 0, last_error = NULL,
                lease_worker = NULL, lease_until = NULL, delivered_at = NULL
            WHERE id = ${messageId} AND status = 'parked' RETURNING id`.pipe(
            Effect.map((rows) => rows.length > 0),
            Effect.catchTag("SqlError", fromSqlError("retry")),
            Effect.withSpan("SqlStorage.Outbox.retry", { attributes: { message: messageId } })
          ),

    get: (messageId) =>
      anyNul(messageId)
        ? Effect.succeed(undefined)
        : sql<TrackedRow>`SELECT * FROM ${table} WHERE id = ${messageId}`.pipe(
            Effect.catchTag("SqlError", fromSqlError("get")),
            Effect.flatMap((rows) => (rows[0] === undefined ? Effect.succeed(undefined) : tracked("get", rows[0]))),
            Effect.withSpan("SqlStorage.Outbox.get", { attributes: { message: messageId } })
          )
  })

  return outbox
}
