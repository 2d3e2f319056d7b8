/**
 * Authorisation under attack: the role × command matrix of `Engagement.test.ts` extended with
 * forged actors, actors switching engagements mid-command, aliases against the separation of
 * duties, and confidential engagements read through every read path of the core.
 *
 * Each `describe` names the hole it pins (found by these tests and fixed in the commit that added
 * them) or the defence it checks. The read paths that go through storage run again against SQLite
 * in `packages/adapters/sql/test/authorisation.test.ts`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import { TestContext as TestContextLayer } from "effect/TestContext"
import fc from "fast-check"
import { Directory, Engagement, Engagements, MemoryStorage } from "../src/index.js"
import { readPathsUnderAttack } from "./contracts/ReadPathsUnderAttack.js"
import {
  actor,
  application,
  applicationWith,
  created,
  createVisit,
  people,
  policies,
  shanghai,
  VISIT_ID
} from "./engagementFixtures.js"

const T0 = shanghai("2026-02-09T10:00:00+08:00")
const later = (minutes: number) => DateTime.add(T0, { minutes })

const li = actor("li.na") // requester
const zhou = actor("zhou.qiang") // department head
const wang = actor("wang.fang") // admin department, owner of the visit
const zhao = actor("zhao.lei") // admin clerk: views, no clearance
const chen = actor("chen.gang") // general manager

/** Runs a pure decision, turning anything thrown into a failed expectation with its message. */
const attempt = (e: Engagement.Engagement, who: Engagement.Actor, command: Engagement.Command, at = later(5)) => {
  try {
    return Engagement.decide(policies, e, who, command, at)
  } catch (thrown) {
    throw new Error(`decide threw instead of answering: ${String(thrown)}`)
  }
}

/** One engagement in each state a command can be tried on, with a command legal there. */
const tries = (confidential = false): ReadonlyArray<readonly [Engagement.Engagement, Engagement.Command]> => {
  const draft = created(createVisit(confidential ? { confidential } : {}), li, T0).engagement
  const submitted = Either.getOrThrow(Engagement.decide(policies, draft, li, { _tag: "Submit" }, later(1))).engagement
  const approved = Either.getOrThrow(
    Engagement.decide(policies, submitted, zhou, { _tag: "Decide", outcome: "approved" }, later(2))
  ).engagement
  const planned = Either.getOrThrow(Engagement.decide(policies, approved, wang, { _tag: "Plan" }, later(3))).engagement
  return [
    [draft, { _tag: "Edit", title: "Renamed" }],
    [draft, { _tag: "EditBudget", budget: application.budget }],
    [draft, { _tag: "Submit" }],
    [submitted, { _tag: "Decide", outcome: "approved" }],
    [approved, { _tag: "Plan" }],
    [planned, { _tag: "Start" }],
    [planned, { _tag: "CompleteTask", taskId: planned.tasks[0]!.id }],
    [approved, { _tag: "Cancel", reason: "forged" }]
  ]
}

/** A directory the test can change between commands (someone leaves). */
const changing = (initial: ReadonlyArray<Directory.Person>) =>
  Effect.gen(function* () {
    const ref = yield* Ref.make(initial)
    const service = Directory.Directory.of({
      holdersOf: (role) =>
        Effect.map(Ref.get(ref), (all) => all.filter((p) => p.active !== false && p.roles.includes(role))),
      find: (id) => Effect.map(Ref.get(ref), (all) => all.find((p) => p.id === id))
    })
    return { ref, service }
  })

/** Runs a program against the service over memory storage and a directory the test may change. */
const run = <A, E>(
  program: (
    service: Engagements.Engagements["Type"],
    people: Ref.Ref<ReadonlyArray<Directory.Person>>
  ) => Effect.Effect<A, E>
) =>
  Effect.gen(function* () {
    const { ref, service: directory } = yield* changing(people)
    return yield* Effect.flatMap(Engagements.Engagements, (service) => program(service, ref)).pipe(
      Effect.provide(
        Engagements.layer(policies).pipe(
          Layer.provide(MemoryStorage.layer),
          Layer.provide(Layer.succeed(Directory.Directory, directory))
        )
      )
    )
  })

/** The visit, confidential, created and submitted by Li Na. */
const confidentialVisit = (service: Engagements.Engagements["Type"]) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(Date.parse("2026-02-09T10:00:00+08:00"))
    yield* service.create(li, createVisit({ tier: "A" }))
    yield* service.execute(li, VISIT_ID, { _tag: "Submit" })
  })

const refusal = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.either(effect), (r) => (Either.isLeft(r) ? r.left : undefined))

describe("authorisation under attack", () => {
  describe("forged role names (hole: a role named like an Object property threw a TypeError)", () => {
    const objectKeys = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype"]

    it.each(objectKeys)("a role named %s grants nothing and throws nothing", (role) => {
      for (const [e, command] of tries()) {
        const result = attempt(e, { personId: "mallory", name: "Mallory", roles: [role] }, command)
        expect(Either.isLeft(result) ? result.left._tag : "accepted").toBe("NotAuthorised")
      }
      expect(Engagement.hasPermission(policies.access, { roles: [role] }, "view")).toBe(false)
      const mallory = { personId: "mallory", name: "M", roles: [role] }
      expect(Engagement.redactFor(policies.access, mallory, tries()[0]![0])).toBeUndefined()
    })

    it("a policy entry that is not a list grants nothing", () => {
      const odd = { grants: { weird: "view" } } as unknown as Engagement.AccessPolicy
      expect(Engagement.hasPermission(odd, { roles: ["weird"] }, "view")).toBe(false)
    })

    it("law: a role the policy does not name grants nothing, whatever its spelling", () => {
      const named = new Set(Object.keys(policies.access.grants))
      const lookAlikes = fc.constantFrom(
        "General-Manager",
        "GENERAL-MANAGER",
        " general-manager",
        "general-manager ",
        "general_manager",
        "general-manager\u200b",
        "gеneral-manager", // Cyrillic е
        "general‐manager", // U+2010 hyphen
        "ｇeneral-manager", // full-width g
        "",
        "x".repeat(100_000)
      )
      fc.assert(
        fc.property(
          fc.array(fc.oneof(lookAlikes, fc.string(), fc.constantFrom(...objectKeys)), { maxLength: 4 }),
          fc.constantFrom(...tries()),
          (roles, [e, command]) => {
            fc.pre(roles.every((r) => !named.has(r)))
            const result = attempt(e, { personId: "mallory", name: "Mallory", roles }, command)
            return Either.isLeft(result) && result.left._tag === "NotAuthorised"
          }
        ),
        { numRuns: 2_000 }
      )
    })
  })
  describe("separation of duties under aliases (hole: approvers were told apart by the name they gave)", () => {
    /** A visit of a special-level guest: the department head, then the general manager approve. */
    const twoSteps = () => {
      const draft = created(createVisit({ application: applicationWith({ visitorLevel: "special" }) }), li, T0)
      const submitted = Either.getOrThrow(
        Engagement.decide(policies, draft.engagement, li, { _tag: "Submit" }, later(1))
      )
      expect(submitted.engagement.route!.steps.map((s) => s.role)).toEqual(["department-head", "general-manager"])
      return submitted.engagement
    }
    const boss = (name: string): Engagement.Actor => ({
      personId: "boss",
      name,
      roles: ["department-head", "general-manager"]
    })

    it("records who decided by person id", () => {
      const first = Either.getOrThrow(attempt(twoSteps(), zhou, { _tag: "Decide", outcome: "approved" }))
      expect(first.engagement.decisions[0]).toMatchObject({ by: zhou.name, personId: "zhou.qiang" })
    })

    it("law: one person never decides two steps, whatever names they give", () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
          const first = attempt(twoSteps(), boss(a), { _tag: "Decide", outcome: "approved" })
          if (Either.isLeft(first)) return false
          const second = attempt(first.right.engagement, boss(b), { _tag: "Decide", outcome: "approved" })
          return Either.isLeft(second) && second.left._tag === "NotAuthorised"
        }),
        { numRuns: 300 }
      )
    })

    it("two people who share a name are two approvers", () => {
      const first = Either.getOrThrow(
        attempt(twoSteps(), { ...zhou, name: "Wang Wei 王伟" }, { _tag: "Decide", outcome: "approved" })
      )
      const gm = { personId: "chen.gang", name: "Wang Wei 王伟", roles: ["general-manager"] }
      const second = attempt(first.engagement, gm, { _tag: "Decide", outcome: "approved" })
      expect(Either.isRight(second) && second.right.engagement.status).toBe("approved")
    })

    it("a decision recorded before person ids were kept still blocks the same name", () => {
      const first = Either.getOrThrow(attempt(twoSteps(), boss("Boss"), { _tag: "Decide", outcome: "approved" }))
      const { personId: _, ...legacy } = first.engagement.decisions[0]!
      const old = { ...first.engagement, decisions: [legacy] }
      const second = attempt(old, boss("Boss"), { _tag: "Decide", outcome: "approved" })
      expect(Either.isLeft(second) && second.left._tag).toBe("NotAuthorised")
    })
  })
  describe("forged actors at the service (hole: the service took the caller's roles, clearance and name on trust)", () => {
    const forged: ReadonlyArray<readonly [string, Engagement.Actor]> = [
      ["a person the directory does not know", { personId: "mallory", name: "Mallory", roles: ["general-manager"] }],
      ["an empty id", { personId: "", name: "Nobody", roles: [] }],
      ["a huge id", { personId: "x".repeat(1_000_000), name: "Huge", roles: ["general-manager"] }],
      ["a role the directory does not give", { ...li, roles: ["requester", "general-manager"] }],
      ["a clearance the directory does not give", { ...zhao, confidentialClearance: true }],
      ["a role in capitals", { ...chen, roles: ["General-Manager"] }],
      ["a role with a space", { ...chen, roles: ["general-manager "] }],
      ["a role with a Cyrillic letter", { ...chen, roles: ["gеneral-manager"] }],
      ["a role named like an object property", { ...chen, roles: ["constructor"] }],
      ["a real person's id with a non-string role", { ...chen, roles: [42 as unknown as string] }]
    ]

    describe.each(forged)("%s", (_, who) => {
      it.effect("may not create, act, or read anything", () =>
        run((service) =>
          Effect.gen(function* () {
            yield* confidentialVisit(service)
            const created = yield* refusal(
              service.create(who, createVisit({ id: "forged-1" as Engagement.EngagementId }))
            )
            expect(created?._tag).toBe("NotAuthorised")
            for (const command of [
              { _tag: "Decide", outcome: "approved" },
              { _tag: "Cancel", reason: "forged" },
              { _tag: "Edit", title: "forged" }
            ] as const) {
              const error = yield* refusal(service.execute(who, VISIT_ID, command))
              expect(error?._tag).toBe("NotAuthorised")
              expect(error?.message.length).toBeLessThan(600)
              expect(error?.message).not.toContain("湖畔")
            }
            expect(yield* service.get(who, VISIT_ID)).toBeUndefined()
            expect(yield* service.list(who, {})).toEqual([])
            expect(yield* service.ledger(who, {})).toEqual([])
          })
        )
      )
    })

    it.effect("the name on the record is the directory's, whatever name the caller gives", () =>
      run((service) =>
        Effect.gen(function* () {
          yield* confidentialVisit(service)
          const decided = yield* service.execute({ ...zhou, name: "Chen Gang 陈刚" }, VISIT_ID, {
            _tag: "Decide",
            outcome: "approved"
          })
          expect(decided.engagement.decisions[0]).toMatchObject({ by: zhou.name, personId: "zhou.qiang" })
          const entries = yield* service.ledger(chen, { engagementId: VISIT_ID })
          expect(entries.at(-1)?.actor).toEqual({ personId: "zhou.qiang", name: zhou.name })
        })
      )
    )

    it.effect("fewer roles than the directory gives are fine: an actor may act in one capacity", () =>
      run((service) =>
        Effect.gen(function* () {
          yield* TestClock.setTime(Date.parse("2026-02-09T10:00:00+08:00"))
          yield* service.create(li, createVisit())
          const submitted = yield* service.execute({ ...li, roles: [] }, VISIT_ID, { _tag: "Submit" })
          expect(submitted.engagement.status).toBe("submitted")
        })
      )
    )

    it.effect("someone deactivated between two commands may neither act nor read any more", () =>
      run((service, directory) =>
        Effect.gen(function* () {
          yield* TestClock.setTime(Date.parse("2026-02-09T10:00:00+08:00"))
          yield* service.create(li, createVisit())
          yield* service.execute(li, VISIT_ID, { _tag: "Submit" })
          yield* service.execute(zhou, VISIT_ID, { _tag: "Decide", outcome: "approved" })
          const planned = yield* service.execute(wang, VISIT_ID, { _tag: "Plan" })
          expect(planned.plan?.tasks.some((t) => t.assignees.some((p) => p.id === "wang.fang"))).toBe(true)
          yield* Ref.update(directory, (all) => all.map((p) => (p.id === "wang.fang" ? { ...p, active: false } : p)))
          const error = yield* refusal(service.execute(wang, VISIT_ID, { _tag: "Start" }))
          expect(error).toMatchObject({
            _tag: "NotAuthorised",
            reason: "the person is no longer active in the directory"
          })
          expect(yield* service.get(wang, VISIT_ID)).toBeUndefined()
          expect(yield* service.ledger(wang, {})).toEqual([])
          // Nor is new work given to them: a re-plan assigns the admin department's tasks to nobody.
          const replanned = yield* service.execute(chen, VISIT_ID, { _tag: "Plan" })
          expect(replanned.plan?.tasks.flatMap((t) => t.assignees.map((p) => p.id))).not.toContain("wang.fang")
        })
      )
    )

    it("law: an actor whose claims exceed what the directory gives never acts and reads nothing", async () => {
      const everyRole = [...new Set(people.flatMap((p) => p.roles)), "general-manager", "finance", "General-Manager"]
      const claims = fc.record({
        personId: fc.oneof(fc.constantFrom(...people.map((p) => p.id)), fc.string({ maxLength: 20 })),
        name: fc.string({ minLength: 1, maxLength: 20 }),
        roles: fc.uniqueArray(fc.constantFrom(...everyRole), { maxLength: 3 }),
        confidentialClearance: fc.option(fc.boolean(), { nil: undefined })
      })
      await fc.assert(
        fc.asyncProperty(claims, fc.constantFrom(...tries()), async (raw, [, command]) => {
          const claimed = Object.fromEntries(
            Object.entries(raw).filter(([, v]) => v !== undefined)
          ) as unknown as Engagement.Actor
          const person = people.find((p) => p.id === claimed.personId)
          const exceeds =
            person === undefined ||
            claimed.roles.some((r) => !person.roles.includes(r)) ||
            (claimed.confidentialClearance === true && person.confidentialClearance !== true)
          fc.pre(exceeds)
          const outcome = await Effect.runPromise(
            run((service) =>
              Effect.gen(function* () {
                yield* confidentialVisit(service)
                const acted = yield* refusal(service.execute(claimed, VISIT_ID, command))
                return {
                  acted: acted?._tag,
                  seen: (yield* service.get(claimed, VISIT_ID)) !== undefined,
                  listed: (yield* service.list(claimed, {})).length,
                  ledger: (yield* service.ledger(claimed, {})).length
                }
              })
            ).pipe(Effect.provide(TestContextLayer))
          )
          expect(outcome).toEqual({ acted: "NotAuthorised", seen: false, listed: 0, ledger: 0 })
        }),
        { numRuns: 150 }
      )
    })
  })
  describe("not found or forbidden (hole: a refusal, or the state named in it, confirmed that an engagement existed)", () => {
    const qian = actor("qian.yu") // a driver: no grants, no part in the visit
    const commands: ReadonlyArray<Engagement.Command> = [
      { _tag: "Edit", title: "probe" },
      { _tag: "EditBudget", budget: application.budget },
      { _tag: "Submit" },
      { _tag: "Decide", outcome: "approved" },
      { _tag: "Plan" },
      { _tag: "Start" },
      { _tag: "CompleteTask", taskId: `${VISIT_ID}/definition` },
      { _tag: "Hold" },
      { _tag: "Settle", expenses: [] },
      { _tag: "Close" },
      { _tag: "Cancel", reason: "probe" }
    ]

    it.effect("someone who may not see an engagement gets the answer a missing one gives, for every command", () =>
      run((service) =>
        Effect.gen(function* () {
          yield* confidentialVisit(service)
          yield* service.create(li, createVisit({ id: "ordinary-1" as Engagement.EngagementId }))
          for (const command of commands) {
            for (const id of [VISIT_ID, "ordinary-1"]) {
              const there = yield* refusal(service.execute(qian, id, command))
              const missing = yield* refusal(service.execute(qian, `${id}-missing`, command))
              const shape = (e: typeof there) => ({
                ...e,
                engagementId: undefined,
                message: e?.message.replace(/\S+$/, "")
              })
              expect(there).toMatchObject({ _tag: "Rejected", reason: "UnknownEngagement" })
              expect(shape(there)).toEqual(shape(missing))
            }
          }
          expect(yield* service.get(qian, VISIT_ID)).toBeUndefined()
          expect(yield* service.get(qian, "no-such-engagement")).toBeUndefined()
        })
      )
    )

    it.effect("someone who may see it (a viewer without clearance) is told no, without its state or title", () =>
      run((service) =>
        Effect.gen(function* () {
          yield* confidentialVisit(service)
          const error = yield* refusal(service.execute(zhao, VISIT_ID, { _tag: "Plan" }))
          expect(error).toMatchObject({ _tag: "NotAuthorised" })
          expect(error?.message).not.toMatch(/submitted|湖畔|Lakeside/)
        })
      )
    )

    it("law: on a confidential engagement, an actor without clearance learns nothing of its state", () => {
      const states = tries(true).map(([e]) => e)
      fc.assert(
        fc.property(fc.constantFrom(...states), fc.constantFrom(...commands), (e, command) => {
          const result = attempt(e, zhao, command)
          if (Either.isRight(result)) return false
          const error = result.left
          return error._tag === "NotAuthorised" && !error.message.includes(e.status) && !("status" in error)
        }),
        { numRuns: 500 }
      )
    })
  })
  describe("the ledger as an oracle (hole: a query by counterpart confirmed a confidential guest)", () => {
    it.effect("a viewer without clearance finds nothing by a confidential engagement's counterpart", () =>
      run((service) =>
        Effect.gen(function* () {
          yield* confidentialVisit(service)
          const guest = application.guestOrganisation
          expect((yield* service.ledger(chen, { counterpart: guest })).length).toBeGreaterThan(0)
          expect(yield* service.ledger(zhao, { counterpart: guest })).toEqual([])
          expect(yield* service.ledger(zhao, { counterpart: "［保密 confidential］" })).toEqual([])
          // Unfiltered, the entries are there, redacted: the ledger's totals stay whole.
          const all = yield* service.ledger(zhao, { engagementId: VISIT_ID })
          expect(all.length).toBeGreaterThan(0)
          expect(JSON.stringify(all)).not.toContain("湖畔")
        })
      )
    )
  })
  describe("switching engagements mid-command", () => {
    const OTHER = "visit-other" as Engagement.EngagementId

    /** Two visits, A (the fixtures') and B, both submitted by Li Na, B one step further. */
    const twoVisits = (service: Engagements.Engagements["Type"]) =>
      Effect.gen(function* () {
        yield* TestClock.setTime(Date.parse("2026-02-09T10:00:00+08:00"))
        yield* service.create(li, createVisit())
        yield* service.create(li, createVisit({ id: OTHER, application: applicationWith({ visitorLevel: "special" }) }))
        const a = yield* service.execute(li, VISIT_ID, { _tag: "Submit" })
        const b = yield* service.execute(li, OTHER, { _tag: "Submit" })
        return { a: a.engagement, b: b.engagement }
      })

    it.effect(
      "a command built on A's version and sent to B fails with VersionConflict and writes nothing (expectedVersion)",
      () =>
        run((service) =>
          Effect.gen(function* () {
            const { a } = yield* twoVisits(service)
            yield* service.execute(zhou, OTHER, { _tag: "Decide", outcome: "approved" })
            const before = yield* service.get(chen, OTHER)
            const error = yield* refusal(
              service.execute(zhou, OTHER, { _tag: "Decide", outcome: "approved" }, { expectedVersion: a.version })
            )
            expect(error).toMatchObject({ _tag: "VersionConflict", engagementId: OTHER, expected: a.version })
            expect(yield* service.get(chen, OTHER)).toEqual(before)
            // Sent where it was meant, on the version it was built on, it goes through.
            const ok = yield* service.execute(
              zhou,
              VISIT_ID,
              { _tag: "Decide", outcome: "approved" },
              { expectedVersion: a.version }
            )
            expect(ok.engagement.status).toBe("approved")
          })
        )
    )

    it.effect("someone who may not see B learns nothing from a version, right or wrong", () =>
      run((service) =>
        Effect.gen(function* () {
          yield* twoVisits(service)
          const qian = actor("qian.yu")
          for (const expectedVersion of [0, 1, 2, 99]) {
            const error = yield* refusal(service.execute(qian, OTHER, { _tag: "Plan" }, { expectedVersion }))
            expect(error).toMatchObject({ _tag: "Rejected", reason: "UnknownEngagement" })
          }
        })
      )
    )

    it.effect("a decision recorded on A, replayed on B, is B's approver's to make or nobody's", () =>
      run((service) =>
        Effect.gen(function* () {
          const { b } = yield* twoVisits(service)
          yield* service.execute(zhou, VISIT_ID, { _tag: "Decide", outcome: "approved" })
          // B's first step is also the department head's: the replay is his own decision on B.
          const first = yield* service.execute(zhou, OTHER, { _tag: "Decide", outcome: "approved" })
          expect(first.engagement.decisions.map((d) => d.personId)).toEqual(["zhou.qiang"])
          // Replayed again on B, it would be his second step: refused, nothing written.
          const again = yield* refusal(service.execute(zhou, OTHER, { _tag: "Decide", outcome: "approved" }))
          expect(again).toMatchObject({ _tag: "NotAuthorised" })
          expect((yield* service.get(chen, OTHER))?.version).toBe(b.version + 1)
        })
      )
    )

    it.effect("completing A's task on B finds no such task, and writes nothing", () =>
      run((service) =>
        Effect.gen(function* () {
          yield* twoVisits(service)
          yield* service.execute(zhou, VISIT_ID, { _tag: "Decide", outcome: "approved" })
          const planned = yield* service.execute(wang, VISIT_ID, { _tag: "Plan" })
          const taskOfA = planned.engagement.tasks.find((t) => t.ownerRole === "admin-department")!
          yield* service.execute(zhou, OTHER, { _tag: "Decide", outcome: "approved" })
          yield* service.execute(chen, OTHER, { _tag: "Decide", outcome: "approved" })
          yield* service.execute(wang, OTHER, { _tag: "Plan" })
          const before = yield* service.get(chen, OTHER)
          const error = yield* refusal(service.execute(wang, OTHER, { _tag: "CompleteTask", taskId: taskOfA.id }))
          expect(error).toMatchObject({ _tag: "Rejected", reason: "UnknownTask" })
          expect(yield* service.get(chen, OTHER)).toEqual(before)
        })
      )
    )
  })
})

readPathsUnderAttack("memory", () => MemoryStorage.layer)
