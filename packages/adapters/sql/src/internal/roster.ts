/**
 * `RosterRepo` over a `SqlClient`: the contact as it stands, each change in its history and the
 * mailing ledger (邮寄台帐), every write in one transaction.
 *
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Roster, type StorageError } from "@liaison/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Predicate from "effect/Predicate"
import { anyNul, atomically, checkKey, decoder, encoder, storageErrorOf } from "./codec.js"
import type { Names } from "./tables.js"

const encodeEntry = encoder(Roster.Entry, "roster entry")
const encodeRevision = encoder(Roster.Revision, "roster revision")
const encodeMailing = encoder(Roster.Mailing, "mailing")

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Builds the port over one client and one set of tables. */
export const make = (sql: SqlClient.SqlClient, t: Names) => {
  const decodeEntry = decoder(Roster.Entry, t.contacts)
  const decodeRevision = decoder(Roster.Revision, t.contactHistory)
  const decodeMailing = decoder(Roster.Mailing, t.mailings)
  // PostgreSQL: a change holds the contact's row until it commits, so concurrent changes of one
  // contact take their revisions one after the other. (SQLite has one writer already.)
  const forUpdate = sql.onDialectOrElse({ pg: () => sql.literal("FOR UPDATE"), orElse: () => sql.literal("") })

  /** Encodes a value, failing with the `StorageError` of a value the database cannot take. */
  const encodeOrFail =
    <A>(encode: (operation: string, id: string, value: A) => Either.Either<string, StorageError.StorageError>) =>
    (operation: string, id: string, value: A): Effect.Effect<string, StorageError.StorageError> =>
      encode(operation, id, value)

  const entryJson = encodeOrFail(encodeEntry)
  const revisionJson = encodeOrFail(encodeRevision)
  const mailingJson = encodeOrFail(encodeMailing)

  const key = (operation: string, what: string, value: string): Effect.Effect<string, StorageError.StorageError> =>
    checkKey(operation, what, value)

  const contactRow = (operation: string, entry: Roster.Entry) =>
    Effect.map(
      Effect.zipRight(key(operation, "contact", entry.contact.id), entryJson(operation, entry.contact.id, entry)),
      (json) => ({
        id: entry.contact.id,
        status: entry.status,
        category: entry.contact.category,
        owner_department: entry.contact.ownerDepartment,
        revision: entry.revision,
        json
      })
    )

  const writeRevision = (operation: string, revision: Roster.Revision) =>
    Effect.flatMap(
      revisionJson(operation, `${revision.contactId}@${revision.revision}`, revision),
      (json) =>
        sql`INSERT INTO ${sql(t.contactHistory)} ${sql.insert({
          contact_id: revision.contactId,
          revision: revision.revision,
          json
        })}`
    )

  /** The stored entry of a contact, locked for the rest of the transaction on PostgreSQL. */
  const find = (operation: string, id: string) =>
    anyNul(id)
      ? Effect.succeed(undefined)
      : Effect.flatMap(
          sql<{ json: string }>`SELECT json FROM ${sql(t.contacts)} WHERE id = ${id} ${forUpdate}`,
          (rows) => (rows[0] === undefined ? Effect.succeed(undefined) : decodeEntry(operation, id, rows[0].json))
        )

  const active = (operation: string, id: Roster.ContactId) =>
    Effect.flatMap(find(operation, id), (entry) =>
      entry === undefined
        ? Effect.fail(new Roster.ContactNotFound({ contactId: id, reason: "unknown" }))
        : entry.status === "removed"
          ? Effect.fail(new Roster.ContactNotFound({ contactId: id, reason: "removed" }))
          : Effect.succeed(entry)
    )

  /** Writes a changed entry and its revision. */
  const rewrite = (operation: string, entry: Roster.Entry, revision: Roster.Revision) =>
    Effect.gen(function* () {
      const row = yield* contactRow(operation, entry)
      yield* sql`UPDATE ${sql(t.contacts)} SET ${sql.update(row, ["id"])} WHERE id = ${row.id}`
      yield* writeRevision(operation, revision)
      return entry
    })

  /** Runs a read, a driver failure becoming a `StorageError` naming the operation. */
  const read = <A, E, R>(operation: string, effect: Effect.Effect<A, E | SqlError, R>) =>
    effect.pipe(
      Effect.catchIf(
        (e): e is SqlError => Predicate.isTagged(e, "SqlError"),
        (e) => Effect.fail(storageErrorOf(operation, e))
      ),
      Effect.withSpan(`SqlStorage.RosterRepo.${operation}`)
    )

  /** Runs a write in one transaction. */
  const transact = <A, E, R>(operation: string, effect: Effect.Effect<A, E, R>) =>
    read(operation, atomically(sql)(effect))

  return Roster.RosterRepo.of({
    add: (contact, change) =>
      transact(
        "add",
        Effect.gen(function* () {
          const now = yield* DateTime.now
          const entry: Roster.Entry = { contact, status: "active", revision: 1, addedAt: now, updatedAt: now }
          const row = yield* contactRow("add", entry)
          const inserted = yield* sql<{ id: string }>`INSERT INTO ${sql(t.contacts)} ${sql.insert(row)}
            ON CONFLICT (id) DO NOTHING RETURNING id`
          if (inserted.length === 0) return yield* new Roster.DuplicateContact({ contactId: contact.id })
          yield* writeRevision("add", {
            contactId: contact.id,
            revision: 1,
            change: "added",
            at: now,
            by: change.by,
            ...(change.reason !== undefined ? { reason: change.reason } : {}),
            changed: [],
            contact
          })
          return entry
        })
      ),

    update: (id, patch, change) =>
      transact(
        "update",
        Effect.gen(function* () {
          const entry = yield* active("update", id)
          const next = Roster.applyPatch(entry.contact, patch)
          if (next.changed.length === 0) return entry
          const now = yield* DateTime.now
          const updated: Roster.Entry = {
            ...entry,
            contact: next.contact,
            revision: entry.revision + 1,
            updatedAt: now
          }
          return yield* rewrite("update", updated, {
            contactId: id,
            revision: updated.revision,
            change: "updated",
            at: now,
            by: change.by,
            ...(change.reason !== undefined ? { reason: change.reason } : {}),
            changed: next.changed,
            contact: next.contact
          })
        })
      ),

    remove: (id, change) =>
      transact(
        "remove",
        Effect.gen(function* () {
          const entry = yield* active("remove", id)
          const now = yield* DateTime.now
          const removed: Roster.Entry = {
            ...entry,
            status: "removed",
            revision: entry.revision + 1,
            updatedAt: now,
            removal: { at: now, by: change.by, reason: change.reason }
          }
          return yield* rewrite("remove", removed, {
            contactId: id,
            revision: removed.revision,
            change: "removed",
            at: now,
            by: change.by,
            reason: change.reason,
            changed: [],
            contact: entry.contact
          })
        })
      ),

    erase: (id, change) =>
      transact(
        "erase",
        Effect.gen(function* () {
          const entry = yield* find("erase", id)
          if (entry === undefined) return yield* new Roster.ContactNotFound({ contactId: id, reason: "unknown" })
          const rows = yield* sql<{ revision: number; json: string }>`SELECT revision, json
            FROM ${sql(t.contactHistory)} WHERE contact_id = ${id} ORDER BY revision`
          const history = yield* Effect.forEach(rows, (r) => decodeRevision("erase", `${id}@${r.revision}`, r.json))
          const done = Roster.erased(entry, history, change, yield* DateTime.now)
          if (done === undefined) return entry
          // Every revision rewritten, then the entry and the revision that records the erasure:
          // one transaction, so a failure leaves the contact as it was.
          for (const revision of done.history) {
            const json = yield* revisionJson("erase", `${id}@${revision.revision}`, revision)
            yield* sql`UPDATE ${sql(t.contactHistory)} SET json = ${json}
              WHERE contact_id = ${id} AND revision = ${revision.revision}`
          }
          return yield* rewrite("erase", done.entry, done.revision)
        })
      ),

    get: (id) =>
      read(
        "get",
        Effect.flatMap(find("get", id), (entry) =>
          entry === undefined
            ? Effect.fail(new Roster.ContactNotFound({ contactId: id, reason: "unknown" }))
            : Effect.succeed(entry)
        )
      ),

    list: (filter) => {
      if (anyNul(filter?.category, filter?.ownerDepartment)) return Effect.succeed([])
      const where = sql.and([
        ...(filter?.includeRemoved === true ? [] : [sql`status = 'active'`]),
        ...(filter?.category !== undefined ? [sql`category = ${filter.category}`] : []),
        ...(filter?.ownerDepartment !== undefined ? [sql`owner_department = ${filter.ownerDepartment}`] : [])
      ])
      return read(
        "list",
        sql<{ id: string; json: string }>`SELECT id, json FROM ${sql(t.contacts)} WHERE ${where} ORDER BY id`.pipe(
          Effect.flatMap((rows) => Effect.forEach(rows, (r) => decodeEntry("list", r.id, r.json))),
          // The port's order is JavaScript's string order; the database's agrees on all but rare code points.
          Effect.map((entries) => [...entries].sort((a, b) => byString(a.contact.id, b.contact.id)))
        )
      )
    },

    history: (id) =>
      read(
        "history",
        anyNul(id)
          ? Effect.fail(new Roster.ContactNotFound({ contactId: id, reason: "unknown" }))
          : sql<{ revision: number; json: string }>`SELECT revision, json FROM ${sql(t.contactHistory)}
              WHERE contact_id = ${id} ORDER BY revision`.pipe(
              Effect.flatMap((rows) =>
                Effect.forEach(rows, (r) => decodeRevision("history", `${id}@${r.revision}`, r.json))
              ),
              Effect.flatMap((revisions) =>
                revisions.length === 0
                  ? Effect.fail(new Roster.ContactNotFound({ contactId: id, reason: "unknown" }))
                  : Effect.succeed(revisions)
              )
            )
      ),

    recordMailing: (input) =>
      transact(
        "recordMailing",
        Effect.gen(function* () {
          yield* active("recordMailing", input.contactId)
          const now = yield* DateTime.now
          yield* key("recordMailing", "mailing issue", input.issue)
          const mailing: Roster.Mailing = { ...input, recordedAt: now }
          const json = yield* mailingJson("recordMailing", `${input.contactId}/${input.issue}`, mailing)
          const inserted = yield* sql<{ contact_id: string }>`INSERT INTO ${sql(t.mailings)} ${sql.insert({
            contact_id: input.contactId,
            issue: input.issue,
            sent_on: input.sentOn,
            json
          })} ON CONFLICT (contact_id, issue) DO NOTHING RETURNING contact_id`
          if (inserted.length === 0) {
            return yield* new Roster.DuplicateMailing({ contactId: input.contactId, issue: input.issue })
          }
          return mailing
        })
      ),

    mailings: (query) => {
      if (anyNul(query.contactId, query.from, query.to)) return Effect.succeed([])
      const where = sql.and([
        sql`sent_on >= ${query.from}`,
        sql`sent_on <= ${query.to}`,
        ...(query.contactId !== undefined ? [sql`contact_id = ${query.contactId}`] : [])
      ])
      return read(
        "mailings",
        sql<{ contact_id: string; issue: string; json: string }>`SELECT contact_id, issue, json
          FROM ${sql(t.mailings)} WHERE ${where} ORDER BY sent_on, contact_id, issue`.pipe(
          Effect.flatMap((rows) =>
            Effect.forEach(rows, (r) => decodeMailing("mailings", `${r.contact_id}/${r.issue}`, r.json))
          ),
          Effect.map((mailings) => [...mailings].sort(Roster.mailingOrder))
        )
      )
    }
  })
}
