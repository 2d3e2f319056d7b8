/**
 * What the adapter promises beyond the core contracts, on every database of the run: conflicting
 * commands through `Engagements`, hostile text, values the database cannot store, the ledger's
 * append-only triggers, migrations, table prefixes, and failures reported as `StorageError`s.
 */

import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { describe, expect, it, layer } from "@effect/vitest"
import {
  Directory,
  type Engagement,
  EngagementRepo,
  Engagements,
  Ledger,
  LedgerRepo,
  MemoryStorage,
  Money,
  Outbox,
  Roster,
  StorageError
} from "@liaison/core"
import { SqlStorage } from "@liaison/sql"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import { backends, freshPrefix, PG_SKIPPED } from "./backends.js"
import { ANNOUNCED, actor, createVisit, people, policies } from "./fixtures.js"

const li = actor("li.na")
const zhou = actor("zhou.qiang")

let counter = 0
/** An id no other test of the run uses. */
const uniqueId = (label: string) => `${label}-${Date.now().toString(36)}-${(counter++).toString(36)}`

const AT = DateTime.unsafeMakeZoned(ANNOUNCED, { timeZone: "Asia/Shanghai" })

/** The smallest engagement. */
const draft = (id: string, overrides: Partial<Engagement.Engagement> = {}): Engagement.Engagement => ({
  id: id as Engagement.EngagementId,
  version: 0,
  status: "draft",
  title: "Visit 来访",
  procedureId: "client-reception-standard",
  counterpart: "华东家具集团",
  confidential: false,
  emergency: false,
  requesterId: "li.na",
  ownerId: "wang.fang",
  eventStart: "2026-03-10",
  decisions: [],
  tasks: [],
  createdAt: AT,
  updatedAt: AT,
  ...overrides
})

const entryOf = (e: Engagement.Engagement, reason: string): Ledger.Entry =>
  Ledger.fromTransition(e, li, e.updatedAt, "Create", undefined, e.status, reason)

const messageOf = (e: Engagement.Engagement, payload: Record<string, unknown> = {}): Outbox.Message =>
  Outbox.message(e, e.updatedAt, "approval-needed", { roles: ["department-head"], personIds: [] }, payload)

/**
 * The repository, holding every commit until `n` have arrived: so that all `n` commands are
 * decided on the same version before any is written, and the database alone settles the race.
 */
const gated = (repo: EngagementRepo.EngagementRepo["Type"], n: number) =>
  Effect.gen(function* () {
    const arrived = yield* Ref.make(0)
    const open = yield* Deferred.make<void>()
    return EngagementRepo.EngagementRepo.of({
      ...repo,
      commit: (change) =>
        Ref.updateAndGet(arrived, (k) => k + 1).pipe(
          Effect.flatMap((k) => (k === n ? Deferred.succeed(open, undefined) : Effect.void)),
          Effect.zipRight(Deferred.await(open)),
          Effect.zipRight(repo.commit(change))
        )
    })
  })

/** Runs `commands` at once through a service whose commits wait for one another (see {@link gated}). */
const race = (id: string, commands: ReadonlyArray<readonly [Engagement.Actor, Engagement.Command]>) =>
  Effect.gen(function* () {
    const repo = yield* EngagementRepo.EngagementRepo
    const service = yield* Engagements.make(policies).pipe(
      Effect.provideService(EngagementRepo.EngagementRepo, yield* gated(repo, commands.length))
    )
    return yield* Effect.all(
      commands.map(([who, command]) => Effect.either(service.execute(who, id, command))),
      { concurrency: "unbounded" }
    )
  })

const stateOf = (id: string) =>
  Effect.gen(function* () {
    const engagement = yield* (yield* EngagementRepo.EngagementRepo).get(id)
    const ledger = yield* (yield* LedgerRepo.LedgerRepo).query({ engagementId: id })
    const outbox = yield* (yield* Outbox.Outbox).pending({ engagementId: id })
    return { engagement, ledger, outbox }
  })

/** Text that would do harm if it were ever spliced into SQL, or that a careless driver would mangle. */
const hostile = (t: SqlStorage.Tables) => [
  `'; DROP TABLE ${t.engagements}; --`,
  `Robert'); DELETE FROM ${t.ledger} WHERE ('1'='1`,
  `x"); DROP TABLE "${t.outbox}"; --`,
  `"double" 'single' \`back\` \\backslash\\ $1 ? :name %s`,
  `1; UPDATE ${t.engagements} SET json = 'forged' --`,
  "emoji 🎉👨‍👩‍👧‍👦🇨🇳 and astral CJK 𠀀𪚥",
  "right-to-left: مرحبا بالعالم שלום עולם \u202Eevil\u202C end",
  `lone surrogates \uD800 and \uDC00, zero-width\u200B joiner`,
  // 100,000 characters that do not compress: a B-tree index entry could not hold them.
  Array.from({ length: 100_000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000))).join("")
]

/**
 * A dispatcher's day, told as a transcript: leases, a lease lost to expiry, a failure with a retry
 * time, a parked message and an operator's retry. Every backend must tell it as MemoryStorage does.
 */
const leaseScenario = Effect.gen(function* () {
  const repo = yield* EngagementRepo.EngagementRepo
  const outbox = yield* Outbox.Outbox
  const e = draft("lease-scenario")
  const [m1, m2, m3] = (["approval-needed", "escalated", "thanks"] as const).map((template) =>
    Outbox.message(e, e.updatedAt, template, { roles: [], personIds: ["li.na"] }, { template })
  ) as [Outbox.Message, Outbox.Message, Outbox.Message]
  yield* repo.commit({ engagement: e, expectedVersion: undefined, ledger: [], outbox: [m1, m2, m3] })
  const names = (list: ReadonlyArray<Outbox.Message>) => list.map((m) => m.template)
  const lost = (effect: Effect.Effect<void, Outbox.LeaseLost | StorageError.StorageError>) =>
    Effect.map(Effect.either(effect), (r) => (Either.isLeft(r) ? r.left._tag : "ok"))
  const transcript: Array<unknown> = []
  const say = (...line: ReadonlyArray<unknown>) => transcript.push(line)

  say("A claims two", names(yield* outbox.claim({ workerId: "A", limit: 2, leaseMs: 100, now: 1_000 })))
  say("B claims the rest", names(yield* outbox.claim({ workerId: "B", limit: 10, leaseMs: 100, now: 1_050 })))
  say("B finds none left", names(yield* outbox.claim({ workerId: "B", limit: 10, leaseMs: 100, now: 1_060 })))
  say("A delivers", yield* lost(outbox.delivered({ messageId: m1.id, workerId: "A", now: 1_060 })))
  say("B delivers A's", yield* lost(outbox.delivered({ messageId: m2.id, workerId: "B", now: 1_070 })))
  say(
    "B fails",
    yield* lost(outbox.failed({ messageId: m3.id, workerId: "B", error: "SMTP 421 'busy'", retryAt: 5_000 }))
  )
  say(
    "C claims after A's lease ran out",
    names(yield* outbox.claim({ workerId: "C", limit: 10, leaseMs: 100, now: 1_200 }))
  )
  say("A delivers too late", yield* lost(outbox.delivered({ messageId: m2.id, workerId: "A", now: 1_210 })))
  say("C parks", yield* lost(outbox.park({ messageId: m2.id, workerId: "C", reason: "no such mailbox" })))
  say("pending", names(yield* outbox.pending({ engagementId: e.id })))
  say(
    "parked",
    (yield* outbox.parked()).map((t) => [t.message.template, t.delivery])
  )
  say("delivered", (yield* outbox.get(m1.id))?.delivery)
  say("failed", (yield* outbox.get(m3.id))?.delivery)
  say("retry parked, retry delivered", yield* outbox.retry(m2.id), yield* outbox.retry(m1.id))
  say("after retry", (yield* outbox.get(m2.id))?.delivery)
  say("D claims at 5000", names(yield* outbox.claim({ workerId: "D", limit: 10, leaseMs: 10, now: 5_000 })))
  say("leased", (yield* outbox.get(m3.id))?.delivery)
  say(
    "unknown",
    yield* outbox.get("no-such-message"),
    yield* lost(outbox.park({ messageId: "no-such-message", workerId: "D", reason: "x" }))
  )
  return transcript
})

const memoryTranscript = Effect.runSync(leaseScenario.pipe(Effect.provide(MemoryStorage.layer)))

for (const backend of backends) {
  describe.skipIf(!backend.available)(backend.available ? `SqlStorage on ${backend.name}` : PG_SKIPPED, () => {
    const prefix = freshPrefix()
    const t = SqlStorage.tableNames({ tablePrefix: prefix })
    const storage = backend.make({ tablePrefix: prefix })
    const services = Engagements.layer(policies).pipe(
      Layer.provideMerge(storage),
      Layer.provideMerge(Directory.layerMemory(people))
    )

    layer(services, { timeout: "60 seconds" })("sharing one store", (it) => {
      it.effect(
        "of 64 concurrent approvals and cancellations of one engagement, exactly one wins and the ledger holds only it",
        () =>
          Effect.gen(function* () {
            yield* TestClock.setTime(ANNOUNCED)
            const service = yield* Engagements.Engagements
            const id = uniqueId("race-decide")
            yield* service.create(li, createVisit(id))
            const submitted = (yield* service.execute(li, id, { _tag: "Submit" })).engagement
            const before = yield* stateOf(id)
            const commands = Array.from({ length: 64 }, (_, i) =>
              i % 2 === 0
                ? ([zhou, { _tag: "Decide", outcome: "approved" }] as const)
                : ([li, { _tag: "Cancel", reason: `cancelled by clerk ${i} 取消` }] as const)
            )
            const results = yield* race(id, commands)

            const won = results.flatMap((r, i) => (Either.isRight(r) ? [i] : []))
            expect(won).toHaveLength(1)
            for (const r of results) {
              if (Either.isLeft(r)) {
                expect(r.left).toMatchObject({
                  _tag: "VersionConflict",
                  engagementId: id,
                  expected: submitted.version,
                  actual: submitted.version + 1
                })
              }
            }
            const winner = commands[won[0]!]![1]
            const after = yield* stateOf(id)
            expect(after.engagement?.version).toBe(submitted.version + 1)
            expect(after.engagement?.status).toBe(winner._tag === "Cancel" ? "cancelled" : "approved")
            // Nothing lost, nothing extra: the ledger is the accepted commands.
            const added = after.ledger.slice(before.ledger.length)
            expect(after.ledger.slice(0, before.ledger.length)).toEqual(before.ledger)
            expect(added.map((e) => e.command)).toEqual([winner._tag])
            expect(added[0]!.id).toBe(`${id}#${submitted.version + 1}`)
            const newMessages = after.outbox.slice(before.outbox.length)
            for (const m of newMessages) expect(m.id.startsWith(`${id}#${submitted.version + 1}/`)).toBe(true)
          })
      )

      it.effect("of 64 concurrent budget edits of one draft, exactly one wins and its budget is the one stored", () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ANNOUNCED)
          const service = yield* Engagements.Engagements
          const id = uniqueId("race-budget")
          const created = yield* service.create(li, createVisit(id))
          const commands = Array.from(
            { length: 64 },
            (_, i) => [li, { _tag: "EditBudget", budget: Money.yuan(i % 2 === 0 ? 800 : 1200) }] as const
          )
          const results = yield* race(id, commands)
          const won = results.flatMap((r, i) => (Either.isRight(r) ? [i] : []))
          expect(won).toHaveLength(1)
          expect(results.filter((r) => Either.isLeft(r) && r.left._tag === "VersionConflict")).toHaveLength(63)
          const after = yield* stateOf(id)
          expect(after.engagement?.version).toBe(created.version + 1)
          expect(after.engagement?.budget).toEqual(commands[won[0]!]![1].budget)
          expect(after.ledger.map((e) => e.command)).toEqual(["Create", "EditBudget"])
        })
      )

      it.effect("keeps a row per planned task, open until done or the engagement ends, for the due scan", () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(ANNOUNCED)
          const service = yield* Engagements.Engagements
          const sql = yield* SqlClient.SqlClient
          const repo = yield* EngagementRepo.EngagementRepo
          const id = uniqueId("planned")
          yield* service.create(li, createVisit(id))
          yield* service.execute(li, id, { _tag: "Submit" })
          for (const approver of [zhou, actor("chen.gang")]) {
            const e = yield* service.get(approver, id)
            if (e?.status === "submitted") yield* service.execute(approver, id, { _tag: "Decide", outcome: "approved" })
          }
          const planned = (yield* service.execute(actor("wang.fang"), id, { _tag: "Plan" })).engagement
          const openRows = () =>
            sql<{ task_id: string; open: number }>`SELECT task_id, open FROM ${sql(t.tasks)}
              WHERE engagement_id = ${id} ORDER BY task_id`
          const rows = yield* openRows()
          expect(rows.map((r) => r.task_id)).toEqual(planned.tasks.map((x) => x.id).sort())
          expect(rows.every((r) => Number(r.open) === 1)).toBe(true)

          const dues = planned.tasks.flatMap((x) => (x.due === undefined ? [] : [Date.parse(x.due)]))
          const first = Math.min(...dues)
          const mine = (list: ReadonlyArray<EngagementRepo.OpenTask>) =>
            list.filter((x) => x.engagementId === id).map((x) => x.taskId)
          const firstIds = planned.tasks
            .filter((x) => x.due !== undefined && Date.parse(x.due) === first)
            .map((x) => x.id)
          expect(mine(yield* repo.openTasksDue({ before: first }))).toEqual([])
          expect(mine(yield* repo.openTasksDue({ before: first + 1 }))).toEqual(firstIds.sort())

          const earliest = planned.tasks.find((x) => x.due !== undefined && Date.parse(x.due) === first)!
          yield* service.execute(actor("wang.fang"), id, { _tag: "CompleteTask", taskId: earliest.id })
          const done = (yield* openRows()).find((r) => r.task_id === earliest.id)
          expect(Number(done?.open)).toBe(0)

          yield* service.execute(li, id, { _tag: "Cancel", reason: "visit called off 来访取消" })
          expect((yield* openRows()).every((r) => Number(r.open) === 0)).toBe(true)
          expect(mine(yield* repo.openTasksDue({ before: Number.MAX_SAFE_INTEGER }))).toEqual([])
        })
      )

      it.effect(
        "round-trips hostile text exactly, in every stored value and every filtered column, and never runs it",
        () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const ledger = yield* LedgerRepo.LedgerRepo
            const outbox = yield* Outbox.Outbox
            for (const [i, text] of hostile(t).entries()) {
              const e = draft(uniqueId(`hostile-${i}`), {
                title: text,
                counterpart: text,
                ownerId: text,
                tier: text,
                anchors: { [text.slice(0, 200)]: "2026-03-11" }
              })
              const entry = entryOf(e, text)
              const message = messageOf(e, { text, [text.slice(0, 100)]: [text] })
              yield* repo.commit({ engagement: e, expectedVersion: undefined, ledger: [entry], outbox: [message] })

              expect(yield* repo.get(e.id)).toEqual(e)
              expect((yield* repo.list({ ownerId: text, tier: text })).filter((x) => x.id === e.id)).toEqual([e])
              const found = yield* ledger.query({ counterpart: text, ownerId: text, tier: text, engagementId: e.id })
              expect(found).toEqual([entry])
              expect(found[0]!.reason).toBe(text)
              expect(yield* outbox.pending({ engagementId: e.id })).toEqual([message])
            }
            // The tables are all still there, and no entry was changed by what it carried.
            const sql = yield* SqlClient.SqlClient
            yield* sql`SELECT COUNT(*) AS n FROM ${sql(t.engagements)}`
            const forged = yield* ledger.query({ kinds: ["transition"] })
            expect(forged.some((x) => x.reason === "forged")).toBe(false)
          })
      )

      it.effect("refuses a NUL character anywhere in a value, before the database, naming where it is", () =>
        Effect.gen(function* () {
          const repo = yield* EngagementRepo.EngagementRepo
          const ledger = yield* LedgerRepo.LedgerRepo
          const e = draft(uniqueId("nul"), { title: "before\u0000after" })
          const error = yield* Effect.flip(
            repo.commit({ engagement: e, expectedVersion: undefined, ledger: [], outbox: [] })
          )
          expect(error).toBeInstanceOf(StorageError.StorageError)
          expect(error).toMatchObject({ operation: "commit", reason: "cannotStore", path: "$.title" })
          expect(StorageError.isCannotStore(error)).toBe(true)
          expect(error.message).toContain("$.title contains a NUL character (U+0000)")
          expect(yield* repo.get(e.id)).toBeUndefined()

          // In the ledger entry of an otherwise fine change: nothing of the change is written.
          const fine = draft(uniqueId("nul-entry"))
          const bad = { ...entryOf(fine, "created"), actor: { personId: "li.na", name: "Li\u0000Na" } }
          const inEntry = yield* Effect.flip(
            repo.commit({ engagement: fine, expectedVersion: undefined, ledger: [bad], outbox: [] })
          )
          expect(inEntry.message).toContain("$.actor.name contains a NUL character")
          expect(inEntry).toMatchObject({ reason: "cannotStore", path: "$.actor.name" })
          expect(yield* repo.get(fine.id)).toBeUndefined()

          const appended = yield* Effect.flip(ledger.append([{ ...bad, id: `${fine.id}-contact` }]))
          expect(appended).toMatchObject({ _tag: "StorageError", operation: "append", reason: "cannotStore" })
          // A NUL in a query matches nothing stored, on every backend alike.
          expect(yield* ledger.query({ counterpart: "a\u0000b" })).toEqual([])
          expect(yield* repo.get("a\u0000b")).toBeUndefined()
        })
      )

      it.effect("refuses a roster contact the database cannot store with a StorageError, not a defect", () =>
        Effect.gen(function* () {
          const roster = yield* Roster.RosterRepo
          const contact: Roster.Contact = {
            id: uniqueId("contact") as Roster.ContactId,
            name: "王\u0000建国",
            organisation: "某市市场监督管理局",
            title: "科长",
            address: "某市人民路1号",
            category: "industryAndCommerce",
            ownerDepartment: "综合管理部",
            confidential: false
          }
          const nul = yield* Effect.flip(roster.add(contact, { by: "clerk-li" }))
          expect(nul).toMatchObject({ _tag: "StorageError", operation: "add", reason: "cannotStore" })
          expect(nul.message).toContain("NUL")
          const long = yield* Effect.flip(
            roster.add({ ...contact, name: "王建国", id: "名".repeat(400) as Roster.ContactId }, { by: "clerk-li" })
          )
          expect(long).toMatchObject({ _tag: "StorageError", operation: "add", reason: "cannotStore" })
          expect(yield* Effect.flip(roster.get(contact.id))).toMatchObject({ _tag: "ContactNotFound" })
        })
      )

      it.effect("refuses an id longer than the key limit, before the database", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const e = draft(uniqueId("long-id"))
          const error = yield* Effect.flip(ledger.append([{ ...entryOf(e, "x"), id: "账".repeat(400) }]))
          expect(error).toMatchObject({
            _tag: "StorageError",
            operation: "append",
            reason: "cannotStore",
            path: "$.id"
          })
          expect(error.message).toContain("1200 bytes long")
        })
      )

      it.effect(
        "refuses what an INTEGER column or a task's key cannot hold, before the database, writing nothing",
        () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            // PostgreSQL's INTEGER is 32-bit: a version beyond it is refused alike on every backend.
            const huge = draft(uniqueId("huge-version"), { version: 2_147_483_648 })
            const tooBig = yield* Effect.flip(
              repo.commit({ engagement: huge, expectedVersion: undefined, ledger: [entryOf(huge, "x")], outbox: [] })
            )
            expect(tooBig).toMatchObject({ _tag: "StorageError", reason: "cannotStore", path: "$.version" })
            expect(tooBig.message).toContain("2147483648")
            expect(yield* stateOf(huge.id)).toEqual({ engagement: undefined, ledger: [], outbox: [] })
            const atLimit = draft(uniqueId("max-version"), { version: 2_147_483_647 })
            yield* repo.commit({ engagement: atLimit, expectedVersion: undefined, ledger: [], outbox: [] })
            expect((yield* repo.get(atLimit.id))?.version).toBe(2_147_483_647)

            // Two tasks with one id: the second row would break the tasks table's key half-way.
            const task = { id: "t-1", stepId: "definition", ownerRole: "requester", due: "2026-03-03T18:00:00+08:00" }
            const twice = draft(uniqueId("task-twice"), { status: "planned", tasks: [task, { ...task }] })
            const dup = yield* Effect.flip(
              repo.commit({ engagement: twice, expectedVersion: undefined, ledger: [entryOf(twice, "x")], outbox: [] })
            )
            expect(dup).toMatchObject({ _tag: "StorageError", reason: "cannotStore", path: "$.tasks[1].id" })
            expect(yield* stateOf(twice.id)).toEqual({ engagement: undefined, ledger: [], outbox: [] })
          })
      )

      it.effect("writes nothing of a commit whose last insert fails: engagement, ledger and outbox together", () =>
        Effect.gen(function* () {
          const repo = yield* EngagementRepo.EngagementRepo
          const first = draft(uniqueId("atomic-a"))
          yield* repo.commit({
            engagement: first,
            expectedVersion: undefined,
            ledger: [entryOf(first, "created")],
            outbox: [messageOf(first)]
          })
          // A second engagement whose message reuses the first one's message id: the outbox insert,
          // the last of the transaction, fails; the engagement and ledger rows before it go too.
          const second = draft(uniqueId("atomic-b"))
          const error = yield* Effect.flip(
            repo.commit({
              engagement: second,
              expectedVersion: undefined,
              ledger: [entryOf(second, "created")],
              outbox: [{ ...messageOf(second), id: messageOf(first).id }]
            })
          )
          expect(error).toMatchObject({ _tag: "StorageError", operation: "commit" })
          expect(error.message).toContain("outbox message")
          expect(yield* stateOf(second.id)).toEqual({ engagement: undefined, ledger: [], outbox: [] })
        })
      )

      it.effect("joins the host's transaction: the host's rollback takes liaison's commit with it", () =>
        Effect.gen(function* () {
          const repo = yield* EngagementRepo.EngagementRepo
          const sql = yield* SqlClient.SqlClient
          const kept = draft(uniqueId("host-commit"))
          const dropped = draft(uniqueId("host-rollback"))
          yield* sql.withTransaction(
            repo.commit({ engagement: kept, expectedVersion: undefined, ledger: [entryOf(kept, "x")], outbox: [] })
          )
          const failed = yield* Effect.either(
            sql.withTransaction(
              Effect.zipRight(
                repo.commit({
                  engagement: dropped,
                  expectedVersion: undefined,
                  ledger: [entryOf(dropped, "x")],
                  outbox: [messageOf(dropped)]
                }),
                Effect.fail("the host's own write failed")
              )
            )
          )
          expect(failed).toEqual(Either.left("the host's own write failed"))
          expect(yield* repo.get(kept.id)).toEqual(kept)
          expect(yield* stateOf(dropped.id)).toEqual({ engagement: undefined, ledger: [], outbox: [] })
        })
      )

      it.effect(
        "inside the host's transaction, a commit that fails leaves nothing of itself and the host's transaction goes on",
        () =>
          Effect.gen(function* () {
            const repo = yield* EngagementRepo.EngagementRepo
            const sql = yield* SqlClient.SqlClient
            const [a, b, c] = ["a", "b", "c"].map((x) => draft(uniqueId(`host-savepoint-${x}`)))
            const change = (e: Engagement.Engagement, outbox: ReadonlyArray<Outbox.Message>) => ({
              engagement: e,
              expectedVersion: undefined,
              ledger: [entryOf(e, "x")],
              outbox
            })
            const failed = yield* sql.withTransaction(
              Effect.gen(function* () {
                yield* repo.commit(change(a!, [messageOf(a!)]))
                // b's engagement and entry are written before its message is found taken: undone.
                const error = yield* Effect.flip(repo.commit(change(b!, [{ ...messageOf(b!), id: messageOf(a!).id }])))
                yield* repo.commit(change(c!, [messageOf(c!)]))
                return error
              })
            )
            expect(failed).toMatchObject({ _tag: "StorageError", operation: "commit" })
            expect((yield* stateOf(a!.id)).engagement).toEqual(a)
            expect(yield* stateOf(b!.id)).toEqual({ engagement: undefined, ledger: [], outbox: [] })
            expect((yield* stateOf(c!.id)).engagement).toEqual(c)
            // Hundreds of commits in one host transaction, each releasing its savepoint.
            const many = Array.from({ length: 300 }, (_, i) => draft(uniqueId(`host-many-${i}`)))
            yield* sql.withTransaction(Effect.forEach(many, (e) => repo.commit(change(e, [])), { discard: true }))
            expect((yield* repo.get(many[299]!.id))?.id).toBe(many[299]!.id)
          })
      )

      it.effect("keeps the ledger append-only: the database refuses UPDATE and DELETE of an entry", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const sql = yield* SqlClient.SqlClient
          const e = draft(uniqueId("append-only"))
          const entry = entryOf(e, "as recorded 原始记录")
          yield* ledger.append([entry])

          // The database's own refusal, whatever the driver wraps it in.
          const refusal = (statement: Effect.Effect<unknown, SqlError>) =>
            Effect.map(Effect.flip(statement), (error) =>
              error.cause instanceof Error ? error.cause.message : String(error.cause)
            )
          expect(yield* refusal(sql`UPDATE ${sql(t.ledger)} SET json = ${"{}"} WHERE id = ${entry.id}`)).toContain(
            "append-only"
          )
          expect(yield* refusal(sql`UPDATE ${sql(t.ledger)} SET counterpart = 'forged'`)).toContain("append-only")
          expect(yield* refusal(sql`DELETE FROM ${sql(t.ledger)} WHERE id = ${entry.id}`)).toContain("append-only")
          if (backend.name === "PostgreSQL") {
            expect(yield* refusal(sql`TRUNCATE ${sql(t.ledger)}`)).toContain("append-only")
          }
          expect(yield* ledger.query({ engagementId: e.id })).toEqual([entry])
        })
      )

      it.effect("reports a row that no longer decodes as a StorageError naming it, not a crash", () =>
        Effect.gen(function* () {
          const repo = yield* EngagementRepo.EngagementRepo
          const sql = yield* SqlClient.SqlClient
          const e = draft(uniqueId("corrupt"))
          yield* repo.commit({ engagement: e, expectedVersion: undefined, ledger: [], outbox: [] })
          yield* sql`UPDATE ${sql(t.engagements)} SET json = ${'{"id": "not what it was"'} WHERE id = ${e.id}`
          const malformed = yield* Effect.flip(repo.get(e.id))
          expect(malformed).toMatchObject({ _tag: "StorageError", operation: "get", reason: "undecodable" })
          expect(malformed.message).toContain(`row ${e.id} of ${t.engagements} does not decode`)
          yield* sql`UPDATE ${sql(t.engagements)} SET json = ${'{"id": 42}'} WHERE id = ${e.id}`
          const invalid = yield* Effect.flip(repo.get(e.id))
          expect(invalid.message).toContain("does not decode")
        })
      )
    })

    it.effect("migrates once: building the storage again on the same database finds its tables and data", () =>
      Effect.gen(function* () {
        const prefix = freshPrefix()
        const e = draft(uniqueId("durable"))
        const program = Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const first = yield* SqlStorage.migrate({ tablePrefix: prefix })
          const again = yield* SqlStorage.migrate({ tablePrefix: prefix })
          expect(first).toEqual([])
          expect(again).toEqual([])
          const repo = yield* EngagementRepo.EngagementRepo
          yield* repo.commit({ engagement: e, expectedVersion: undefined, ledger: [entryOf(e, "x")], outbox: [] })
          // A second layer over the same database: migrations find nothing to do, the data is there.
          const read = yield* Effect.flatMap(EngagementRepo.EngagementRepo, (r) => r.get(e.id)).pipe(
            Effect.provide(SqlStorage.layer({ tablePrefix: prefix })),
            Effect.provideService(SqlClient.SqlClient, sql)
          )
          expect(read).toEqual(e)
          const applied = yield* sql<{ migration_id: number; name: string }>`SELECT migration_id, name
            FROM ${sql(SqlStorage.tableNames({ tablePrefix: prefix }).migrations)} ORDER BY migration_id`
          expect(applied.map((m) => [Number(m.migration_id), m.name])).toEqual([
            [1, "engagements_ledger_outbox"],
            [2, "roster"],
            [3, "tasks"],
            [4, "open_tasks_scan"]
          ])
        })
        yield* Effect.provide(program, backend.make({ tablePrefix: prefix }))
      })
    )

    it.effect(
      "gives the engagements stored before the tasks migrations their task rows, with versions, when they run",
      () =>
        Effect.gen(function* () {
          const prefix = freshPrefix()
          const t = SqlStorage.tableNames({ tablePrefix: prefix })
          const task = (id: string, due: string, done = false): Engagement.TaskRecord => ({
            id,
            stepId: id.split("/")[1]!,
            ownerRole: "admin-department",
            due,
            dueDate: due.slice(0, 10),
            ...(done ? { done: { by: "wang.fang", at: AT } } : {})
          })
          const e = draft(uniqueId("before-tasks"), {
            status: "planned",
            version: 3,
            tasks: [task("x/a", "2026-03-05T18:00:00.000+08:00"), task("x/b", "2026-03-06T18:00:00.000+08:00", true)]
          })
          const program = Effect.gen(function* () {
            const sql = yield* SqlClient.SqlClient
            const repo = yield* EngagementRepo.EngagementRepo
            yield* repo.commit({ engagement: e, expectedVersion: undefined, ledger: [], outbox: [] })
            // As a database migrated before 0003 had it: no tasks table, two migrations applied.
            yield* sql`DROP TABLE ${sql(t.tasks)}`
            yield* sql`DELETE FROM ${sql(t.migrations)} WHERE migration_id >= 3`
            expect(yield* SqlStorage.migrate({ tablePrefix: prefix })).toEqual([
              [3, "tasks"],
              [4, "open_tasks_scan"]
            ])
            const rows = yield* sql<{
              task_id: string
              open: number
              due_ms: number | string
              version: number | string
            }>`SELECT task_id, open, due_ms, version
            FROM ${sql(t.tasks)} WHERE engagement_id = ${e.id} ORDER BY task_id`
            expect(rows.map((r) => [r.task_id, Number(r.open), Number(r.due_ms), Number(r.version)])).toEqual([
              ["x/a", 1, Date.parse("2026-03-05T18:00:00+08:00"), 3],
              ["x/b", 0, Date.parse("2026-03-06T18:00:00+08:00"), 3]
            ])
            expect(
              (yield* repo.openTasksDue({ before: Date.parse("2026-04-01T00:00:00Z") })).filter(
                (x) => x.engagementId === e.id
              )
            ).toEqual([
              {
                engagementId: e.id,
                engagementVersion: 3,
                taskId: "x/a",
                dueMillis: Date.parse("2026-03-05T18:00:00+08:00")
              }
            ])
          })
          yield* Effect.provide(program, backend.make({ tablePrefix: prefix }))
        })
    )

    it.effect("keeps two table prefixes in one database apart", () =>
      Effect.gen(function* () {
        const a = freshPrefix()
        const b = freshPrefix()
        const e = draft(uniqueId("prefix"))
        const program = Effect.gen(function* () {
          const other = yield* SqlStorage.make({ tablePrefix: b }).pipe(
            Effect.zipLeft(SqlStorage.migrate({ tablePrefix: b }))
          )
          const repoA = yield* EngagementRepo.EngagementRepo
          const repoB = yield* Effect.provide(EngagementRepo.EngagementRepo, other)
          const ledgerB = yield* Effect.provide(LedgerRepo.LedgerRepo, other)
          yield* repoA.commit({ engagement: e, expectedVersion: undefined, ledger: [entryOf(e, "in a")], outbox: [] })
          expect(yield* repoB.get(e.id)).toBeUndefined()
          expect(yield* ledgerB.query({ engagementId: e.id })).toEqual([])
          // The same id again under the other prefix is an insertion, not a conflict.
          const inB = { ...e, title: "Under b" }
          yield* repoB.commit({
            engagement: inB,
            expectedVersion: undefined,
            ledger: [entryOf(inB, "in b")],
            outbox: []
          })
          expect((yield* repoA.get(e.id))?.title).toBe(e.title)
          expect((yield* repoB.get(e.id))?.title).toBe("Under b")
        })
        yield* Effect.provide(program, backend.make({ tablePrefix: a }))
      })
    )

    it.effect("refuses a table prefix that is not a plain lower-case name", () =>
      Effect.gen(function* () {
        for (const tablePrefix of ["Liaison", "x; DROP TABLE y", "a".repeat(25), "1abc"]) {
          const exit = yield* Effect.exit(
            Effect.provide(EngagementRepo.EngagementRepo, SqlStorage.layer({ tablePrefix })).pipe(
              Effect.provide(backend.make())
            )
          )
          expect(exit).toMatchObject({ _tag: "Failure" })
          expect(String(Exit.isFailure(exit) && exit.cause)).toContain("tablePrefix")
        }
      })
    )

    it.effect("reports a driver failure as a StorageError naming the operation", () =>
      Effect.gen(function* () {
        const prefix = freshPrefix()
        const program = Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const repo = yield* EngagementRepo.EngagementRepo
          const outbox = yield* Outbox.Outbox
          const t = SqlStorage.tableNames({ tablePrefix: prefix })
          yield* sql`DROP TABLE ${sql(t.engagements)}`
          yield* sql`DROP TABLE ${sql(t.outbox)}`
          const got = yield* Effect.flip(repo.get("x"))
          expect(got).toMatchObject({ _tag: "StorageError", operation: "get" })
          const e = draft(uniqueId("gone"))
          const committed = yield* Effect.flip(
            repo.commit({ engagement: e, expectedVersion: undefined, ledger: [], outbox: [] })
          )
          expect(committed).toMatchObject({ _tag: "StorageError", operation: "commit" })
          expect(yield* Effect.flip(outbox.pending())).toMatchObject({ _tag: "StorageError", operation: "pending" })
        })
        yield* Effect.provide(program, backend.make({ tablePrefix: prefix }))
      })
    )

    it.effect("leases, settles, parks and retries outbox messages as MemoryStorage does", () =>
      Effect.gen(function* () {
        const transcript = yield* Effect.provide(leaseScenario, backend.make())
        expect(transcript).toEqual(memoryTranscript)
        expect(transcript.slice(0, 3)).toEqual([
          ["A claims two", ["approval-needed", "escalated"]],
          ["B claims the rest", ["thanks"]],
          ["B finds none left", []]
        ])
      })
    )

    it.effect("never leases one message to two workers claiming at once", () =>
      Effect.gen(function* () {
        const program = Effect.gen(function* () {
          const repo = yield* EngagementRepo.EngagementRepo
          const outbox = yield* Outbox.Outbox
          const e = draft(uniqueId("claims"))
          const messages = Array.from({ length: 50 }, (_, i) => ({ ...messageOf(e), id: `${e.id}/m${i}` }))
          yield* repo.commit({ engagement: e, expectedVersion: undefined, ledger: [], outbox: messages })
          const claims = yield* Effect.all(
            Array.from({ length: 8 }, (_, w) =>
              outbox.claim({ workerId: `w${w}`, limit: 10, leaseMs: 60_000, now: 1 })
            ),
            { concurrency: "unbounded" }
          )
          const claimed = claims.flat().map((m) => m.id)
          expect(new Set(claimed).size).toBe(claimed.length)
          const rest = yield* outbox.claim({ workerId: "last", limit: 100, leaseMs: 60_000, now: 2 })
          expect([...claimed, ...rest.map((m) => m.id)].sort()).toEqual(messages.map((m) => m.id).sort())
        })
        yield* Effect.provide(program, backend.make())
      })
    )
  })
}
