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
import * as Either from "effect/Either"
import fc from "fast-check"
import { Engagement } from "../src/index.js"
import { actor, application, applicationWith, created, createVisit, policies, shanghai } from "./engagementFixtures.js"

const T0 = shanghai("2026-02-09T10:00:00+08:00")
const later = (minutes: number) => DateTime.add(T0, { minutes })

const li = actor("li.na") // requester
const zhou = actor("zhou.qiang") // department head
const wang = actor("wang.fang") // admin department, owner of the visit

/** Runs a pure decision, turning anything thrown into a failed expectation with its message. */
const attempt = (e: Engagement.Engagement, who: Engagement.Actor, command: Engagement.Command, at = later(5)) => {
  try {
    return Engagement.decide(policies, e, who, command, at)
  } catch (thrown) {
    throw new Error(`decide threw instead of answering: ${String(thrown)}`)
  }
}

/** One engagement in each state a command can be tried on, with a command legal there. */
const tries = (): ReadonlyArray<readonly [Engagement.Engagement, Engagement.Command]> => {
  const draft = created(createVisit(), li, T0).engagement
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
})
