import { describe, expect, it } from "@effect/vitest"
import * as ApprovalRouting from "../src/ApprovalRouting.js"
import * as Engagement from "../src/Engagement.js"
import { accept, actor, created, createVisit, policies, refuse, shanghai } from "./engagementFixtures.js"

const at = shanghai("2026-02-09T10:00:00+08:00")

/** The demo's visit, approved by its department head and planned. */
const approvedVisit = () => {
  const draft = created(createVisit(), actor("li.na"), at).engagement
  const submitted = accept(draft, actor("li.na"), { _tag: "Submit" }, at).engagement
  return accept(submitted, actor("zhou.qiang"), { _tag: "Decide", outcome: "approved" }, at).engagement
}

describe("Engagement rules after approval", () => {
  it("lets an approved engagement be rescheduled and renamed without a new approval", () => {
    const approved = approvedVisit()
    expect(approved.status).toBe("approved")
    const edited = accept(
      approved,
      actor("wang.fang"),
      { _tag: "Edit", eventStart: "2026-02-26", title: "改期来访" },
      at
    )
    expect(edited.engagement.eventStart).toBe("2026-02-26")
    expect(edited.engagement.status).toBe("approved")
  })

  it.each([
    ["tier", { tier: "A" }],
    ["level", { level: "special" }],
    ["receptionType", { receptionType: "premium" }],
    ["confidential", { confidential: true }]
  ] as const)("refuses to change %s after approval without a new approval", (field, change) => {
    const approved = approvedVisit()
    const error = refuse(approved, actor("wang.fang"), { _tag: "Edit", ...change }, at)
    expect(error._tag).toBe("Rejected")
    expect(error._tag === "Rejected" && error.reason).toBe("NeedsReapproval")
    expect(error.message).toContain(field)
  })

  it("still lets a draft change its tier (nothing was approved yet)", () => {
    const draft = created(createVisit(), actor("li.na"), at).engagement
    expect(accept(draft, actor("li.na"), { _tag: "Edit", tier: "B" }, at).engagement.tier).toBe("B")
  })
})

describe("Engagement approvals", () => {
  it("does not let one person approve two steps of a route, whatever roles they hold", () => {
    // A route of department head then general manager; He Jing holds both roles.
    const both: Engagement.Actor = { ...actor("he.jing"), roles: ["department-head", "general-manager"] }
    const draft = created(createVisit({ tier: "A", confidential: false }), actor("li.na"), at).engagement
    const submitted = accept(draft, actor("li.na"), { _tag: "Submit" }, at).engagement
    expect(submitted.route?.steps.map((s) => s.role)).toEqual(["department-head", "general-manager"])
    const first = accept(submitted, both, { _tag: "Decide", outcome: "approved" }, at).engagement
    expect(ApprovalRouting.progress(first.route!, first.decisions)._tag).toBe("Pending")
    const error = refuse(first, both, { _tag: "Decide", outcome: "approved" }, at)
    expect(error._tag).toBe("NotAuthorised")
    expect(error.message).toContain("already approved a step")
    // The general manager, someone else, completes it.
    const second = accept(first, actor("chen.gang"), { _tag: "Decide", outcome: "approved" }, at)
    expect(second.engagement.status).toBe("approved")
  })

  it("says a normal engagement starts only from planned", () => {
    const draft = created(createVisit(), actor("li.na"), at).engagement
    const error = refuse(draft, actor("wang.fang"), { _tag: "Start" }, at)
    expect(error._tag).toBe("IllegalTransition")
    expect(error._tag === "IllegalTransition" && error.allowedFrom).toEqual(["planned"])
  })
})

describe("Engagement.redacted", () => {
  it("removes what identifies the guests and keeps the workflow facts", () => {
    const e = approvedVisit()
    const r = Engagement.redacted({ ...e, confidential: true })
    expect(r.counterpart).not.toContain("Lakeside")
    expect(r.title).not.toContain("Lakeside")
    expect(r.application).toBeUndefined()
    expect(r.status).toBe(e.status)
    expect(r.version).toBe(e.version)
    expect(policies.access.grants["department-head"]).not.toContain("edit")
  })
})

describe("Engagement approvals that escalate (超时上报)", () => {
  // Submitted Monday 9 February 2026 at 10:00; the department head has 1 working day, so the step
  // escalates to the general manager at the end of Tuesday 10 February.
  const submitted = () => {
    const draft = created(createVisit(), actor("li.na"), at).engagement
    return accept(draft, actor("li.na"), { _tag: "Submit" }, at).engagement
  }

  it("records when it was submitted", () => {
    expect(submitted().submittedAt).toEqual(at)
  })

  it("keeps the general manager out of the department head's step before it escalates", () => {
    const error = refuse(
      submitted(),
      actor("chen.gang"),
      { _tag: "Decide", outcome: "approved" },
      shanghai("2026-02-10T17:00:00+08:00")
    )
    expect(error._tag).toBe("NotAuthorised")
    expect(error.message).toContain("the next approver is department-head")
  })

  it("lets the general manager decide once the department head has not answered in time, and says so", () => {
    const late = shanghai("2026-02-11T09:00:00+08:00")
    const decided = accept(submitted(), actor("chen.gang"), { _tag: "Decide", outcome: "approved", note: "同意" }, late)
    expect(decided.engagement.status).toBe("approved")
    const decision = decided.engagement.decisions[0]!
    expect(decision.role).toBe("department-head")
    expect(decision.by).toBe("Chen Gang 陈刚")
    expect(decision.note).toBe("escalated to general-manager (超时上报): 同意")
  })

  it("still lets the department head answer after the escalation", () => {
    const late = shanghai("2026-02-12T09:00:00+08:00")
    expect(
      accept(submitted(), actor("zhou.qiang"), { _tag: "Decide", outcome: "approved" }, late).engagement.status
    ).toBe("approved")
  })
})
