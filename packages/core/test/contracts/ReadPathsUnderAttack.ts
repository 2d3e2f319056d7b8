/**
 * Confidential engagements read through every read path of the core, by people who may not see
 * them whole: written once, run against memory storage here and against SQLite (and PostgreSQL when
 * given) in the storage adapter.
 *
 * A tier-A visit with guests, a lunch, an approval note, a task note and a confidential contact is
 * taken to `inProgress`. Then each attacker — a viewer without clearance, someone without any grant,
 * a requester who is no party to it, and forged actors — reads it through `get`, `list` with every
 * filter, `ledger` with every filter, the reception list and quarterly costs computed from what they
 * were given, the tasks, the open-task scan, the errors of every command, and every notification
 * the visit wrote, rendered as if they were its recipient. Nothing they get may
 * contain a secret: the title, the guest organisation, a guest's name, the lunch place, a note.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import {
  Directory,
  type Engagement,
  EngagementRepo,
  Engagements,
  Ledger,
  LedgerRepo,
  LocalDate,
  Money,
  Notification,
  Outbox
} from "../../src/index.js"
import { actor, application, createVisit, people, policies, VISIT_ID } from "../engagementFixtures.js"

type Backend = Layer.Layer<EngagementRepo.EngagementRepo | LedgerRepo.LedgerRepo | Outbox.Outbox, unknown>

/** What must never reach someone who may not see the visit whole. */
export const SECRETS = [
  "Lakeside",
  "湖畔",
  "Zhou Min",
  "周敏",
  "Wu Tao",
  "Riverside",
  "江畔",
  "VIP gate code 4711",
  "met at the back door",
  "Minister's nephew"
] as const

const leaks = (value: unknown): ReadonlyArray<string> => {
  const text = JSON.stringify(value, (_, v) => (v instanceof Error ? { ...v, message: v.message } : v)) ?? ""
  return SECRETS.filter((s) => text.includes(s))
}

const li = actor("li.na")
const zhou = actor("zhou.qiang")
const wang = actor("wang.fang")
const chen = actor("chen.gang")

/** The attackers, by what they are. */
export const attackers: ReadonlyArray<readonly [string, Engagement.Actor]> = [
  ["a viewer without clearance (admin clerk)", actor("zhao.lei")],
  ["someone without any grant (driver)", actor("qian.yu")],
  ["a requester who is no party to it", actor("liu.yang")],
  ["finance without clearance", actor("sun.li")],
  ["a forged clearance", { ...actor("zhao.lei"), confidentialClearance: true }],
  ["a forged role", { ...actor("qian.yu"), roles: ["general-manager"] }],
  ["a stranger claiming the requester's name", { personId: "mallory", name: "Li Na 李娜", roles: ["requester"] }]
]

const T = Date.parse("2026-02-09T10:00:00+08:00")

/** The confidential visit under way, with notes and a confidential contact in the ledger. */
const setUp = Effect.gen(function* () {
  const service = yield* Engagements.Engagements
  yield* TestClock.setTime(T)
  const app = { ...application, purpose: "Minister's nephew: dealer agreement" }
  yield* service.create(li, createVisit({ tier: "A", application: app }))
  yield* service.execute(li, VISIT_ID, { _tag: "Submit" })
  const route = (yield* service.get(chen, VISIT_ID))!.route!
  for (const step of route.steps) {
    const by = step.role === "general-manager" ? chen : zhou
    yield* service.execute(by, VISIT_ID, { _tag: "Decide", outcome: "approved", note: "VIP gate code 4711" })
  }
  const planned = yield* service.execute(wang, VISIT_ID, { _tag: "Plan" })
  const mine = planned.engagement.tasks.find((t) => t.ownerRole === "admin-department")!
  yield* service.execute(wang, VISIT_ID, { _tag: "CompleteTask", taskId: mine.id, note: "met at the back door" })
  yield* TestClock.setTime(Date.parse("2026-02-24T09:00:00+08:00"))
  yield* service.execute(wang, VISIT_ID, { _tag: "Start" })
  const ledger = yield* LedgerRepo.LedgerRepo
  const at = (yield* service.get(chen, VISIT_ID))!.updatedAt
  yield* ledger.append([
    Ledger.contact({
      id: "contact-secret-1",
      at,
      actor: { personId: "wang.fang", name: wang.name },
      counterpart: application.guestOrganisation,
      situation: "Minister's nephew called",
      result: "met at the back door",
      cost: Money.yuan(100),
      ownerId: "wang.fang",
      confidential: true
    })
  ])
})

const listQueries: ReadonlyArray<EngagementRepo.ListQuery> = [
  {},
  { status: ["inProgress"] },
  { ownerId: "wang.fang" },
  { tier: "A" },
  { from: "2026-02-01", to: "2026-02-28" },
  { limit: 1 }
]
const ledgerQueries: ReadonlyArray<Ledger.Query> = [
  {},
  { engagementId: VISIT_ID },
  { counterpart: application.guestOrganisation },
  { tier: "A" },
  { ownerId: "wang.fang" },
  { kinds: ["contact"] },
  { kinds: ["budgetVerdicts"] },
  { from: LocalDate.unsafeMake("2026-02-01"), to: LocalDate.unsafeMake("2026-02-28") }
]
const commands: ReadonlyArray<Engagement.Command> = [
  { _tag: "Edit", title: "probe" },
  { _tag: "Plan" },
  { _tag: "Hold" },
  { _tag: "CompleteTask", taskId: `${VISIT_ID}/definition` },
  { _tag: "Cancel", reason: "probe" },
  { _tag: "Decide", outcome: "approved" }
]

/**
 * Runs the read paths of one backend.
 *
 * @param name the backend, for the test names
 * @param backend the storage ports (a fresh store per test)
 */
export const readPathsUnderAttack = (name: string, backend: () => Backend) => {
  const layerOf = () =>
    Engagements.layer(policies).pipe(Layer.provideMerge(backend()), Layer.provideMerge(Directory.layerMemory(people)))

  describe(`${name}: confidential engagements through every read path`, () => {
    it.effect("the set-up holds the secrets, and the cleared see them (the test can fail)", () =>
      Effect.gen(function* () {
        yield* setUp
        const service = yield* Engagements.Engagements
        const whole = { get: yield* service.get(chen, VISIT_ID), ledger: yield* service.ledger(chen, {}) }
        expect(leaks(whole).length).toBeGreaterThanOrEqual(8)
      }).pipe(Effect.provide(layerOf()))
    )

    it.effect.each(attackers)("%s learns no secret from any read path", ([, who]) =>
      Effect.gen(function* () {
        yield* setUp
        const service = yield* Engagements.Engagements
        const repo = yield* EngagementRepo.EngagementRepo
        const seen: Array<unknown> = []
        const got = yield* service.get(who, VISIT_ID)
        seen.push(got)
        if (got !== undefined) {
          seen.push(Ledger.receptionList(got), got.tasks)
          // A viewer without clearance sees it exists, redacted.
          expect(got.title).toBe("［保密 confidential］")
        }
        for (const query of listQueries) {
          const listed = yield* service.list(who, query)
          seen.push(
            listed,
            listed.flatMap((e) => Ledger.receptionList(e))
          )
        }
        for (const query of ledgerQueries) {
          const entries = yield* service.ledger(who, query)
          seen.push(entries, Ledger.quarterlyCosts(entries))
        }
        // The open-task scan carries ids and times only.
        seen.push(yield* repo.openTasksDue({ before: Date.parse("2027-01-01T00:00:00Z") }))
        for (const command of commands) {
          const result = yield* Effect.either(service.execute(who, VISIT_ID, command))
          expect(Either.isLeft(result)).toBe(true)
          if (Either.isLeft(result)) seen.push(result.left, result.left.message)
        }
        // Every message the visit wrote, rendered as if the attacker were among its recipients
        // (someone holding a task's role without clearance is): the notification is redacted.
        const person = people.find((p) => p.id === who.personId && p.confidentialClearance !== true)
        if (person !== undefined) {
          const stored = (yield* repo.get(VISIT_ID))!
          let notifications = 0
          for (const message of yield* (yield* Outbox.Outbox).pending({ engagementId: VISIT_ID })) {
            const rendered = Notification.render({
              message,
              engagements: new Map([[VISIT_ID, stored]]),
              staff: [person]
            })
            if (Either.isRight(rendered)) notifications += rendered.right.length
            seen.push(Either.isRight(rendered) ? rendered.right.map((n) => n.content) : rendered.left)
          }
          expect(notifications).toBeGreaterThan(0)
        }
        expect(leaks(seen)).toEqual([])
      }).pipe(Effect.provide(layerOf()))
    )
  })
}
