import { test as fcTest } from "@fast-check/vitest"
import { PlanPicture } from "@liaison/calendars"
import { LocalDate, Plan, ProcedureCatalog } from "@liaison/core"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { clientVisit, cn, randomPlan, springFestival } from "./pictureFixtures.js"

describe("PlanPicture.make", () => {
  it("shows whole weeks around the plan, the break as one block and its make-up Saturdays", () => {
    const picture = Either.getOrThrow(PlanPicture.make(clientVisit, cn, { labels: "zh-CN" }))
    expect([picture.from, picture.to]).toEqual(["2026-02-09", "2026-03-01"])
    expect(picture.holidays).toEqual([{ name: "春节", from: "2026-02-15", to: "2026-02-23" }])
    expect(picture.makeUpDays).toEqual([
      { date: "2026-02-14", name: "春节" },
      { date: "2026-02-28", name: "春节" }
    ])
    expect(picture.events).toEqual([{ name: "活动", from: "2026-02-24", to: "2026-02-24" }])
    expect(picture.sections.map((s) => [s.name, s.rows.map((r) => r.name)])).toEqual([
      ["需求提出者", ["接待定案"]],
      ["综合管理部（行政组）", ["工作分配", "准备工作", "现场工作", "接待后收尾", "工作总结"]]
    ])
    expect(picture.provisional).toBe(false)
  })

  it("clips a break to the range given, and names a role the host app adds", () => {
    const picture = Either.getOrThrow(
      PlanPicture.make(springFestival, cn, {
        labels: "en",
        from: "2026-02-01",
        to: "2026-02-18",
        roles: [{ id: "liaison-officer", label: { en: "Our liaison desk", "zh-CN": "外联组" } }]
      })
    )
    expect(picture.holidays).toEqual([{ name: "Spring Festival", from: "2026-02-15", to: "2026-02-18" }])
    expect(picture.days).toHaveLength(18)
    expect(picture.sections[0]!.name).toBe("Our liaison desk")
  })

  it("reads the event's day in the calendar's zone when it is given as an instant", () => {
    const plan = Either.getOrThrow(
      Plan.make(
        ProcedureCatalog.clientReceptionStandard,
        { engagementId: "v", eventStart: "2026-02-23T17:00:00Z", eventEnd: "2026-02-24T10:00:00+08:00" },
        cn
      )
    )
    const picture = Either.getOrThrow(PlanPicture.make(plan, cn, { labels: "en" }))
    // 17:00 UTC on the 23rd is 01:00 on the 24th in Shanghai.
    expect(picture.events).toEqual([{ name: "Event", from: "2026-02-24", to: "2026-02-24" }])
  })

  describe("laws", () => {
    fcTest.prop([randomPlan()], { numRuns: 150 })(
      "the default range runs from a Monday to a Sunday and holds every date of the plan with a day to spare",
      ({ calendar, plan }) => {
        const picture = PlanPicture.make(plan, calendar)
        if (Either.isLeft(picture)) {
          expect(picture.left.reason).toBe("RangeTooLong")
          return
        }
        const { days, from, to } = picture.right
        expect(LocalDate.weekday(from)).toBe(1)
        expect(LocalDate.weekday(to)).toBe(7)
        expect(days.map((d) => d.date)).toEqual(
          Array.from({ length: LocalDate.daysBetween(from, to) + 1 }, (_, i) => LocalDate.unsafeAddDays(from, i))
        )
        for (const task of plan.tasks) {
          for (const date of [task.deadline?.opensDate, task.deadline?.dueDate]) {
            if (date === undefined) continue
            expect(date > from && date < to).toBe(true)
          }
        }
      }
    )
  })
})
