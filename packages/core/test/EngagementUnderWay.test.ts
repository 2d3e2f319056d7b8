/**
 * Editing an engagement under way (in progress, held, settled): the end of the event and the
 * named anchors the plan needs may be recorded, and the tasks follow; nothing else may change.
 * Found by the incident example, where neither the end of on-site handling nor the GM's aftermath
 * period could be recorded during an emergency, so the aftermath task never had a date.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import fc from "fast-check"
import { Engagement } from "../src/index.js"
import { accept, actor, created, policies, refuse, shanghai } from "./engagementFixtures.js"

const wang = actor("wang.fang") // admin department: opens and owns the incident here
const zhou = actor("zhou.qiang") // department head: no edit permission
const chen = actor("chen.gang") // general manager

const ID = "incident-2026-03-12-leak" as Engagement.EngagementId
const onSite = shanghai("2026-03-12T14:24:00+08:00")

/** An emergency started, planned, with its first two tasks done. */
const incident = () => {
  let e = created(
    {
      _tag: "Create",
      id: ID,
      title: "Burst pipe 水管爆裂",
      procedureId: "incident-response",
      counterpart: "Customer 顾客",
      emergency: true,
      notice: "2026-03-12T14:20:00+08:00",
      eventStart: "2026-03-12T14:20:00+08:00"
    },
    wang,
    onSite
  ).engagement
  e = accept(e, wang, { _tag: "Start" }, onSite).engagement
  e = accept(e, wang, { _tag: "Plan" }, onSite).engagement
  e = accept(e, wang, { _tag: "CompleteTask", taskId: `${ID}/respond` }, onSite).engagement
  return e
}
const task = (e: Engagement.Engagement, step: string) => e.tasks.find((t) => t.stepId === step)!

describe("editing an engagement under way", () => {
  it("records the end of on-site handling in progress, and the report and review follow it", () => {
    const e = incident()
    expect(task(e, "review").dueDate).toBe("2026-03-19")
    const ended = accept(e, wang, { _tag: "Edit", eventEnd: "2026-03-13T01:30:00+08:00" }, onSite)
    expect(ended.engagement.status).toBe("inProgress")
    expect(ended.engagement.eventEnd).toBe("2026-03-13T01:30:00+08:00")
    expect(task(ended.engagement, "report").dueDate).toBe("2026-03-13")
    expect(task(ended.engagement, "review").dueDate).toBe("2026-03-20")
    // What was done stays done.
    expect(task(ended.engagement, "respond").done?.by).toBe("wang.fang")
    expect(ended.ledger[0]!.reason).toBe("edited: eventEnd; tasks re-dated")
  })

  it("lets the GM set the aftermath period once held, which dates the aftermath task, keeping other anchors", () => {
    let e = accept(incident(), wang, { _tag: "Edit", anchors: { callback: "2026-03-14" } }, onSite).engagement
    e = accept(e, wang, { _tag: "Hold" }, onSite).engagement
    expect(task(e, "aftermath").due).toBeUndefined()
    const set = accept(e, chen, { _tag: "Edit", anchors: { aftermathDue: "2026-03-20T18:00:00+08:00" } }, onSite)
    expect(set.engagement.anchors).toEqual({ callback: "2026-03-14", aftermathDue: "2026-03-20T18:00:00+08:00" })
    expect(task(set.engagement, "aftermath").due).toBe("2026-03-20T18:00:00.000+08:00")
  })

  it.each([
    ["title", { title: "Something else" }],
    ["counterpart", { counterpart: "Someone else" }],
    ["confidential", { confidential: true }],
    ["tier", { tier: "A" }],
    ["ownerId", { ownerId: "zhao.lei" }],
    ["eventStart", { eventStart: "2026-03-11" }],
    ["notice", { notice: "2026-03-12T15:00:00+08:00" }]
  ])("refuses to change %s under way, and changes nothing", (_, change) => {
    const e = incident()
    const error = refuse(e, wang, { _tag: "Edit", ...change, eventEnd: "2026-03-12T18:00:00+08:00" }, onSite)
    expect(error).toMatchObject({ _tag: "Rejected", reason: "UnderWay" })
  })

  it("is not a way round authorisation: the department head may not edit an incident he does not own", () => {
    expect(refuse(incident(), zhou, { _tag: "Edit", eventEnd: "2026-03-12T18:00:00+08:00" }, onSite)._tag).toBe(
      "NotAuthorised"
    )
  })

  it("a closed or cancelled engagement is never edited", () => {
    const e = { ...incident(), status: "closed" as const }
    expect(refuse(e, chen, { _tag: "Edit", eventEnd: "2026-03-12T18:00:00+08:00" }, onSite)._tag).toBe(
      "IllegalTransition"
    )
  })

  it("law: under way, an edit is accepted exactly when it records only eventEnd and anchors", () => {
    const fields = fc.record(
      {
        title: fc.constant("Renamed"),
        tier: fc.constantFrom("A", "B"),
        ownerId: fc.constant("zhao.lei"),
        eventEnd: fc.constantFrom("2026-03-12T18:00:00+08:00", "2026-03-13"),
        anchors: fc.constant({ aftermathDue: "2026-03-20T18:00:00+08:00" })
      },
      { requiredKeys: [] }
    )
    const base = incident()
    fc.assert(
      fc.property(
        fields,
        fc.constantFrom("inProgress" as const, "held" as const, "settled" as const),
        (edit, status) => {
          const e = { ...base, status }
          const result = Engagement.decide(policies, e, chen, { _tag: "Edit", ...edit }, onSite)
          const recordsOnly = Object.keys(edit).every((k) => k === "eventEnd" || k === "anchors")
          if (recordsOnly) {
            if (Either.isLeft(result)) return false
            const after = result.right.engagement
            return after.tasks.filter((t) => t.done).length === e.tasks.filter((t) => t.done).length
          }
          return Either.isLeft(result) && result.left._tag === "Rejected" && result.left.reason === "UnderWay"
        }
      ),
      { numRuns: 300 }
    )
  })
})
