import { fc, test as fcTest } from "@fast-check/vitest"
import { PlanPicture, Timeline } from "@liaison/calendars"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { clientVisit, cn, daysOff, hostileLabel, hostileText, randomPlan, springFestival } from "./pictureFixtures.js"
import { allText, descendants, parseXml, type XmlElement } from "./xmlCheck.js"

const svgOf = (...args: Parameters<typeof Timeline.svg>) => Either.getOrThrow(Timeline.svg(...args))
const byClass = (root: XmlElement, cls: string) =>
  descendants(root).filter((e) => (e.attributes.class ?? "").split(" ").includes(cls))
/** What XML can hold of a text: characters it cannot are U+FFFD. */
const xmlSafe = (s: string) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")

describe("Timeline.svg", () => {
  it("draws the client-reception standard around Spring Festival 2026 as well-formed SVG: the break and weekends shaded, make-up Saturdays marked", () => {
    const root = parseXml(svgOf(clientVisit, cn))
    expect(root.name).toBe("svg")
    expect(root.attributes.xmlns).toBe("http://www.w3.org/2000/svg")
    expect(root.attributes["font-family"]).toContain("Noto Sans CJK SC")
    expect(descendants(root).find((e) => e.name === "title")?.text).toBe(
      "Client reception standard / 客户接待流程及标准 — visit-2026-02-24"
    )
    const off = byClass(root, "day-off").map((e) => [e.attributes["data-date"], e.attributes["data-kind"]])
    expect(off).toEqual([
      ["2026-02-15", "holiday"],
      ["2026-02-16", "holiday"],
      ["2026-02-17", "holiday"],
      ["2026-02-18", "holiday"],
      ["2026-02-19", "holiday"],
      ["2026-02-20", "holiday"],
      ["2026-02-21", "holiday"],
      ["2026-02-22", "holiday"],
      ["2026-02-23", "holiday"],
      ["2026-03-01", "weekend"]
    ])
    expect(byClass(root, "make-up").map((e) => e.attributes["data-date"])).toEqual(["2026-02-14", "2026-02-28"])
    expect(byClass(root, "holiday-name").map((e) => e.text)).toEqual(["Spring Festival / 春节"])
    const tasks = byClass(root, "task").map((g) => [
      g.attributes["data-task-id"],
      g.attributes["data-due"],
      g.attributes.class
    ])
    expect(tasks).toEqual([
      ["visit-2026-02-24/definition", "2026-02-10", "task task-point missed"],
      ["visit-2026-02-24/assignment", "2026-02-11", "task task-point"],
      ["visit-2026-02-24/preparation", "2026-02-13", "task task-point"],
      ["visit-2026-02-24/on-site", "2026-02-24", "task task-point"],
      ["visit-2026-02-24/wrap-up", "2026-02-24", "task task-point"],
      ["visit-2026-02-24/summary", "2026-02-25", "task task-point"]
    ])
    // Each task carries its explanation as a tooltip.
    const definition = byClass(root, "task")[0]!
    expect(definition.children.find((c) => c.name === "title")?.text).toContain(
      "Skipped: 2026-02-15 to 2026-02-23 Spring Festival holiday"
    )
    expect(byClass(root, "legend-item").map(allText)).toEqual([
      "working day / 工作日",
      "weekend / 周末",
      "holiday / 节假日",
      "make-up working day / 调休上班",
      "event / 活动",
      "window (opens → due) / 时间窗",
      "deadline / 截止日",
      "missed at planning / 编制时已逾期"
    ])
  })

  it("draws windows as bars from the day they open to the day after they are due", () => {
    const root = parseXml(svgOf(springFestival, cn, { labels: "zh-CN", dayWidth: 10 }))
    const contact = byClass(root, "task").find((g) => g.attributes["data-task-id"] === "spring-festival-2026/contact")!
    expect([contact.attributes["data-opens"], contact.attributes["data-due"]]).toEqual(["2026-02-02", "2026-02-06"])
    const bar = contact.children.find((c) => c.name === "rect")!
    const start = Number(byClass(root, "frame")[0]!.attributes.x)
    // The range starts on Monday 2026-01-12: the contact window opens 21 days in and covers 5 days.
    expect(Number(bar.attributes.x)).toBe(start + 21 * 10 + 1)
    expect(Number(bar.attributes.width)).toBe(5 * 10 - 2)
    expect(allText(contact)).toContain("联络")
  })

  it("refuses a day width it cannot draw", () => {
    const bad = Timeline.svg(clientVisit, cn, { dayWidth: 0 })
    expect(Either.isLeft(bad) && bad.left.reason).toBe("InvalidOption")
  })

  it("escapes text and replaces what XML cannot hold", () => {
    expect(Timeline.escapeXml(`<a href="x">&'\u0000\uD800`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;\uFFFD\uFFFD")
  })

  describe("laws", () => {
    fcTest.prop([randomPlan(), fc.constantFrom("en", "zh-CN", "both")], { numRuns: 200 })(
      "the SVG is well-formed, every task appears, and the shaded days are exactly the calendar's days off in the range",
      ({ calendar, plan }, labels) => {
        const picture = PlanPicture.make(plan, calendar, { labels })
        if (Either.isLeft(picture)) {
          expect(picture.left.reason).toBe("RangeTooLong")
          return
        }
        const root = parseXml(Timeline.fromPicture(picture.right))
        const shaded = byClass(root, "day-off").map((e) => e.attributes["data-date"])
        expect(shaded).toEqual(daysOff(calendar, picture.right.from, picture.right.to))
        const drawn = byClass(root, "task")
        expect(drawn.map((g) => g.attributes["data-task-id"]).sort()).toEqual(plan.tasks.map((t) => t.id).sort())
        for (const g of drawn) {
          const task = plan.tasks.find((t) => t.id === g.attributes["data-task-id"])!
          expect(g.attributes["data-due"]).toBe(task.deadline?.dueDate)
          const shape = g.children.find((c) => c.name === "rect" || c.name === "polygon")
          expect(shape?.name).toBe(
            task.deadline === undefined
              ? undefined
              : task.deadline.opensDate !== undefined && task.deadline.opensDate !== task.deadline.dueDate
                ? "rect"
                : "polygon"
          )
        }
      }
    )

    fcTest.prop([randomPlan(hostileLabel), fc.constantFrom("en", "zh-CN", "both"), hostileText])(
      "hostile task names and titles stay text: the SVG is well-formed and shows them as written",
      ({ calendar, plan }, labels, title) => {
        const picture = PlanPicture.make(plan, calendar, { labels, title })
        if (Either.isLeft(picture)) return
        const root = parseXml(Timeline.fromPicture(picture.right))
        expect(byClass(root, "title")[0]!.text).toBe(xmlSafe(title))
        const names = byClass(root, "task-name").map((e) => e.text)
        const expected = picture.right.sections.flatMap((s) => s.rows.map((r) => xmlSafe(r.name)))
        expect(names).toEqual(expected)
        expect(descendants(root).some((e) => e.name === "script")).toBe(false)
      }
    )
  })
})
