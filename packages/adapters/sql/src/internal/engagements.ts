/**
 * `EngagementRepo` and `LedgerRepo` over a `SqlClient`: a commit writes the engagement, its ledger
 * entries and its outbox messages in one transaction, guarded by the engagement's version.
 *
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import { Engagement, EngagementRepo, Ledger, LedgerRepo, Outbox, StorageError } from "@liaison/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { anyNul, atomically, checkInt, checkKey, decoder, encoder, fromSqlError } from "./codec.js"
import * as PersonalDataSql from "./personalData.js"
import type { Names } from "./tables.js"
import * as TaskRow from "./taskRow.js"

/** Rows per INSERT: far below SQLite's and PostgreSQL's limits on bound parameters. */
export const CHUNK = 500

const encodeEngagement = encoder(Engagement.Engagement, "engagement")
const encodeEntry = encoder(Ledger.Entry, "ledger entry")
const encodeMessage = encoder(Outbox.Message, "outbox message")

const engagementRow = (operation: string, e: Engagement.Engagement) =>
  Either.map(
    Either.flatMap(checkInt(operation, `engagement ${e.id}`, "$.version", e.version), () =>
      encodeEngagement(operation, e.id, e)
    ),
    (json) => ({
      id: e.id,
      version: e.version,
      status: e.status,
      owner_id: e.ownerId,
      tier: e.tier ?? null,
      event_start: e.eventStart,
      event_date: e.eventStart.slice(0, 10),
      json
    })
  )

/** The rows of an engagement's planned tasks (their ids are keys, so held to the key limit). */
const taskRows = (operation: string, e: Engagement.Engagement) => {
  const rows: Array<ReturnType<typeof TaskRow.make> & { readonly version: number }> = []
  const seen = new Set<string>()
  for (const [i, task] of e.tasks.entries()) {
    const key = checkKey(operation, "task", task.id, `$.tasks[${i}].id`)
    if (Either.isLeft(key)) return Either.left(key.left)
    // A task's id is its key among the engagement's task rows: twice, the second would fail the
    // insert half-way through the commit.
    if (seen.has(task.id)) {
      return Either.left(
        StorageError.cannotStore({
          operation,
          path: `$.tasks[${i}].id`,
          message: `engagement ${e.id}: task id ${JSON.stringify(task.id.slice(0, 40))} appears twice; nothing was written`
        })
      )
    }
    seen.add(task.id)
    rows.push({ ...TaskRow.make(e.id, e.status, task), version: e.version })
  }
  return Either.right(rows)
}

const ledgerRow = (operation: string, entry: Ledger.Entry) =>
  Either.map(
    Either.flatMap(checkKey(operation, "ledger entry", entry.id), () => encodeEntry(operation, entry.id, entry)),
    (json) => ({
      id: entry.id,
      engagement_id: entry.engagementId ?? null,
      at_ms: DateTime.toEpochMillis(entry.at),
      local_date: Ledger.dateOf(entry),
      counterpart: entry.counterpart,
      tier: entry.tier ?? null,
      owner_id: entry.ownerId,
      kind: entry.kind,
      json
    })
  )

/** The row of an outbox message, pending. */
export const outboxRow = (operation: string, m: Outbox.Message) =>
  Either.map(
    Either.flatMap(checkKey(operation, "outbox message", m.id), () => encodeMessage(operation, m.id, m)),
    (json) => ({
      id: m.id,
      engagement_id: m.engagementId,
      template: m.template,
      created_at_ms: DateTime.toEpochMillis(m.createdAt),
      status: "pending",
      attempts: 0,
      not_before: 0,
      json
    })
  )

/** Rows in slices of {@link CHUNK}. */
export const chunked = <A>(rows: ReadonlyArray<A>): ReadonlyArray<ReadonlyArray<A>> =>
  Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK))

/** A row to insert, keyed by its id. */
export type Row = Record<string, unknown> & { readonly id: string }

/** Every row encoded first: a value the database cannot take fails before a transaction opens. */
export const allRows = <A>(
  operation: string,
  values: ReadonlyArray<A>,
  row: (operation: string, value: A) => Either.Either<Row, StorageError.StorageError>
): Either.Either<ReadonlyArray<Row>, StorageError.StorageError> => {
  const out: Array<Row> = []
  for (const value of values) {
    const r = row(operation, value)
    if (Either.isLeft(r)) return Either.left(r.left)
    out.push(r.right)
  }
  return Either.right(out)
}

/**
 * The first id, in the order given, that did not go in: one already stored or given twice (the
 * same answer as `MemoryStorage`).
 */
const firstRefused = (given: ReadonlyArray<Row>, inserted: ReadonlyArray<{ readonly id: unknown }>) => {
  const went = new Set(inserted.map((r) => String(r.id)))
  const seen = new Set<string>()
  for (const { id } of given) {
    if (!went.has(id) || seen.has(id)) return id
    seen.add(id)
  }
  return undefined
}

/** A row of the due scan (PostgreSQL gives BIGINT as text). */
interface DueRow {
  readonly engagement_id: string
  readonly version: number | string
  readonly task_id: string
  readonly due_ms: number | string
}

/** Builds both ports over one client and one set of tables. */
export const make = (sql: SqlClient.SqlClient, t: Names) => {
  const decodeEngagement = decoder(Engagement.Engagement, t.engagements)
  const decodeEntry = decoder(Ledger.Entry, t.ledger)
  const transaction = atomically(sql)

  /** Inserts rows that must all be new; the first that is not fails the whole transaction. */
  const insertNew = (operation: string, table: string, what: string, rows: ReadonlyArray<Row>) =>
    Effect.forEach(
      chunked(rows),
      (chunk) =>
        Effect.flatMap(
          sql<{ id: string }>`INSERT INTO ${sql(table)} ${sql.insert(chunk)} ON CONFLICT (id) DO NOTHING RETURNING id`,
          (inserted) => {
            const refused = inserted.length === chunk.length ? undefined : firstRefused(chunk, inserted)
            return refused === undefined
              ? Effect.void
              : Effect.fail(new StorageError.StorageError({ operation, message: `${what} ${refused} exists` }))
          }
        ),
      { discard: true }
    )

  // Commits through the repository's own commit (defined below, called later).
  const replacePersonalData = PersonalDataSql.make(sql, t, (change) => engagements.commit(change))

  const engagements = EngagementRepo.EngagementRepo.of({
    replacePersonalData,
    get: (id) =>
      anyNul(id)
        ? Effect.succeed(undefined)
        : sql<{ json: string }>`SELECT json FROM ${sql(t.engagements)} WHERE id = ${id}`.pipe(
            Effect.catchTag("SqlError", fromSqlError("get")),
            Effect.flatMap((rows) =>
              rows[0] === undefined ? Effect.succeed(undefined) : decodeEngagement("get", id, rows[0].json)
            ),
            Effect.withSpan("SqlStorage.EngagementRepo.get", { attributes: { engagement: id } })
          ),

    list: (query) => {
      if (anyNul(query.ownerId, query.tier, query.from, query.to) || query.status?.some((s) => anyNul(s))) {
        return Effect.succeed([])
      }
      const limit =
        query.limit === undefined || query.limit === Infinity ? undefined : Math.max(0, Math.trunc(query.limit) || 0)
      const where = sql.and([
        ...(query.status !== undefined ? [sql.in("status", query.status)] : []),
        ...(query.ownerId !== undefined ? [sql`owner_id = ${query.ownerId}`] : []),
        ...(query.tier !== undefined ? [sql`tier = ${query.tier}`] : []),
        ...(query.from !== undefined ? [sql`event_date >= ${query.from}`] : []),
        ...(query.to !== undefined ? [sql`event_date <= ${query.to}`] : [])
      ])
      const rows =
        limit === undefined
          ? sql<{ id: string; json: string }>`SELECT id, json FROM ${sql(t.engagements)} WHERE ${where}
              ORDER BY event_start, id`
          : sql<{ id: string; json: string }>`SELECT id, json FROM ${sql(t.engagements)} WHERE ${where}
              ORDER BY event_start, id LIMIT ${limit}`
      return rows.pipe(
        Effect.catchTag("SqlError", fromSqlError("list")),
        Effect.flatMap((rows) => Effect.forEach(rows, (r) => decodeEngagement("list", r.id, r.json))),
        Effect.withSpan("SqlStorage.EngagementRepo.list")
      )
    },

    commit: (change) => {
      const id = change.engagement.id
      const rows = Either.all({
        engagement: engagementRow("commit", change.engagement),
        tasks: taskRows("commit", change.engagement),
        ledger: allRows("commit", change.ledger, ledgerRow),
        outbox: allRows("commit", change.outbox, outboxRow)
      })
      if (Either.isLeft(rows)) return Effect.fail(rows.left)
      const { engagement, ledger, outbox, tasks } = rows.right
      const expected = change.expectedVersion
      const write = Effect.gen(function* () {
        if (expected === undefined) {
          const inserted = yield* sql<{ id: string }>`INSERT INTO ${sql(t.engagements)} ${sql.insert(engagement)}
            ON CONFLICT (id) DO NOTHING RETURNING id`
          // The id is taken: "already exists", as MemoryStorage and VersionConflict's message say it.
          if (inserted.length === 0) return yield* new StorageError.VersionConflict({ engagementId: id, expected: -1 })
        } else {
          // The optimistic check and the write in one statement: of two commits decided on the same
          // version, the second finds the version moved and changes nothing.
          const updated = yield* sql<{ id: string }>`UPDATE ${sql(t.engagements)}
            SET ${sql.update(engagement, ["id"])}
            WHERE id = ${id} AND version = ${expected} RETURNING id`
          if (updated.length === 0) {
            const current = yield* sql<{ version: number | string }>`SELECT version FROM ${sql(t.engagements)}
              WHERE id = ${id}`
            return yield* new StorageError.VersionConflict({
              engagementId: id,
              expected,
              ...(current[0] !== undefined ? { actual: Number(current[0].version) } : {})
            })
          }
        }
        // The task rows follow the engagement: replaced whole, in the same transaction.
        if (expected !== undefined) yield* sql`DELETE FROM ${sql(t.tasks)} WHERE engagement_id = ${id}`
        for (const chunk of chunked(tasks)) yield* sql`INSERT INTO ${sql(t.tasks)} ${sql.insert(chunk)}`
        yield* insertNew("commit", t.ledger, "ledger entry", ledger)
        yield* insertNew("commit", t.outbox, "outbox message", outbox)
      })
      return transaction(write).pipe(
        Effect.catchTag("SqlError", fromSqlError("commit")),
        Effect.withSpan("SqlStorage.EngagementRepo.commit", { attributes: { engagement: id } })
      )
    },

    importMany: (insertions) => {
      // Every row encoded first: a value the database cannot take fails before the transaction.
      const engagementRows: Array<Row> = []
      const tasks: Array<Record<string, unknown>> = []
      const entries: Array<Ledger.Entry> = []
      const messages: Array<Outbox.Message> = []
      for (const insertion of insertions) {
        const row = engagementRow("importMany", insertion.engagement)
        if (Either.isLeft(row)) return Effect.fail(row.left)
        const taskRowsOf = taskRows("importMany", insertion.engagement)
        if (Either.isLeft(taskRowsOf)) return Effect.fail(taskRowsOf.left)
        engagementRows.push(row.right)
        tasks.push(...taskRowsOf.right)
        entries.push(...insertion.ledger)
        messages.push(...insertion.outbox)
      }
      const rows = Either.all({
        ledger: allRows("importMany", entries, ledgerRow),
        outbox: allRows("importMany", messages, outboxRow)
      })
      if (Either.isLeft(rows)) return Effect.fail(rows.left)
      // Many rows to a statement: the whole import is a few statements, not a few per engagement.
      const write = Effect.gen(function* () {
        for (const chunk of chunked(engagementRows)) {
          const inserted = yield* sql<{ id: string }>`INSERT INTO ${sql(t.engagements)} ${sql.insert(chunk)}
            ON CONFLICT (id) DO NOTHING RETURNING id`
          const refused = inserted.length === chunk.length ? undefined : firstRefused(chunk, inserted)
          if (refused !== undefined) {
            return yield* new StorageError.VersionConflict({ engagementId: refused, expected: -1 })
          }
        }
        for (const chunk of chunked(tasks)) yield* sql`INSERT INTO ${sql(t.tasks)} ${sql.insert(chunk)}`
        yield* insertNew("importMany", t.ledger, "ledger entry", rows.right.ledger)
        yield* insertNew("importMany", t.outbox, "outbox message", rows.right.outbox)
      })
      return insertions.length === 0
        ? Effect.void
        : transaction(write).pipe(
            Effect.catchTag("SqlError", fromSqlError("importMany")),
            Effect.withSpan("SqlStorage.EngagementRepo.importMany", { attributes: { engagements: insertions.length } })
          )
    },

    openTasksDue: (query) => {
      const limit =
        query.limit === undefined || query.limit === Infinity ? undefined : Math.max(0, Math.trunc(query.limit) || 0)
      // Read from the partial, covering index of open tasks by due moment: the cost follows the
      // tasks found, however many done or finished ones the table holds.
      // Due moments are whole milliseconds: before 10.5 is before 11. NaN finds nothing.
      const before = Number.isFinite(query.before)
        ? Math.ceil(query.before)
        : query.before > 0
          ? Number.MAX_SAFE_INTEGER
          : Number.MIN_SAFE_INTEGER
      const rows =
        limit === undefined
          ? sql<DueRow>`SELECT engagement_id, version, task_id, due_ms FROM ${sql(t.tasks)}
              WHERE open = 1 AND due_ms < ${before} ORDER BY due_ms, engagement_id, task_id`
          : sql<DueRow>`SELECT engagement_id, version, task_id, due_ms FROM ${sql(t.tasks)}
              WHERE open = 1 AND due_ms < ${before} ORDER BY due_ms, engagement_id, task_id LIMIT ${limit}`
      return rows.pipe(
        Effect.catchTag("SqlError", fromSqlError("openTasksDue")),
        Effect.map((rows) =>
          rows.map(
            (r): EngagementRepo.OpenTask => ({
              engagementId: r.engagement_id as Engagement.EngagementId,
              engagementVersion: Number(r.version),
              taskId: r.task_id,
              dueMillis: Number(r.due_ms)
            })
          )
        ),
        Effect.withSpan("SqlStorage.EngagementRepo.openTasksDue")
      )
    }
  })

  const ledger = LedgerRepo.LedgerRepo.of({
    append: (entries) => {
      const rows = allRows("append", entries, ledgerRow)
      if (Either.isLeft(rows)) return Effect.fail(rows.left)
      if (rows.right.length === 0) return Effect.void
      return transaction(insertNew("append", t.ledger, "ledger entry", rows.right)).pipe(
        Effect.catchTag("SqlError", fromSqlError("append")),
        Effect.withSpan("SqlStorage.LedgerRepo.append", { attributes: { entries: entries.length } })
      )
    },

    query: (query) => {
      if (
        anyNul(query.engagementId, query.counterpart, query.tier, query.ownerId, query.from, query.to) ||
        query.kinds?.some((k) => anyNul(k))
      ) {
        return Effect.succeed([])
      }
      const where = sql.and([
        ...(query.engagementId !== undefined ? [sql`engagement_id = ${query.engagementId}`] : []),
        ...(query.counterpart !== undefined ? [sql`counterpart = ${query.counterpart}`] : []),
        ...(query.tier !== undefined ? [sql`tier = ${query.tier}`] : []),
        ...(query.ownerId !== undefined ? [sql`owner_id = ${query.ownerId}`] : []),
        ...(query.kinds !== undefined ? [sql.in("kind", query.kinds)] : []),
        // The entry's own local date, as Ledger.matches compares it.
        ...(query.from !== undefined ? [sql`local_date >= ${query.from}`] : []),
        ...(query.to !== undefined ? [sql`local_date <= ${query.to}`] : [])
      ])
      return sql<{ id: string; json: string }>`SELECT id, json FROM ${sql(t.ledger)} WHERE ${where}
        ORDER BY at_ms, seq`.pipe(
        Effect.catchTag("SqlError", fromSqlError("query")),
        Effect.flatMap((rows) => Effect.forEach(rows, (r) => decodeEntry("query", r.id, r.json))),
        Effect.withSpan("SqlStorage.LedgerRepo.query")
      )
    }
  })

  return { engagements, ledger }
}
