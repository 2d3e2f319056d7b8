import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import fc from "fast-check"
import {
  Directory,
  Engagement,
  EngagementRepo,
  Engagements,
  Ledger,
  LedgerRepo,
  MemoryStorage,
  Outbox
} from "../src/index.js"
import { initial, LAW_ID, LAW_START, resolve, step } from "./engagementArbitraries.js"
import { actor, createVisit, people, policies, VISIT_ID } from "./engagementFixtures.js"

/** The service over memory storage and the fixtures' directory, with the storage ports for inspection. */
const layer = Engagements.layer(policies).pipe(
  Layer.provideMerge(MemoryStorage.layer),
  Layer.provideMerge(Directory.layerMemory(people))
)

const ANNOUNCED = Date.parse("2026-02-09T10:00:00+08:00")
const REDACTED = "［保密 confidential］"

const li = actor("li.na")
const zhou = actor("zhou.qiang")
const wang = actor("wang.fang")
const zhao = actor("zhao.lei")
const chen = actor("chen.gang")
const qian = actor("qian.yu")

/** The visit, created and submitted at the announcement. */
const submittedVisit = (command = createVisit()) =>
  Effect.gen(function* () {
    const service = yield* Engagements.Engagements
    yield* TestClock.setTime(ANNOUNCED)
    yield* service.create(li, command)
    return (yield* service.execute(li, command.id, { _tag: "Submit" })).engagement
  })

describe("Engagements", () => {
  it.effect("records the clock's time, in the calendar's zone, on the engagement and on every ledger entry", () =>
    Effect.gen(function* () {
      const service = yield* Engagements.Engagements
      yield* TestClock.setTime(ANNOUNCED)
      const created = yield* service.create(li, createVisit())
      yield* TestClock.adjust("2 hours")
      yield* service.execute(li, VISIT_ID, { _tag: "Submit" })
      yield* TestClock.adjust("90 minutes")
      const approved = yield* service.execute(zhou, VISIT_ID, { _tag: "Decide", outcome: "approved" })

      expect(DateTime.toEpochMillis(created.createdAt)).toBe(ANNOUNCED)
      expect(DateTime.zoneToString(created.createdAt.zone)).toBe("Asia/Shanghai")
      expect(DateTime.formatIsoOffset(approved.engagement.updatedAt)).toBe("2026-02-09T13:30:00.000+08:00")
      expect(DateTime.formatIsoOffset(approved.engagement.decisions[0]!.at)).toBe("2026-02-09T13:30:00.000+08:00")

      const entries = yield* service.ledger(chen, { engagementId: VISIT_ID })
      expect(entries.map((e) => [e.kind, e.command, DateTime.formatIsoOffset(e.at)])).toEqual([
        ["transition", "Create", "2026-02-09T10:00:00.000+08:00"],
        ["budgetVerdicts", "Submit", "2026-02-09T12:00:00.000+08:00"],
        ["transition", "Submit", "2026-02-09T12:00:00.000+08:00"],
        ["transition", "Decide", "2026-02-09T13:30:00.000+08:00"]
      ])
      for (const e of entries) expect(DateTime.zoneToString(e.at.zone)).toBe("Asia/Shanghai")
    }).pipe(Effect.provide(layer))
  )

  it.effect("commits each change with its ledger entries and its outbox messages", () =>
    Effect.gen(function* () {
      yield* submittedVisit()
      const stored = yield* (yield* EngagementRepo.EngagementRepo).get(VISIT_ID)
      expect(stored?.status).toBe("submitted")
      expect(stored?.version).toBe(1)
      const pending = yield* (yield* Outbox.Outbox).pending({ engagementId: VISIT_ID })
      expect(pending.map((m) => [m.id, m.recipients.roles])).toEqual([
        [`${VISIT_ID}#1/approval-needed`, ["department-head"]]
      ])
      const ledger = yield* (yield* LedgerRepo.LedgerRepo).query({ engagementId: VISIT_ID })
      expect(ledger.map((e) => e.id)).toEqual([`${VISIT_ID}#0`, `${VISIT_ID}#1/verdicts`, `${VISIT_ID}#1`])
    }).pipe(Effect.provide(layer))
  )

  it.effect("assigns a plan's tasks to the holders of their roles, and the requester's own tasks to her alone", () =>
    Effect.gen(function* () {
      const service = yield* Engagements.Engagements
      yield* submittedVisit()
      yield* service.execute(zhou, VISIT_ID, { _tag: "Decide", outcome: "approved" })
      const { plan } = yield* service.execute(wang, VISIT_ID, { _tag: "Plan" })
      expect(plan!.tasks.map((t) => [t.stepId, t.assignees.map((p) => p.id)])).toEqual([
        ["definition", ["li.na"]],
        ["assignment", ["wang.fang"]],
        ["preparation", ["wang.fang"]],
        ["on-site", ["wang.fang"]],
        ["wrap-up", ["wang.fang"]],
        ["summary", ["wang.fang"]]
      ])
      const messages = yield* (yield* Outbox.Outbox).pending({ engagementId: VISIT_ID })
      const assigned = messages.filter((m) => m.template === "task-assigned")
      expect(assigned.map((m) => [m.payload.step, m.recipients.personIds])).toEqual([
        ["definition", ["li.na"]],
        ["assignment", ["wang.fang"]],
        ["preparation", ["wang.fang"]],
        ["on-site", ["wang.fang"]],
        ["wrap-up", ["wang.fang"]],
        ["summary", ["wang.fang"]]
      ])
    }).pipe(Effect.provide(layer))
  )

  it.effect("refuses a command on an engagement it does not have", () =>
    Effect.gen(function* () {
      const service = yield* Engagements.Engagements
      const error = yield* Effect.flip(service.execute(li, "no-such-visit", { _tag: "Submit" }))
      expect(error).toMatchObject({ _tag: "Rejected", reason: "UnknownEngagement", engagementId: "no-such-visit" })
    }).pipe(Effect.provide(layer))
  )

  it.effect("refuses to create an id twice (AlreadyExists), keeping the first", () =>
    Effect.gen(function* () {
      const service = yield* Engagements.Engagements
      yield* service.create(li, createVisit())
      const error = yield* Effect.flip(service.create(chen, createVisit({ title: "Another visit 另一次来访" })))
      expect(error._tag).toBe("Rejected")
      expect(error._tag === "Rejected" && error.reason).toBe("AlreadyExists")
      expect(error.message).toBe(`engagement ${VISIT_ID} already exists`)
      expect((yield* service.get(chen, VISIT_ID))?.title).toBe("Lakeside Furniture visit 湖畔家具来访")
      expect(yield* service.ledger(chen, { engagementId: VISIT_ID })).toHaveLength(1)
    }).pipe(Effect.provide(layer))
  )

  it.effect("writes nothing of a refused command", () =>
    Effect.gen(function* () {
      const service = yield* Engagements.Engagements
      yield* submittedVisit()
      const before = yield* service.ledger(chen, { engagementId: VISIT_ID })
      const illegal = yield* Effect.flip(service.execute(wang, VISIT_ID, { _tag: "Hold" }))
      expect(illegal._tag).toBe("IllegalTransition")
      const unauthorised = yield* Effect.flip(service.execute(zhao, VISIT_ID, { _tag: "Cancel", reason: "不去了" }))
      expect(unauthorised._tag).toBe("NotAuthorised")
      // Someone who may not even see it is told it does not exist (AuthorisationAttacks.test.ts).
      const hidden = yield* Effect.flip(service.execute(qian, VISIT_ID, { _tag: "Cancel", reason: "不去了" }))
      expect(hidden).toMatchObject({ _tag: "Rejected", reason: "UnknownEngagement" })
      expect((yield* service.get(chen, VISIT_ID))?.version).toBe(1)
      expect(yield* service.ledger(chen, { engagementId: VISIT_ID })).toEqual(before)
      expect(yield* (yield* Outbox.Outbox).pending({ engagementId: VISIT_ID })).toHaveLength(1)
    }).pipe(Effect.provide(layer))
  )

  describe("reading as an actor may see", () => {
    const confidentialVisit = () => submittedVisit(createVisit({ tier: "A" }))

    it.effect("get and list redact a confidential engagement for a viewer without clearance", () =>
      Effect.gen(function* () {
        const service = yield* Engagements.Engagements
        yield* confidentialVisit()
        const seen = yield* service.get(zhao, VISIT_ID)
        expect(seen).toMatchObject({ id: VISIT_ID, status: "submitted", title: REDACTED, counterpart: REDACTED })
        expect(seen?.application).toBeUndefined()
        const listed = yield* service.list(zhao, { status: ["submitted"] })
        expect(listed.map((e) => [e.id, e.title, e.counterpart])).toEqual([[VISIT_ID, REDACTED, REDACTED]])
        expect(JSON.stringify(listed)).not.toContain("湖畔")
      }).pipe(Effect.provide(layer))
    )

    it.effect("get and list show it whole to the cleared and to its parties", () =>
      Effect.gen(function* () {
        const service = yield* Engagements.Engagements
        yield* confidentialVisit()
        // (A clearance is the directory's to give: see AuthorisationAttacks.test.ts for one claimed.)
        for (const who of [chen, li, wang, zhou]) {
          expect((yield* service.get(who, VISIT_ID))?.counterpart).toBe(
            "Hangzhou Lakeside Furniture Co. 杭州湖畔家具有限公司"
          )
          expect((yield* service.list(who, {})).map((e) => e.title)).toEqual(["Lakeside Furniture visit 湖畔家具来访"])
        }
      }).pipe(Effect.provide(layer))
    )

    it.effect("get and list leave out what an actor may not view at all", () =>
      Effect.gen(function* () {
        const service = yield* Engagements.Engagements
        yield* submittedVisit()
        expect(yield* service.get(qian, VISIT_ID)).toBeUndefined()
        expect(yield* service.list(qian, {})).toEqual([])
        expect(yield* service.list(actor("liu.yang"), {})).toEqual([])
      }).pipe(Effect.provide(layer))
    )

    it.effect("ledger redacts the entries of a confidential engagement for a viewer without clearance", () =>
      Effect.gen(function* () {
        const service = yield* Engagements.Engagements
        yield* confidentialVisit()
        const seen = yield* service.ledger(zhao, { engagementId: VISIT_ID })
        expect(seen).toHaveLength(3)
        for (const e of seen) {
          expect(e.counterpart).toBe(REDACTED)
          expect(e.reason).toBe(REDACTED)
        }
        expect(JSON.stringify(seen)).not.toContain("湖畔")
        expect(JSON.stringify(seen)).not.toContain("Lakeside")
        const whole = yield* service.ledger(chen, { engagementId: VISIT_ID })
        expect(whole.map((e) => e.counterpart)).toEqual(
          Array(3).fill("Hangzhou Lakeside Furniture Co. 杭州湖畔家具有限公司")
        )
        expect(whole[0]!.reason).toBe("created: Lakeside Furniture visit 湖畔家具来访")
      }).pipe(Effect.provide(layer))
    )

    it.effect(
      "ledger hides a confidential contact's situation, result and verdicts from a viewer without clearance",
      () =>
        Effect.gen(function* () {
          const service = yield* Engagements.Engagements
          const entry = Ledger.contact({
            id: "contact-2026-03-01-tax",
            at: DateTime.unsafeMakeZoned(Date.parse("2026-03-01T15:00:00+08:00"), { timeZone: "Asia/Shanghai" }),
            actor: { personId: "wang.fang", name: "Wang Fang 王芳" },
            counterpart: "District tax bureau 区税务局",
            situation: "与区税务局张科长面谈稽查事项",
            result: "张科长同意延期",
            ownerId: "wang.fang",
            confidential: true
          })
          yield* (yield* LedgerRepo.LedgerRepo).append([entry])
          const [seen] = yield* service.ledger(zhao, {})
          expect(seen).toMatchObject({ id: entry.id, kind: "contact", counterpart: REDACTED, reason: REDACTED })
          expect(JSON.stringify(seen)).not.toContain("张科长")
          expect(JSON.stringify(seen)).not.toContain("税务局")
          const [whole] = yield* service.ledger(chen, {})
          expect(whole).toEqual(entry)
        }).pipe(Effect.provide(layer))
    )

    it.effect("ledger shows someone who may not view only the entries they made or own", () =>
      Effect.gen(function* () {
        const service = yield* Engagements.Engagements
        yield* submittedVisit()
        expect(yield* service.ledger(qian, { engagementId: VISIT_ID })).toEqual([])
        const own = yield* service.ledger({ ...li, roles: [] }, { engagementId: VISIT_ID })
        expect(own.map((e) => e.actor.personId)).toEqual(["li.na", "li.na", "li.na"])
      }).pipe(Effect.provide(layer))
    )
  })

  describe("laws", () => {
    it("through the service, storage grows by exactly what decide accepts, and by nothing for what it refuses", async () => {
      await fc.assert(
        fc.asyncProperty(initial, fc.array(step, { minLength: 5, maxLength: 30, size: "max" }), (init, steps) =>
          Effect.runPromise(
            Effect.gen(function* () {
              const service = yield* Engagements.Engagements
              const repo = yield* EngagementRepo.EngagementRepo
              const ledger = yield* LedgerRepo.LedgerRepo
              const outbox = yield* Outbox.Outbox
              const stored = Effect.gen(function* () {
                return {
                  engagement: (yield* repo.get(LAW_ID))!,
                  ledger: yield* ledger.query({ engagementId: LAW_ID }),
                  outbox: yield* outbox.pending({ engagementId: LAW_ID })
                }
              })
              yield* TestClock.setTime(DateTime.toEpochMillis(LAW_START))
              yield* service.create(init.by, init.command)
              // Time stands still here (the pure laws move it): each TestClock move costs a few
              // milliseconds of real time.
              for (const { step: s } of steps) {
                const before = yield* stored
                const [who, command] = resolve(s, before.engagement)
                const now = DateTime.setZone(yield* DateTime.now, DateTime.zoneUnsafeMakeNamed("Asia/Shanghai"))
                const expected = Engagement.decide(policies, before.engagement, who, command, now)
                const result = yield* Effect.either(service.execute(who, LAW_ID, command))
                const after = yield* stored
                expect(Either.isRight(result)).toBe(Either.isRight(expected))
                if (Either.isLeft(expected)) {
                  // Someone who may not see the engagement at all is told it does not exist.
                  const hidden =
                    Engagement.redactFor(policies.access, who, before.engagement) === undefined &&
                    Either.isLeft(
                      Engagement.authorise(
                        policies.access,
                        who,
                        before.engagement,
                        command,
                        Engagement.escalatedRole(policies, before.engagement, now)
                      )
                    )
                  if (hidden)
                    expect(Either.isLeft(result) && result.left).toMatchObject({ reason: "UnknownEngagement" })
                  else expect(Either.isLeft(result) && result.left._tag).toBe(expected.left._tag)
                  expect(after.engagement.version).toBe(before.engagement.version)
                  expect(after.ledger.map((e) => e.id)).toEqual(before.ledger.map((e) => e.id))
                  expect(after.outbox.map((m) => m.id)).toEqual(before.outbox.map((m) => m.id))
                  continue
                }
                expect(after.engagement.version).toBe(before.engagement.version + 1)
                expect(after.engagement.status).toBe(expected.right.engagement.status)
                expect(after.ledger.map((e) => e.id).sort()).toEqual(
                  [...before.ledger, ...expected.right.ledger].map((e) => e.id).sort()
                )
                expect(after.outbox.map((m) => m.id).sort()).toEqual(
                  [...before.outbox, ...expected.right.outbox].map((m) => m.id).sort()
                )
              }
            }).pipe(Effect.provide(layer), Effect.provide(TestContext.TestContext))
          )
        ),
        { numRuns: 40 }
      )
    })
  })

  describe("concurrency", () => {
    it.effect(
      "of an approval and a cancellation racing on one engagement, exactly one wins; the other gets a VersionConflict",
      () =>
        Effect.gen(function* () {
          yield* submittedVisit()
          // Hold both commands after they have read the engagement, so that both decide on version 1
          // (left to the scheduler, the first would commit before the second reads).
          const repo = yield* EngagementRepo.EngagementRepo
          const reads = yield* Ref.make(0)
          const bothRead = yield* Deferred.make<void>()
          const racingRepo = EngagementRepo.EngagementRepo.of({
            ...repo,
            get: (id) =>
              repo.get(id).pipe(
                Effect.tap(() =>
                  Ref.updateAndGet(reads, (n) => n + 1).pipe(
                    Effect.flatMap((n) => (n === 2 ? Deferred.succeed(bothRead, undefined) : Effect.void)),
                    Effect.zipRight(Deferred.await(bothRead))
                  )
                )
              )
          })
          const racing = yield* Engagements.make(policies).pipe(
            Effect.provideService(EngagementRepo.EngagementRepo, racingRepo)
          )
          const [approval, cancellation] = yield* Effect.all(
            [
              Effect.either(racing.execute(zhou, VISIT_ID, { _tag: "Decide", outcome: "approved" })),
              Effect.either(racing.execute(li, VISIT_ID, { _tag: "Cancel", reason: "客户改期" }))
            ],
            { concurrency: 2 }
          )
          const outcomes = [approval, cancellation]
          expect(outcomes.filter(Either.isRight)).toHaveLength(1)
          const lost = outcomes.filter(Either.isLeft).map((e) => e.left)
          expect(lost.map((e) => e._tag)).toEqual(["VersionConflict"])
          expect(lost[0]).toMatchObject({ engagementId: VISIT_ID, expected: 1, actual: 2 })

          const stored = (yield* repo.get(VISIT_ID))!
          const winner: Engagement.Status = Either.isRight(approval) ? "approved" : "cancelled"
          expect(stored.status).toBe(winner)
          expect(stored.version).toBe(2)
          const ledger = yield* (yield* LedgerRepo.LedgerRepo).query({ engagementId: VISIT_ID })
          expect(ledger.filter((e) => e.id === `${VISIT_ID}#2`).map((e) => e.to)).toEqual([winner])
          expect(ledger).toHaveLength(4)
          const messages = yield* (yield* Outbox.Outbox).pending({ engagementId: VISIT_ID })
          expect(messages.map((m) => m.template)).toEqual([
            "approval-needed",
            winner === "approved" ? "approved" : "cancelled"
          ])
        }).pipe(Effect.provide(layer))
    )

    it.effect("lets the loser of a race decide again on the new version", () =>
      Effect.gen(function* () {
        const service = yield* Engagements.Engagements
        yield* submittedVisit()
        yield* service.execute(zhou, VISIT_ID, { _tag: "Decide", outcome: "approved" })
        const retried = yield* service.execute(li, VISIT_ID, { _tag: "Cancel", reason: "客户改期" })
        expect(retried.engagement).toMatchObject({ status: "cancelled", version: 3 })
      }).pipe(Effect.provide(layer))
    )
  })
})
