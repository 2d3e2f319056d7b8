import { fc, test as fcTest } from "@fast-check/vitest"
import { Gantt, PlanPicture } from "@liaison/calendars"
import { type BusinessCalendar, OfficialCalendars, Plan, ProcedureCatalog } from "@liaison/core"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { excluded, parseGantt } from "./mermaidGantt.js"
import { clientVisit, cn, daysOff, hostileLabel, hostileText, randomPlan, springFestival } from "./pictureFixtures.js"

/** What Mermaid shows of a name: one line, trimmed. */
const shownName = (text: string) => {
  const line = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what Mermaid cannot hold
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
  return line === "" ? "(no name)" : line
}

const chartOf = (...args: Parameters<typeof Gantt.mermaid>) => Either.getOrThrow(Gantt.mermaid(...args))

describe("Gantt.mermaid", () => {
  it("draws the client-reception standard around Spring Festival 2026: phases as milestones by owner, the break excluded, make-up Saturdays included", () => {
    const text = chartOf(clientVisit, cn)
    const chart = parseGantt(text)
    expect(chart.dateFormat).toBe("YYYY-MM-DD")
    expect(chart.inclusiveEndDates).toBe(true)
    expect(chart.title).toBe("Client reception standard / 客户接待流程及标准 — visit-2026-02-24")
    expect(chart.sections.map((s) => s.name)).toEqual([
      "Calendar / 日历",
      "Requester / 需求提出者",
      "Integrated management department (admin group) / 综合管理部（行政组）"
    ])
    const [calendar, requester, admin] = chart.sections
    expect(calendar!.tasks.map((t) => [t.name, t.tags, t.start, t.end])).toEqual([
      ["Event / 活动", ["active"], "2026-02-24", "2026-02-24"],
      ["Spring Festival / 春节", [], "2026-02-15", "2026-02-23"],
      ["Make-up working day / 调休上班 (Spring Festival / 春节)", ["milestone"], "2026-02-14", "2026-02-14"],
      ["Make-up working day / 调休上班 (Spring Festival / 春节)", ["milestone"], "2026-02-28", "2026-02-28"]
    ])
    expect(requester!.tasks.map((t) => [t.name, t.tags, t.start])).toEqual([
      // Notice on 2026-02-11: the application, due 2026-02-10, was missed at planning.
      ["Definition / 接待定案", ["crit", "milestone"], "2026-02-10"]
    ])
    expect(admin!.tasks.map((t) => [t.name, t.start])).toEqual([
      ["Assignment / 工作分配", "2026-02-11"],
      ["Preparation / 准备工作", "2026-02-13"],
      ["On site / 现场工作", "2026-02-24"],
      ["Wrap-up / 接待后收尾", "2026-02-24"],
      ["Summary / 工作总结", "2026-02-25"]
    ])
    // The weekdays of the break are excluded by date, its weekend days by name; the worked
    // Saturdays are included.
    expect(chart.excludes).toEqual([
      "saturday",
      "sunday",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-02-23"
    ])
    expect(chart.includes).toEqual(["2026-02-14", "2026-02-28"])
    expect(excluded(chart, "2026-02-14")).toBe(false)
    expect(excluded(chart, "2026-02-21")).toBe(true)
    expect(excluded(chart, "2026-02-24")).toBe(false)
  })

  it("draws windows as bars from the day they open to the day they are due", () => {
    const chart = parseGantt(chartOf(springFestival, cn, { labels: "en" }))
    const tasks = chart.sections.flatMap((s) => s.tasks)
    const contact = tasks.find((t) => t.name === "Contact")!
    expect([contact.tags, contact.start, contact.end]).toEqual([[], "2026-02-02", "2026-02-06"])
    const approval = tasks.find((t) => t.name === "Request approval")!
    expect([approval.start, approval.end]).toEqual(["2026-01-19", "2026-01-23"])
    expect(tasks.find((t) => t.name === "Plan")!.tags).toEqual(["milestone"])
  })

  it("writes each language on request and groups by plan or in one section", () => {
    const zh = parseGantt(chartOf(clientVisit, cn, { labels: "zh-CN", groupBy: "none" }))
    expect(zh.sections.map((s) => s.name)).toEqual(["日历", "客户接待流程及标准"])
    expect(zh.sections[1]!.tasks.map((t) => t.name)).toEqual([
      "接待定案",
      "工作分配",
      "准备工作",
      "现场工作",
      "接待后收尾",
      "工作总结"
    ])
    const both = parseGantt(chartOf([clientVisit, springFestival], cn, { labels: "en" }))
    expect(both.sections.map((s) => s.name)).toEqual(["Calendar", "visit-2026-02-24", "spring-festival-2026"])
    expect(both.sections[0]!.tasks.filter((t) => t.tags.includes("active")).map((t) => t.name)).toEqual([
      "visit-2026-02-24",
      "spring-festival-2026"
    ])
  })

  it("lists a task without a date as a comment with the reason, and marks provisional ones", () => {
    const plan = Either.getOrThrow(
      Plan.make(ProcedureCatalog.holidayRelations, { engagementId: "sf-2027", eventStart: "2027-02-06" }, cn, () => [])
    )
    // Without the 2027 notice every task is unscheduled: the chart has no task rows, and says why.
    const text = chartOf(plan, cn, { labels: "en" })
    const chart = parseGantt(text)
    expect(chart.sections.flatMap((s) => s.tasks).filter((t) => t.id.startsWith("t"))).toEqual([])
    expect(text).toContain("%% unscheduled: Plan: calendar cn-mainland")
    const provisional = Either.getOrThrow(
      Plan.make(
        ProcedureCatalog.holidayRelations,
        { engagementId: "sf-2027", eventStart: "2027-02-06", beyondCoverage: "provisional" },
        cn
      )
    )
    const names = parseGantt(chartOf(provisional, cn, { labels: "en" }))
      .sections.flatMap((s) => s.tasks)
      .filter((t) => t.id.startsWith("t"))
      .map((t) => t.name)
    expect(names).toContain("Contact (provisional)")
    expect(chartOf(provisional, cn)).toContain("some dates rest on days beyond its data (provisional)")
  })

  it("refuses plans made on another calendar, no plans, and a bad or too long range", () => {
    const other: BusinessCalendar.BusinessCalendar = Either.getOrThrow(OfficialCalendars.byId("weekends-only"))
    const mismatch = Gantt.mermaid(clientVisit, other)
    expect(Either.isLeft(mismatch) && mismatch.left.reason).toBe("CalendarMismatch")
    expect(Either.isLeft(mismatch) && mismatch.left.message).toContain(
      "plans[0] (visit-2026-02-24) was made on calendar cn-mainland"
    )
    const none = Gantt.mermaid([], cn)
    expect(Either.isLeft(none) && none.left).toBeInstanceOf(PlanPicture.PictureError)
    const bad = Gantt.mermaid(clientVisit, cn, { from: "2026-02-30" })
    expect(Either.isLeft(bad) && bad.left.message).toBe(
      'from: expected a date written YYYY-MM-DD that exists, got "2026-02-30"'
    )
    const reversed = Gantt.mermaid(clientVisit, cn, { from: "2026-03-01", to: "2026-02-01" })
    expect(Either.isLeft(reversed) && reversed.left.reason).toBe("InvalidRange")
    const long = Gantt.mermaid(clientVisit, cn, { from: "2020-01-01", to: "2026-02-01" })
    expect(Either.isLeft(long) && long.left.reason).toBe("RangeTooLong")
  })

  it("is deterministic", () => {
    expect(chartOf(clientVisit, cn)).toBe(chartOf(clientVisit, cn))
  })

  describe("escapeText", () => {
    it("writes Mermaid's special characters as entity codes and defuses a keyword at the start", () => {
      expect(Gantt.escapeText("Agenda: 10:00; room #3, 50%")).toBe("Agenda#58; 10#58;00#59; room #35;3, 50#37;")
      expect(Gantt.escapeText("section B")).toBe("#115;ection B")
      expect(Gantt.escapeText("Title review")).toBe("#84;itle review")
      expect(Gantt.escapeText("2026-02-10 visit")).toBe("#50;026-02-10 visit")
      expect(Gantt.escapeText("line one\nline two")).toBe("line one line two")
      expect(Gantt.escapeText(" \n ")).toBe("(no name)")
    })
  })

  describe("laws", () => {
    fcTest.prop([randomPlan()], { numRuns: 200 })(
      "Mermaid parses the chart, every dated task appears once as its bar or milestone, and it excludes exactly the calendar's days off",
      ({ calendar, plan }) => {
        const picture = PlanPicture.make(plan, calendar, { groupBy: "none" })
        if (Either.isLeft(picture)) {
          // Only a plan whose dates spread over more than the longest range is refused.
          expect(picture.left.reason).toBe("RangeTooLong")
          return
        }
        const chart = parseGantt(Gantt.fromPicture(picture.right))
        const rows = chart.sections.slice(1).flatMap((s) => s.tasks)
        const dated = plan.tasks.filter((t) => t.deadline !== undefined)
        expect(rows).toHaveLength(dated.length)
        dated.forEach((task, i) => {
          const row = rows[i]!
          const d = task.deadline!
          const window = d.opensDate !== undefined && d.opensDate !== d.dueDate
          const name = PlanPicture.text(task.name, "both")
          expect(row.name).toBe(shownName(d.provisional ? `${name} (provisional / 暂定)` : name))
          expect([row.start, row.end]).toEqual([window ? d.opensDate : d.dueDate, d.dueDate])
          expect(row.tags.includes("milestone")).toBe(!window)
          expect(row.tags.includes("crit")).toBe(plan.missed.includes(task.id))
        })
        const off = new Set(daysOff(calendar, picture.right.from, picture.right.to))
        for (const day of picture.right.days) expect(excluded(chart, day.date)).toBe(off.has(day.date))
      }
    )

    fcTest.prop([randomPlan(hostileLabel), fc.constantFrom("en", "zh-CN", "both"), hostileText])(
      "hostile task, procedure and title texts stay one task each, shown as written (on one line)",
      ({ calendar, plan }, labels, title) => {
        const picture = PlanPicture.make(plan, calendar, { labels, groupBy: "none", title })
        if (Either.isLeft(picture)) return
        const chart = parseGantt(Gantt.fromPicture(picture.right))
        expect(chart.title).toBe(shownName(title))
        expect(chart.sections.map((s) => s.name)).toEqual([
          shownName(PlanPicture.text({ en: "Calendar", "zh-CN": "日历" }, labels)),
          shownName(PlanPicture.text(plan.procedure.name, labels))
        ])
        const rows = chart.sections[1]!.tasks
        const dated = plan.tasks.filter((t) => t.deadline !== undefined)
        expect(rows.map((r) => r.name)).toEqual(
          dated.map((t) => {
            const name = PlanPicture.text(t.name, labels)
            return shownName(
              t.deadline!.provisional
                ? `${name} (${PlanPicture.text({ en: "provisional", "zh-CN": "暂定" }, labels)})`
                : name
            )
          })
        )
      }
    )
  })
})
