/**
 * The contract every `Outbox` backend keeps — messages enqueued once by id; for dispatchers,
 * leases, delivery (one by one and a batch at once), failure with a retry time, parking and an
 * operator's retry — written once and run against each of them: memory here, SQLite and
 * PostgreSQL in the storage adapters.
 *
 * `claim` is global (it leases whatever is due, whoever wrote it), so the suite needs an outbox of
 * its own: a backend built for it (a fresh database, or a table prefix of its own), not one shared
 * with suites running in parallel. Its tests run one after another on one layer: each starts by
 * delivering whatever earlier tests left due (`settle`), writes messages with ids of its own, and
 * passes its own `now` to every call, later than any earlier test's.
 */
import { randomUUID } from "node:crypto"
import { describe, expect, layer } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import { EngagementRepo, Outbox } from "../../src/index.js"
import { AT, draft } from "./storageFixtures.js"

type Backend = Layer.Layer<EngagementRepo.EngagementRepo | Outbox.Outbox, unknown>

const HOUR = 3_600_000
/** Each test's clock starts a day after the previous one's. */
let day = 0
const today = Effect.sync(() => Date.parse("2026-03-01T00:00:00Z") + ++day * 24 * HOUR)

const fresh = Effect.sync(() => `o${randomUUID().replaceAll("-", "").slice(0, 12)}`)
const message = (engagementId: string, n: number, minutes = n): Outbox.Message => ({
  id: `${engagementId}#0/task-assigned/${engagementId}/t${n}`,
  template: "task-assigned",
  engagementId,
  recipients: { roles: ["admin-department"], personIds: ["wang.fang"] },
  payload: { taskId: `${engagementId}/t${n}`, step: `t${n}`, n, 说明: "中文 ✓" },
  confidential: false,
  createdAt: DateTime.add(AT, { minutes })
})

/** Writes `count` messages about a new engagement, through the commit that produces them. */
const write = (count: number) =>
  Effect.gen(function* () {
    const id = yield* fresh
    const messages = Array.from({ length: count }, (_, i) => message(id, i + 1))
    yield* (yield* EngagementRepo.EngagementRepo).commit({
      engagement: draft(id),
      expectedVersion: undefined,
      ledger: [],
      outbox: messages
    })
    return messages
  })

/** Delivers whatever is due at `now` (what earlier tests left behind), so a test starts clean. */
const settle = (now: number) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox.Outbox
    for (let round = 0; round < 100; round++) {
      const claimed = yield* outbox.claim({ workerId: "settle", limit: 500, leaseMs: 1000, now })
      if (claimed.length === 0) return
      expect(yield* outbox.deliveredAll({ messageIds: ids(claimed), workerId: "settle", now })).toEqual([])
    }
  })

const ids = (list: ReadonlyArray<Outbox.Message>) => list.map((m) => m.id)
const mine = (list: ReadonlyArray<Outbox.Message>, own: ReadonlyArray<Outbox.Message>) => {
  const wanted = new Set(ids(own))
  return ids(list).filter((id) => wanted.has(id))
}

/**
 * Runs the contract against a backend of its own.
 *
 * @param name what the backend is ("memory", "SQLite", "PostgreSQL")
 * @param backend a layer serving `EngagementRepo` and `Outbox` over one store, used by this suite alone
 */
export const outboxContract = (name: string, backend: Backend) =>
  describe(`Outbox contract: ${name}`, () => {
    layer(backend)((it) => {
      describe("claim", () => {
        it.effect("leases due messages oldest first, no more than the limit, to the worker that asked", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const written = yield* write(5)
            const first = yield* outbox.claim({ workerId: "w1", limit: 3, leaseMs: 60_000, now })
            expect(ids(first)).toEqual(ids(written.slice(0, 3)))
            expect(first[0]).toEqual(written[0])
            const t = yield* outbox.get(written[0]!.id)
            expect(t?.delivery.status).toBe("leased")
            expect(t?.delivery.lease).toEqual({ workerId: "w1", until: now + 60_000 })
            const rest = yield* outbox.claim({ workerId: "w2", limit: 10, leaseMs: 60_000, now })
            expect(ids(rest)).toEqual(ids(written.slice(3)))
          })
        )

        it.effect("never gives a leased message to a second worker while the lease lasts", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const written = yield* write(2)
            expect(ids(yield* outbox.claim({ workerId: "w1", limit: 10, leaseMs: 60_000, now }))).toEqual(ids(written))
            expect(yield* outbox.claim({ workerId: "w2", limit: 10, leaseMs: 60_000, now: now + 59_999 })).toEqual([])
            expect(yield* outbox.claim({ workerId: "w1", limit: 10, leaseMs: 60_000, now: now + 1 })).toEqual([])
          })
        )

        it.effect("gives each message to exactly one of many workers claiming at once", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const written = yield* write(40)
            const claims = yield* Effect.all(
              Array.from({ length: 8 }, (_, w) => outbox.claim({ workerId: `w${w}`, limit: 7, leaseMs: 60_000, now })),
              { concurrency: "unbounded" }
            )
            const all = claims.flatMap(ids)
            expect(new Set(all).size).toBe(all.length)
            expect([...all].sort()).toEqual(ids(written).sort())
            for (const [w, claimed] of claims.entries()) {
              expect(claimed.length).toBeLessThanOrEqual(7)
              for (const m of claimed) expect((yield* outbox.get(m.id))?.delivery.lease?.workerId).toBe(`w${w}`)
            }
          })
        )

        it.effect("makes a message claimable again when its lease expires; the first worker has lost it", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const [m] = yield* write(1)
            yield* outbox.claim({ workerId: "crashed", limit: 1, leaseMs: 30_000, now })
            const again = yield* outbox.claim({ workerId: "w2", limit: 10, leaseMs: 30_000, now: now + 30_000 })
            expect(ids(again)).toEqual([m!.id])
            expect((yield* outbox.get(m!.id))?.delivery.lease).toEqual({ workerId: "w2", until: now + 60_000 })
            const late = yield* Effect.either(
              outbox.delivered({ messageId: m!.id, workerId: "crashed", now: now + 30_001 })
            )
            expect(late).toEqual(Either.left(new Outbox.LeaseLost({ messageId: m!.id, workerId: "crashed" })))
            yield* outbox.delivered({ messageId: m!.id, workerId: "w2", now: now + 30_002 })
            expect((yield* outbox.get(m!.id))?.delivery.status).toBe("delivered")
          })
        )
      })

      describe("outcomes", () => {
        it.effect("records a delivery: never claimed nor pending again, and a second record is refused", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const [m] = yield* write(1)
            yield* outbox.claim({ workerId: "w1", limit: 1, leaseMs: 60_000, now })
            expect(mine(yield* outbox.pending({ engagementId: m!.engagementId }), [m!])).toEqual([m!.id])
            yield* outbox.delivered({ messageId: m!.id, workerId: "w1", now: now + 5 })
            const t = yield* outbox.get(m!.id)
            expect(t?.message).toEqual(m)
            expect(t?.delivery).toMatchObject({ status: "delivered", attempts: 0, deliveredAt: now + 5 })
            expect(t?.delivery.lease).toBeUndefined()
            expect(yield* outbox.pending({ engagementId: m!.engagementId })).toEqual([])
            expect(yield* outbox.claim({ workerId: "w2", limit: 10, leaseMs: 1000, now: now + HOUR })).toEqual([])
            const again = yield* Effect.either(outbox.delivered({ messageId: m!.id, workerId: "w1", now: now + 6 }))
            expect(Either.isLeft(again) && again.left._tag).toBe("LeaseLost")
          })
        )

        it.effect("records a failure: attempts counted, the error kept, not due again before the retry time", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const [m] = yield* write(1)
            yield* outbox.claim({ workerId: "w1", limit: 1, leaseMs: 60_000, now })
            yield* outbox.failed({ messageId: m!.id, workerId: "w1", error: "SMTP 451 稍后再试", retryAt: now + 2000 })
            const t = yield* outbox.get(m!.id)
            expect(t?.delivery).toMatchObject({
              status: "pending",
              attempts: 1,
              notBefore: now + 2000,
              lastError: "SMTP 451 稍后再试"
            })
            expect(t?.delivery.lease).toBeUndefined()
            expect(mine(yield* outbox.pending({ engagementId: m!.engagementId }), [m!])).toEqual([m!.id])
            expect(yield* outbox.claim({ workerId: "w2", limit: 10, leaseMs: 60_000, now: now + 1999 })).toEqual([])
            expect(ids(yield* outbox.claim({ workerId: "w2", limit: 10, leaseMs: 60_000, now: now + 2000 }))).toEqual([
              m!.id
            ])
            yield* outbox.failed({ messageId: m!.id, workerId: "w2", error: "timeout", retryAt: now + 9000 })
            expect((yield* outbox.get(m!.id))?.delivery).toMatchObject({
              attempts: 2,
              notBefore: now + 9000,
              lastError: "timeout"
            })
          })
        )

        it.effect("parks a message with its reason; an operator's retry makes it pending afresh", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const [m] = yield* write(1)
            yield* outbox.claim({ workerId: "w1", limit: 1, leaseMs: 60_000, now })
            yield* outbox.failed({ messageId: m!.id, workerId: "w1", error: "503", retryAt: now + 10 })
            yield* outbox.claim({ workerId: "w1", limit: 1, leaseMs: 60_000, now: now + 10 })
            yield* outbox.park({ messageId: m!.id, workerId: "w1", reason: "gave up after 2 attempts: 503" })
            const parked = yield* outbox.get(m!.id)
            expect(parked?.delivery).toMatchObject({
              status: "parked",
              attempts: 1,
              lastError: "gave up after 2 attempts: 503"
            })
            expect((yield* outbox.parked()).map((t) => t.message.id)).toContain(m!.id)
            expect(yield* outbox.pending({ engagementId: m!.engagementId })).toEqual([])
            expect(yield* outbox.claim({ workerId: "w2", limit: 10, leaseMs: 1000, now: now + HOUR })).toEqual([])

            expect(yield* outbox.retry(m!.id)).toBe(true)
            const retried = yield* outbox.get(m!.id)
            expect(retried?.delivery).toMatchObject({ status: "pending", attempts: 0 })
            expect((yield* outbox.parked()).map((t) => t.message.id)).not.toContain(m!.id)
            expect(ids(yield* outbox.claim({ workerId: "w2", limit: 10, leaseMs: 1000, now: now + HOUR }))).toEqual([
              m!.id
            ])
            expect(yield* outbox.retry(m!.id)).toBe(false)
            expect(yield* outbox.retry(`${m!.id}-none`)).toBe(false)
          })
        )

        it.effect("refuses every outcome from a worker that does not hold the lease", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const [m, unclaimed] = yield* write(2)
            yield* outbox.claim({ workerId: "w1", limit: 1, leaseMs: 60_000, now })
            const lost = (messageId: string, workerId: string) => new Outbox.LeaseLost({ messageId, workerId })
            expect(yield* Effect.either(outbox.delivered({ messageId: m!.id, workerId: "w2", now }))).toEqual(
              Either.left(lost(m!.id, "w2"))
            )
            expect(
              yield* Effect.either(outbox.failed({ messageId: m!.id, workerId: "w2", error: "x", retryAt: now }))
            ).toEqual(Either.left(lost(m!.id, "w2")))
            expect(yield* Effect.either(outbox.park({ messageId: m!.id, workerId: "w2", reason: "x" }))).toEqual(
              Either.left(lost(m!.id, "w2"))
            )
            expect(yield* Effect.either(outbox.delivered({ messageId: unclaimed!.id, workerId: "w1", now }))).toEqual(
              Either.left(lost(unclaimed!.id, "w1"))
            )
            expect(yield* Effect.either(outbox.delivered({ messageId: `${m!.id}-none`, workerId: "w1", now }))).toEqual(
              Either.left(lost(`${m!.id}-none`, "w1"))
            )
            expect((yield* outbox.get(m!.id))?.delivery).toMatchObject({ status: "leased", attempts: 0 })
          })
        )
      })

      describe("delivering a batch", () => {
        it.effect("records every message the worker leases in one call, at its time, and never claims them again", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const written = yield* write(4)
            const claimed = yield* outbox.claim({ workerId: "w1", limit: 10, leaseMs: 60_000, now })
            expect(ids(claimed)).toEqual(ids(written))
            expect(yield* outbox.deliveredAll({ messageIds: ids(claimed), workerId: "w1", now: now + 7 })).toEqual([])
            for (const m of written) {
              const t = yield* outbox.get(m.id)
              expect(t?.message).toEqual(m)
              expect(t?.delivery).toMatchObject({ status: "delivered", attempts: 0, deliveredAt: now + 7 })
              expect(t?.delivery.lease).toBeUndefined()
            }
            expect(yield* outbox.pending({ engagementId: written[0]!.engagementId })).toEqual([])
            expect(yield* outbox.claim({ workerId: "w2", limit: 10, leaseMs: 1000, now: now + HOUR })).toEqual([])
          })
        )

        it.effect(
          "returns, in the order given and once each, the ids it did not record, and leaves them as they were",
          () =>
            Effect.gen(function* () {
              const now = yield* today
              yield* settle(now)
              const outbox = yield* Outbox.Outbox
              const [mine1, theirs, mine2, unclaimed, done] = yield* write(5)
              yield* outbox.claim({ workerId: "w1", limit: 1, leaseMs: 60_000, now })
              yield* outbox.claim({ workerId: "w2", limit: 1, leaseMs: 60_000, now })
              yield* outbox.claim({ workerId: "w1", limit: 1, leaseMs: 60_000, now })
              expect((yield* outbox.get(theirs!.id))?.delivery.lease?.workerId).toBe("w2")
              expect((yield* outbox.get(mine2!.id))?.delivery.lease?.workerId).toBe("w1")
              // The fifth is delivered by another worker first; the fourth stays pending.
              const [last] = yield* outbox
                .claim({ workerId: "w3", limit: 2, leaseMs: 60_000, now })
                .pipe(Effect.map((claimed) => claimed.filter((m) => m.id === done!.id)))
              yield* outbox.delivered({ messageId: last!.id, workerId: "w3", now })
              yield* outbox.failed({ messageId: unclaimed!.id, workerId: "w3", error: "x", retryAt: now + HOUR })
              const missing = `${mine1!.id}-none`
              const lost = yield* outbox.deliveredAll({
                messageIds: [theirs!.id, mine1!.id, missing, unclaimed!.id, mine2!.id, done!.id, theirs!.id],
                workerId: "w1",
                now: now + 9
              })
              expect(lost).toEqual([theirs!.id, missing, unclaimed!.id, done!.id])
              expect((yield* outbox.get(mine1!.id))?.delivery).toMatchObject({
                status: "delivered",
                deliveredAt: now + 9
              })
              expect((yield* outbox.get(mine2!.id))?.delivery).toMatchObject({
                status: "delivered",
                deliveredAt: now + 9
              })
              expect((yield* outbox.get(theirs!.id))?.delivery).toMatchObject({
                status: "leased",
                lease: { workerId: "w2", until: now + 60_000 }
              })
              expect((yield* outbox.get(unclaimed!.id))?.delivery).toMatchObject({ status: "pending", attempts: 1 })
              expect((yield* outbox.get(done!.id))?.delivery).toMatchObject({ status: "delivered", deliveredAt: now })
              expect(yield* outbox.get(missing)).toBeUndefined()
              // The other worker still records its own.
              expect(yield* outbox.deliveredAll({ messageIds: [theirs!.id], workerId: "w2", now: now + 10 })).toEqual(
                []
              )
              expect(yield* outbox.deliveredAll({ messageIds: [], workerId: "w1", now })).toEqual([])
            })
        )

        it.effect("refuses a message whose lease expired and went to another worker", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const [m] = yield* write(1)
            yield* outbox.claim({ workerId: "slow", limit: 1, leaseMs: 1000, now })
            yield* outbox.claim({ workerId: "w2", limit: 1, leaseMs: 60_000, now: now + 1000 })
            expect(yield* outbox.deliveredAll({ messageIds: [m!.id], workerId: "slow", now: now + 1001 })).toEqual([
              m!.id
            ])
            expect((yield* outbox.get(m!.id))?.delivery).toMatchObject({ status: "leased", lease: { workerId: "w2" } })
          })
        )

        it.effect("records a batch larger than one statement's parameters allow", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const written = yield* write(1_200)
            const claimed = yield* outbox.claim({ workerId: "w1", limit: 2_000, leaseMs: 60_000, now })
            expect(claimed).toHaveLength(1_200)
            expect(yield* outbox.deliveredAll({ messageIds: ids(claimed), workerId: "w1", now })).toEqual([])
            expect(yield* outbox.pending({ engagementId: written[0]!.engagementId })).toEqual([])
          })
        )
      })

      describe("enqueue", () => {
        it.effect("writes each id once and says which ids it wrote, in the order given", () =>
          Effect.gen(function* () {
            const outbox = yield* Outbox.Outbox
            const id = yield* fresh
            const [a, b, c] = [message(id, 1), message(id, 2), message(id, 3)]
            expect(yield* outbox.enqueue([])).toEqual([])
            expect(yield* outbox.enqueue([b!, a!])).toEqual([b!.id, a!.id])
            expect(yield* outbox.enqueue([b!, c!, c!])).toEqual([c!.id])
            expect(yield* outbox.enqueue([a!, b!, c!])).toEqual([])
            expect(ids(yield* outbox.pending({ engagementId: id }))).toEqual([b!.id, a!.id, c!.id])
            expect((yield* outbox.get(c!.id))?.message).toEqual(c)
            expect((yield* outbox.get(c!.id))?.delivery).toEqual({ status: "pending", attempts: 0, notBefore: 0 })
          })
        )

        it.effect("leaves a message it already holds as it is, even delivered, even one a commit wrote", () =>
          Effect.gen(function* () {
            const outbox = yield* Outbox.Outbox
            const now = yield* today
            const id = yield* fresh
            const m = message(id, 1)
            yield* outbox.enqueue([m])
            yield* settle(now)
            expect((yield* outbox.get(m.id))?.delivery.status).toBe("delivered")
            expect(yield* outbox.enqueue([{ ...m, payload: { changed: true } }])).toEqual([])
            expect((yield* outbox.get(m.id))?.delivery.status).toBe("delivered")
            expect((yield* outbox.get(m.id))?.message).toEqual(m)
            const [committed] = yield* write(1)
            expect(yield* outbox.enqueue([{ ...committed!, payload: { changed: true } }])).toEqual([])
            expect((yield* outbox.get(committed!.id))?.message).toEqual(committed)
          })
        )

        it.effect("hands what it wrote to dispatchers like any message, oldest first", () =>
          Effect.gen(function* () {
            const outbox = yield* Outbox.Outbox
            const now = yield* today
            yield* settle(now)
            const id = yield* fresh
            const digest: Outbox.Message = {
              id: `digest/${id}/2026-03-02`,
              template: "digest",
              engagementId: "",
              recipients: { roles: [], personIds: ["wang.fang"] },
              payload: { personId: "wang.fang", date: "2026-03-02", items: [] },
              confidential: false,
              createdAt: AT
            }
            expect(yield* outbox.enqueue([digest, message(id, 1)])).toEqual([digest.id, message(id, 1).id])
            const claimed = yield* outbox.claim({ workerId: "w1", limit: 10, leaseMs: 60_000, now })
            expect(claimed).toEqual([digest, message(id, 1)])
          })
        )
      })

      describe("reading", () => {
        it.effect("lists pending (and leased) messages oldest first, by engagement, as many as asked", () =>
          Effect.gen(function* () {
            const now = yield* today
            yield* settle(now)
            const outbox = yield* Outbox.Outbox
            const written = yield* write(3)
            yield* outbox.claim({ workerId: "w1", limit: 1, leaseMs: 60_000, now })
            const engagementId = written[0]!.engagementId
            expect(ids(yield* outbox.pending({ engagementId }))).toEqual(ids(written))
            expect(ids(yield* outbox.pending({ engagementId, limit: 2 }))).toEqual(ids(written.slice(0, 2)))
            expect(yield* outbox.get(`${written[0]!.id}-none`)).toBeUndefined()
            expect((yield* outbox.get(written[1]!.id))?.delivery).toEqual({
              status: "pending",
              attempts: 0,
              notBefore: 0
            })
          })
        )
      })
    })
  })
