/**
 * The contract every `EngagementRepo` backend keeps, with the `LedgerRepo` and `Outbox` it commits
 * into: written once and run against each of them — memory here, SQLite and PostgreSQL in the
 * storage adapters.
 *
 * The suite shares one layer between its tests, as an application shares one database, so it
 * never assumes an empty store: every test makes its own ids (and owners, where it lists), and only
 * looks at what it wrote. It assumes no order the port does not document.
 */
import { describe, expect, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import { type Engagement, EngagementRepo, LedgerRepo, Outbox } from "../../src/index.js"
import { AT, AWKWARD, draft, entryOf, everyField, fresh, insertion, messageOf, next } from "./storageFixtures.js"

type Backend = Layer.Layer<EngagementRepo.EngagementRepo | LedgerRepo.LedgerRepo | Outbox.Outbox, unknown>

/** What storage holds of one engagement: the engagement, its ledger entries' ids and its messages' ids. */
const stateOf = (id: string) =>
  Effect.gen(function* () {
    const engagement = yield* (yield* EngagementRepo.EngagementRepo).get(id)
    const ledger = yield* (yield* LedgerRepo.LedgerRepo).query({ engagementId: id })
    const outbox = yield* (yield* Outbox.Outbox).pending({ engagementId: id })
    return {
      engagement,
      ledger: ledger.map((e) => e.id).sort(),
      outbox: outbox.map((m) => m.id).sort()
    }
  })

const ids = (list: ReadonlyArray<Engagement.Engagement>) => list.map((e) => e.id).sort()

/**
 * Runs the contract against a backend.
 *
 * @param name what the backend is ("memory", "SQLite", "PostgreSQL")
 * @param backend a layer serving the three ports over one store; built once for the suite
 */
export const engagementRepoContract = (name: string, backend: Backend) =>
  describe(`EngagementRepo contract: ${name}`, () => {
    layer(backend)((it) => {
      describe("inserting and reading", () => {
        it.effect("reads nothing for an id it never stored", () =>
          Effect.gen(function* () {
            const p = yield* fresh
            expect(yield* (yield* EngagementRepo.EngagementRepo).get(`${p}-none`)).toBeUndefined()
          })
        )

        it.effect("inserts a new engagement and reads it back, with its ledger entry", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const e = draft(`${yield* fresh}-a`)
            yield* repo.commit(insertion(e))
            expect(yield* repo.get(e.id)).toEqual(e)
            const ledger = yield* (yield* LedgerRepo.LedgerRepo).query({ engagementId: e.id })
            expect(ledger).toEqual([entryOf(e, "created")])
          })
        )

        it.effect("keeps absent optional fields absent, not empty or null", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const e = draft(`${yield* fresh}-a`)
            yield* repo.commit(insertion(e))
            const read = (yield* repo.get(e.id))!
            expect(Object.keys(read).sort()).toEqual(Object.keys(e).sort())
            for (const key of ["tier", "application", "budget", "route", "approvedBudget", "cancellation", "anchors"]) {
              expect(key in read).toBe(false)
            }
          })
        )

        it.effect(
          "round-trips every field exactly: money, zoned instants, the nested application, unicode, emoji, quotes",
          () =>
            Effect.gen(function* () {
              const repo = yield* EngagementRepo.EngagementRepo
              const e = everyField(`${yield* fresh}-full`)
              yield* repo.commit({ engagement: e, expectedVersion: undefined, ledger: [], outbox: [] })
              const read = (yield* repo.get(e.id))!
              expect(read).toEqual(e)
              // The parts a backend most easily gets nearly right, spelled out.
              expect(read.title).toBe(AWKWARD)
              expect(read.budget).toEqual(e.budget)
              expect(read.createdAt).toEqual(e.createdAt)
              expect(read.updatedAt.zone).toEqual(e.updatedAt.zone)
              expect(read.cancellation?.at).toEqual(e.cancellation?.at)
              expect(read.application).toEqual(e.application)
              expect(read.application?.arrivalTime).toEqual(e.application?.arrivalTime)
              expect(read.approvedBudget).toEqual(e.approvedBudget)
              expect(read.settlement).toEqual(e.settlement)
              expect(read.tasks).toEqual(e.tasks)
              expect(read.anchors).toEqual(e.anchors)
            })
        )

        it.effect("refuses to insert an id that exists, with a VersionConflict, and writes nothing of it", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const e = draft(`${yield* fresh}-a`)
            yield* repo.commit(insertion(e))
            const before = yield* stateOf(e.id)
            const other = draft(e.id, { title: "Another 另一个" })
            const error = yield* Effect.flip(
              repo.commit({
                engagement: other,
                expectedVersion: undefined,
                ledger: [entryOf(other, "created again", other.updatedAt)].map((x) => ({ ...x, id: `${x.id}/again` })),
                outbox: [messageOf(other, "thanks")]
              })
            )
            expect(error._tag).toBe("VersionConflict")
            expect(error).toMatchObject({ engagementId: e.id, expected: -1 })
            expect(error.message).toBe(`engagement ${e.id} already exists`)
            expect(yield* stateOf(e.id)).toEqual(before)
          })
        )
      })

      describe("committing changes", () => {
        it.effect("commits a change made on the stored version, with its ledger entries and messages", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const e0 = draft(`${yield* fresh}-a`)
            yield* repo.commit(insertion(e0))
            const e1 = next(e0, { status: "submitted", title: "Visit, submitted 来访（已提交）" })
            yield* repo.commit({
              engagement: e1,
              expectedVersion: 0,
              ledger: [entryOf(e1, "submitted")],
              outbox: [messageOf(e1)]
            })
            const e2 = next(e1, { status: "approved" })
            yield* repo.commit({
              engagement: e2,
              expectedVersion: 1,
              ledger: [entryOf(e2, "approved")],
              outbox: [messageOf(e2, "approved")]
            })
            expect(yield* repo.get(e0.id)).toEqual(e2)
            const ledger = yield* (yield* LedgerRepo.LedgerRepo).query({ engagementId: e0.id })
            expect(ledger.map((x) => x.reason)).toEqual(["created", "submitted", "approved"])
            const pending = yield* (yield* Outbox.Outbox).pending({ engagementId: e0.id })
            expect(pending).toEqual([messageOf(e1), messageOf(e2, "approved")])
          })
        )

        it.effect(
          "refuses a stale expected version with a VersionConflict naming both versions, and writes nothing of the change",
          () =>
            Effect.gen(function* () {
              const repo = yield* EngagementRepo.EngagementRepo
              const e0 = draft(`${yield* fresh}-a`)
              yield* repo.commit(insertion(e0))
              const e1 = next(e0, { status: "submitted" })
              yield* repo.commit({
                engagement: e1,
                expectedVersion: 0,
                ledger: [entryOf(e1, "submitted")],
                outbox: [messageOf(e1)]
              })
              const before = yield* stateOf(e0.id)

              // Decided on version 0, which is gone: neither the engagement, nor its entries, nor its messages land.
              const stale = next(e0, { status: "cancelled", title: "Cancelled 已取消" })
              const staleEntry = { ...entryOf(stale, "cancelled"), id: `${e0.id}#1/stale` }
              const error = yield* Effect.flip(
                repo.commit({
                  engagement: stale,
                  expectedVersion: 0,
                  ledger: [staleEntry],
                  outbox: [messageOf(stale, "cancelled")]
                })
              )
              expect(error._tag).toBe("VersionConflict")
              expect(error).toMatchObject({ engagementId: e0.id, expected: 0, actual: 1 })
              expect(yield* stateOf(e0.id)).toEqual(before)
              expect(before.engagement).toEqual(e1)
            })
        )

        it.effect("refuses an engagement whose tasks share an id, as cannotStore at the task, writing nothing", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const task = { id: `${p}/t`, stepId: "t", ownerRole: "requester" }
            const twice = draft(`${p}-a`, { status: "planned", tasks: [task, { ...task, stepId: "u" }] })
            for (const attempt of [repo.commit(insertion(twice)), repo.importMany([insertion(twice)])]) {
              const refused = yield* Effect.flip(attempt)
              expect(refused).toMatchObject({ _tag: "StorageError", reason: "cannotStore", path: "$.tasks[1].id" })
              expect(yield* stateOf(twice.id)).toEqual({ engagement: undefined, ledger: [], outbox: [] })
            }
            // And as a change of a stored engagement: the stored version stays.
            const e0 = draft(`${p}-b`, { status: "planned", tasks: [task] })
            yield* repo.commit(insertion(e0))
            const before = yield* stateOf(e0.id)
            const e1 = next(e0, { tasks: [task, task] })
            const refused = yield* Effect.flip(
              repo.commit({ engagement: e1, expectedVersion: 0, ledger: [entryOf(e1, "planned")], outbox: [] })
            )
            expect(refused).toMatchObject({ _tag: "StorageError", reason: "cannotStore" })
            expect(yield* stateOf(e0.id)).toEqual(before)
          })
        )

        it.effect("refuses an expected version for an engagement it does not have, writing nothing", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const e = next(next(draft(`${yield* fresh}-ghost`)))
            const error = yield* Effect.flip(
              repo.commit({ engagement: e, expectedVersion: 1, ledger: [entryOf(e, "ghost")], outbox: [messageOf(e)] })
            )
            expect(error._tag).toBe("VersionConflict")
            expect(error).toMatchObject({ engagementId: e.id, expected: 1 })
            expect(error.message).toBe(`engagement ${e.id} does not exist`)
            expect(yield* stateOf(e.id)).toEqual({ engagement: undefined, ledger: [], outbox: [] })
          })
        )

        it.effect("refuses a change whose ledger entry id is taken, writing nothing of the change", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const e0 = draft(`${yield* fresh}-a`)
            yield* repo.commit(insertion(e0))
            const before = yield* stateOf(e0.id)
            const e1 = next(e0, { status: "submitted" })
            // The entry reuses the id of the insertion's entry (`<id>#0`).
            const taken = { ...entryOf(e1, "submitted"), id: `${e0.id}#0` }
            const result = yield* Effect.either(
              repo.commit({ engagement: e1, expectedVersion: 0, ledger: [taken], outbox: [messageOf(e1)] })
            )
            expect(Either.isLeft(result)).toBe(true)
            expect(yield* stateOf(e0.id)).toEqual(before)
            const ledger = yield* (yield* LedgerRepo.LedgerRepo).query({ engagementId: e0.id })
            expect(ledger.map((x) => x.reason)).toEqual(["created"])
          })
        )

        it.effect(
          "of 16 concurrent commits on the same version, exactly one succeeds and only its change is written",
          () =>
            Effect.gen(function* () {
              const repo = yield* EngagementRepo.EngagementRepo
              const e0 = draft(`${yield* fresh}-race`)
              yield* repo.commit(insertion(e0))
              // Each contender's entries and message have ids of their own, so that only the version
              // guard — not a unique key on the ledger — can keep the losers out.
              const contenders = Array.from({ length: 16 }, (_, i) => {
                const e1 = next(e0, { title: `Contender ${i} 竞争者`, status: "submitted" })
                return {
                  engagement: e1,
                  expectedVersion: 0,
                  ledger: [
                    { ...entryOf(e1, `contender ${i}`), id: `${e0.id}#1/c${i}` },
                    { ...entryOf(e1, `contender ${i}, second entry`), id: `${e0.id}#1/c${i}/2` }
                  ],
                  outbox: [{ ...messageOf(e1), id: `${e0.id}#1/approval-needed/c${i}` }]
                }
              })
              const results = yield* Effect.all(
                contenders.map((c) => Effect.either(repo.commit(c))),
                { concurrency: "unbounded" }
              )
              const won = results.flatMap((r, i) => (Either.isRight(r) ? [i] : []))
              expect(won).toHaveLength(1)
              const winner = won[0]!
              for (const r of results) {
                if (Either.isLeft(r))
                  expect(r.left).toMatchObject({ _tag: "VersionConflict", engagementId: e0.id, expected: 0 })
              }
              const state = yield* stateOf(e0.id)
              expect(state.engagement).toEqual(contenders[winner]!.engagement)
              expect(state.ledger).toEqual([`${e0.id}#0`, `${e0.id}#1/c${winner}`, `${e0.id}#1/c${winner}/2`].sort())
              expect(state.outbox).toEqual([`${e0.id}#1/approval-needed/c${winner}`])
            })
        )
      })

      describe("listing", () => {
        it.effect("filters by owner", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const mine = [draft(`${p}-a`, { ownerId: `${p}-owner` }), draft(`${p}-b`, { ownerId: `${p}-owner` })]
            for (const e of [...mine, draft(`${p}-c`, { ownerId: `${p}-other` })]) yield* repo.commit(insertion(e))
            expect(ids(yield* repo.list({ ownerId: `${p}-owner` }))).toEqual(ids(mine))
            expect(yield* repo.list({ ownerId: `${p}-nobody` })).toEqual([])
          })
        )

        it.effect("filters by any of the statuses given", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const owner = `${p}-owner`
            const statuses = ["draft", "submitted", "planned", "closed", "cancelled"] as const
            for (const status of statuses)
              yield* repo.commit(insertion(draft(`${p}-${status}`, { ownerId: owner, status })))
            expect(ids(yield* repo.list({ ownerId: owner, status: ["planned"] }))).toEqual([`${p}-planned`])
            expect(ids(yield* repo.list({ ownerId: owner, status: ["closed", "cancelled"] }))).toEqual(
              [`${p}-cancelled`, `${p}-closed`].sort()
            )
            expect(yield* repo.list({ ownerId: owner, status: ["held"] })).toEqual([])
            expect(yield* repo.list({ ownerId: owner })).toHaveLength(statuses.length)
          })
        )

        it.effect("filters by tier, leaving out engagements without one", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const owner = `${p}-owner`
            yield* repo.commit(insertion(draft(`${p}-a`, { ownerId: owner, tier: "A" })))
            yield* repo.commit(insertion(draft(`${p}-b`, { ownerId: owner, tier: "B" })))
            yield* repo.commit(insertion(draft(`${p}-none`, { ownerId: owner })))
            expect(ids(yield* repo.list({ ownerId: owner, tier: "A" }))).toEqual([`${p}-a`])
            expect(ids(yield* repo.list({ ownerId: owner, tier: "B" }))).toEqual([`${p}-b`])
          })
        )

        it.effect("filters by event-start dates, both inclusive, on the event's own local date", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const owner = `${p}-owner`
            const starts = {
              before: "2026-03-09",
              first: "2026-03-10",
              lastEvening: "2026-03-12T20:00:00-05:00", // 13 March in UTC, 12 March where it happens
              earlyNextDay: "2026-03-13T06:00:00+08:00", // 12 March in UTC, 13 March where it happens
              after: "2026-03-14"
            }
            for (const [key, eventStart] of Object.entries(starts)) {
              yield* repo.commit(insertion(draft(`${p}-${key}`, { ownerId: owner, eventStart })))
            }
            expect(ids(yield* repo.list({ ownerId: owner, from: "2026-03-10", to: "2026-03-12" }))).toEqual(
              [`${p}-first`, `${p}-lastEvening`].sort()
            )
            expect(ids(yield* repo.list({ ownerId: owner, from: "2026-03-13" }))).toEqual(
              [`${p}-earlyNextDay`, `${p}-after`].sort()
            )
            expect(ids(yield* repo.list({ ownerId: owner, to: "2026-03-09" }))).toEqual([`${p}-before`])
          })
        )

        it.effect("returns at most the limit, all from the matches", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const owner = `${p}-owner`
            const all = Array.from({ length: 5 }, (_, i) =>
              draft(`${p}-${i}`, { ownerId: owner, eventStart: `2026-03-1${i}` })
            )
            for (const e of all) yield* repo.commit(insertion(e))
            const two = yield* repo.list({ ownerId: owner, limit: 2 })
            expect(two).toHaveLength(2)
            for (const e of two) expect(ids(all)).toContain(e.id)
            expect(yield* repo.list({ ownerId: owner, limit: 50 })).toHaveLength(5)
          })
        )

        it.effect("combines every filter given", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const owner = `${p}-owner`
            const match = draft(`${p}-match`, {
              ownerId: owner,
              tier: "A",
              status: "planned",
              eventStart: "2026-04-02"
            })
            const others = [
              { ...match, id: `${p}-tier` as Engagement.EngagementId, tier: "B" },
              { ...match, id: `${p}-status` as Engagement.EngagementId, status: "draft" as const },
              { ...match, id: `${p}-date` as Engagement.EngagementId, eventStart: "2026-05-02" },
              { ...match, id: `${p}-owner` as Engagement.EngagementId, ownerId: `${p}-else` }
            ]
            for (const e of [match, ...others]) yield* repo.commit(insertion(e))
            const found = yield* repo.list({
              ownerId: owner,
              tier: "A",
              status: ["planned", "inProgress"],
              from: "2026-04-01",
              to: "2026-04-30",
              limit: 10
            })
            expect(found).toEqual([match])
          })
        )

        it.effect("lists engagements as stored, at their latest version", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const e0 = draft(`${p}-a`, { ownerId: `${p}-owner` })
            yield* repo.commit(insertion(e0))
            const e1 = next(e0, { status: "submitted" })
            yield* repo.commit({ engagement: e1, expectedVersion: 0, ledger: [entryOf(e1, "submitted")], outbox: [] })
            expect(yield* repo.list({ ownerId: `${p}-owner` })).toEqual([e1])
            expect(yield* repo.list({ ownerId: `${p}-owner`, status: ["draft"] })).toEqual([])
          })
        )
      })

      describe("importing many at once", () => {
        it.effect("inserts every engagement with its ledger entries, messages and open tasks", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const task = { id: `${p}-0/t`, stepId: "t", ownerRole: "requester", due: "2026-03-03T18:00:00+08:00" }
            const list = Array.from({ length: 1_200 }, (_, i) =>
              draft(`${p}-${i}`, { status: "planned", tasks: [{ ...task, id: `${p}-${i}/t` }] })
            )
            yield* repo.importMany(list.map((e) => ({ ...insertion(e), outbox: [messageOf(e)] })))
            for (const i of [0, 499, 500, 1_199])
              expect(yield* stateOf(list[i]!.id)).toEqual({
                engagement: list[i],
                ledger: [`${list[i]!.id}#0`],
                outbox: [messageOf(list[i]!).id]
              })
            const due = (yield* repo.openTasksDue({ before: Date.parse("2026-03-04T00:00:00Z") })).filter((x) =>
              x.engagementId.startsWith(`${p}-`)
            )
            expect(due).toHaveLength(1_200)
            yield* repo.importMany([])
          })
        )

        it.effect("refuses the whole import, writing nothing, when an id exists or comes twice", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const stored = draft(`${p}-stored`)
            yield* repo.commit(insertion(stored))
            const fresh3 = [0, 1, 2].map((i) => draft(`${p}-${i}`))
            const taken = yield* Effect.flip(repo.importMany([...fresh3, stored].map(insertion)))
            expect(taken).toMatchObject({ _tag: "VersionConflict", engagementId: stored.id, expected: -1 })
            const twice = yield* Effect.flip(repo.importMany([...fresh3, fresh3[1]!].map(insertion)))
            expect(twice).toMatchObject({ _tag: "VersionConflict", engagementId: fresh3[1]!.id })
            // A message id taken: a StorageError, and nothing of the import either.
            const message = yield* Effect.flip(
              repo.importMany(fresh3.map((e) => ({ ...insertion(e), outbox: [{ ...messageOf(e), id: `${p}-same` }] })))
            )
            expect(message._tag).toBe("StorageError")
            for (const e of fresh3)
              expect(yield* stateOf(e.id)).toEqual({ engagement: undefined, ledger: [], outbox: [] })
          })
        )
      })

      describe("open tasks due (the due-soon and overdue scan)", () => {
        const task = (id: string, due: string | undefined, done = false): Engagement.TaskRecord => ({
          id,
          stepId: id.split("/").pop()!,
          ownerRole: "requester",
          ...(due !== undefined ? { due, dueDate: due.slice(0, 10) } : {}),
          ...(done ? { done: { by: "wang.fang", at: AT } } : {})
        })
        const mine = (p: string, found: ReadonlyArray<EngagementRepo.OpenTask>) =>
          found.filter((x) => x.engagementId.startsWith(p))

        it.effect(
          "finds the open tasks due before an instant, earliest first, with their engagement and its version",
          () =>
            Effect.gen(function* () {
              const repo = yield* EngagementRepo.EngagementRepo
              const p = yield* fresh
              const a = draft(`${p}-a`, {
                status: "planned",
                tasks: [
                  task(`${p}-a/late`, "2026-03-05T18:00:00+08:00"),
                  task(`${p}-a/early`, "2026-03-03T18:00:00.000+08:00"),
                  task(`${p}-a/done`, "2026-03-02T18:00:00+08:00", true),
                  task(`${p}-a/undated`, undefined),
                  // A bare date is no instant: not found (plans always write the offset).
                  task(`${p}-a/bare`, "2026-03-02")
                ]
              })
              // The same instant as a's early task, written in another offset: ties go by engagement id.
              const b = draft(`${p}-b`, { status: "inProgress", tasks: [task(`${p}-b/same`, "2026-03-03T10:00:00Z")] })
              yield* repo.commit(insertion(b))
              yield* repo.commit(insertion(a))
              const early = Date.parse("2026-03-03T10:00:00Z")
              expect(mine(p, yield* repo.openTasksDue({ before: early }))).toEqual([])
              expect(mine(p, yield* repo.openTasksDue({ before: early + 1 }))).toEqual([
                { engagementId: a.id, engagementVersion: 0, taskId: `${p}-a/early`, dueMillis: early },
                { engagementId: b.id, engagementVersion: 0, taskId: `${p}-b/same`, dueMillis: early }
              ])
              const all = mine(p, yield* repo.openTasksDue({ before: Date.parse("2027-01-01T00:00:00Z") }))
              expect(all.map((x) => x.taskId)).toEqual([`${p}-a/early`, `${p}-b/same`, `${p}-a/late`])
              expect(mine(p, yield* repo.openTasksDue({ before: Number.NaN }))).toEqual([])
            })
        )

        it.effect("follows every commit: a task done, a new version, an engagement closed or cancelled", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            const before = Date.parse("2026-04-01T00:00:00Z")
            const e0 = draft(`${p}-a`, {
              status: "planned",
              tasks: [task(`${p}-a/one`, "2026-03-03T18:00:00+08:00"), task(`${p}-a/two`, "2026-03-04T18:00:00+08:00")]
            })
            yield* repo.commit(insertion(e0))
            const e1 = next(e0, { tasks: [task(`${p}-a/one`, "2026-03-03T18:00:00+08:00", true), e0.tasks[1]!] })
            yield* repo.commit({ engagement: e1, expectedVersion: 0, ledger: [], outbox: [] })
            expect(mine(p, yield* repo.openTasksDue({ before }))).toEqual([
              {
                engagementId: e0.id,
                engagementVersion: 1,
                taskId: `${p}-a/two`,
                dueMillis: Date.parse(e0.tasks[1]!.due!)
              }
            ])
            // A stale commit changes nothing, the scan included.
            yield* Effect.flip(
              repo.commit({ engagement: next(e0, { tasks: [] }), expectedVersion: 0, ledger: [], outbox: [] })
            )
            expect(mine(p, yield* repo.openTasksDue({ before }))).toHaveLength(1)
            for (const status of ["closed", "cancelled", "rejected"] as const) {
              const e = draft(`${p}-${status}`, {
                status: "planned",
                tasks: [task(`${p}-${status}/t`, "2026-03-03T18:00:00+08:00")]
              })
              yield* repo.commit(insertion(e))
              expect(mine(`${p}-${status}`, yield* repo.openTasksDue({ before }))).toHaveLength(1)
              yield* repo.commit({ engagement: next(e, { status }), expectedVersion: 0, ledger: [], outbox: [] })
              expect(mine(`${p}-${status}`, yield* repo.openTasksDue({ before }))).toEqual([])
            }
          })
        )

        it.effect("returns at most the limit, the earliest due", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const p = yield* fresh
            // Due in 1971, before anything the other tests store, so that the earliest are these.
            const e = draft(`${p}-a`, {
              status: "planned",
              tasks: [3, 1, 2].map((d) => task(`${p}-a/${d}`, `1971-01-0${d}T09:00:00+08:00`))
            })
            yield* repo.commit(insertion(e))
            const before = Date.parse("1972-01-01T00:00:00Z")
            expect((yield* repo.openTasksDue({ before, limit: 2 })).map((x) => x.taskId)).toEqual([
              `${p}-a/1`,
              `${p}-a/2`
            ])
            expect(yield* repo.openTasksDue({ before, limit: 0 })).toEqual([])
          })
        )

        it.effect(
          "finds exactly the open tasks of generated engagements that are due before the instant, in order",
          () =>
            Effect.gen(function* () {
              const repo = yield* EngagementRepo.EngagementRepo
              const p = yield* fresh
              // mulberry32: the same engagements on every backend and every run.
              let seed = 20260302
              const random = () => {
                seed = (seed + 0x6d2b79f5) | 0
                let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
                x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
                return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296
              }
              const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)]!
              const statuses = ["planned", "inProgress", "held", "settled", "closed", "cancelled", "rejected"] as const
              const offsets = ["+08:00", "Z", "-05:00", "+05:45"]
              const base = Date.parse("2026-03-01T00:00:00Z")
              const engagements = Array.from({ length: 24 }, (_, n) =>
                draft(`${p}-${String(n).padStart(2, "0")}`, {
                  status: pick(statuses),
                  tasks: Array.from({ length: Math.floor(random() * 6) }, (_, k) => {
                    const millis = base + Math.floor(random() * 20) * 3_600_000
                    const offset = pick(offsets)
                    const minutes =
                      offset === "Z"
                        ? 0
                        : (offset[0] === "-" ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)))
                    const local = new Date(millis + minutes * 60_000).toISOString().slice(0, 19)
                    return task(`${p}-t${n}-${k}`, random() < 0.1 ? undefined : `${local}${offset}`, random() < 0.3)
                  })
                })
              )
              for (const e of engagements) yield* repo.commit(insertion(e))
              for (const hours of [0, 5, 10, 15, 21]) {
                const before = base + hours * 3_600_000
                const expected = engagements
                  .flatMap((e) =>
                    e.tasks.flatMap((t) => {
                      const dueMillis = t.due === undefined ? Number.NaN : Date.parse(t.due)
                      const open = t.done === undefined && !["closed", "cancelled", "rejected"].includes(e.status)
                      return open && dueMillis < before
                        ? [{ engagementId: e.id, engagementVersion: 0, taskId: t.id, dueMillis }]
                        : []
                    })
                  )
                  .sort(
                    (x, y) =>
                      x.dueMillis - y.dueMillis ||
                      (x.engagementId < y.engagementId ? -1 : x.engagementId > y.engagementId ? 1 : 0) ||
                      (x.taskId < y.taskId ? -1 : 1)
                  )
                expect(mine(p, yield* repo.openTasksDue({ before }))).toEqual(expected)
              }
            })
        )
      })

      describe("the outbox", () => {
        it.effect("refuses a change whose message id is taken, writing nothing of the change", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const e0 = draft(`${yield* fresh}-a`)
            yield* repo.commit({ ...insertion(e0), outbox: [messageOf(e0)] })
            const before = yield* stateOf(e0.id)
            const e1 = next(e0, { status: "submitted" })
            const result = yield* Effect.either(
              repo.commit({
                engagement: e1,
                expectedVersion: 0,
                ledger: [entryOf(e1, "submitted")],
                outbox: [{ ...messageOf(e1), id: messageOf(e0).id }]
              })
            )
            expect(Either.isLeft(result)).toBe(true)
            if (Either.isLeft(result)) expect(result.left).toMatchObject({ _tag: "StorageError", operation: "commit" })
            expect(yield* stateOf(e0.id)).toEqual(before)
            // Twice in one change is refused too.
            const twice = yield* Effect.either(
              repo.commit({ engagement: e1, expectedVersion: 0, ledger: [], outbox: [messageOf(e1), messageOf(e1)] })
            )
            expect(Either.isLeft(twice)).toBe(true)
            expect(yield* stateOf(e0.id)).toEqual(before)
          })
        )

        it.effect("holds the messages of an engagement's changes, oldest first, as many as asked", () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const outbox = yield* Outbox.Outbox
            const e0 = draft(`${yield* fresh}-a`)
            yield* repo.commit(insertion(e0))
            const e1 = next(e0, { status: "submitted" })
            const first = [messageOf(e1), messageOf(e1, "escalated")]
            yield* repo.commit({
              engagement: e1,
              expectedVersion: 0,
              ledger: [entryOf(e1, "submitted")],
              outbox: first
            })
            const e2 = next(e1, { status: "approved" })
            const second = Outbox.message(
              e2,
              e2.updatedAt,
              "approved",
              { roles: [], personIds: ["li.na", "wang.fang"] },
              { by: AWKWARD, nested: { n: 1.5, list: [1, "二", true, null], empty: {} } }
            )
            yield* repo.commit({
              engagement: e2,
              expectedVersion: 1,
              ledger: [entryOf(e2, "approved")],
              outbox: [second]
            })
            const pending = yield* outbox.pending({ engagementId: e0.id })
            expect(
              pending
                .slice(0, 2)
                .map((m) => m.id)
                .sort()
            ).toEqual(first.map((m) => m.id).sort())
            expect(pending[2]).toEqual(second)
            expect(yield* outbox.pending({ engagementId: e0.id, limit: 2 })).toHaveLength(2)
            expect(yield* outbox.pending({ engagementId: `${e0.id}-none` })).toEqual([])
          })
        )
      })
    })
  })
