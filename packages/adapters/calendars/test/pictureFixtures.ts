/** Plans for the picture tests: the seed procedures around Spring Festival 2026, and random ones. */
import { fc } from "@fast-check/vitest"
import {
  BusinessCalendar as BC,
  type BusinessCalendar,
  type Label,
  type LocalDate,
  OfficialCalendars,
  Plan,
  type Procedure,
  ProcedureCatalog
} from "@liaison/core"
import * as Arb from "@liaison/core/testing"
import * as Either from "effect/Either"

export const cn = OfficialCalendars.cnMainland

/** The client-reception standard for a visit on 2026-02-24, right after the break (as the demo). */
export const clientVisit = Either.getOrThrow(
  Plan.make(
    ProcedureCatalog.clientReceptionStandard,
    { engagementId: "visit-2026-02-24", eventStart: "2026-02-24", notice: "2026-02-11T10:00:00+08:00" },
    cn
  )
)

/** The holiday-relations campaign for Spring Festival 2026 (its windows). */
export const springFestival = Either.getOrThrow(
  Plan.make(ProcedureCatalog.holidayRelations, { engagementId: "spring-festival-2026", eventStart: "2026-02-15" }, cn)
)

/** Texts Mermaid's Gantt grammar or XML would misread, and characters XML cannot hold. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom(
      "#",
      ":",
      ";",
      "%",
      "%%",
      "%%{",
      "}%%",
      "<",
      ">",
      "&",
      '"',
      "'",
      "`",
      "\n",
      "\r\n",
      "\t",
      "\u2028",
      "\u0000",
      "\u0008",
      "\uFFFE",
      "\uD800",
      "\uDC00",
      "]]>",
      "<script>",
      "&amp;",
      "#58;",
      "#x3a;",
      "section ",
      "title ",
      "click ",
      "call ",
      'href "',
      "excludes ",
      "gantt",
      "2026-02-10",
      "style",
      "a",
      " ",
      "春节",
      "接待"
    ),
    maxLength: 12
  })
)

/** A label of two hostile texts. */
export const hostileLabel: fc.Arbitrary<Label.Label> = fc.record({ en: hostileText, "zh-CN": hostileText })

/**
 * A random plan on a random calendar: one to six steps with point or window rules on the event's
 * start or end (or a holiday the calendar may not know, which leaves the task unscheduled), some
 * steps depending on the one before, evaluated provisionally beyond the calendar's data.
 */
export const randomPlan = (
  names: fc.Arbitrary<Label.Label> = fc.constantFrom(
    { en: "Reception application", "zh-CN": "接待申请" },
    { en: "Preparation", "zh-CN": "准备工作" },
    { en: "Holiday visit", "zh-CN": "节日走访" }
  )
): fc.Arbitrary<{ readonly plan: Plan.Plan; readonly calendar: BusinessCalendar.BusinessCalendar }> =>
  fc
    .record({
      calendar: Arb.calendar({ min: "2020-01-01" as LocalDate.LocalDate, max: "2030-12-31" as LocalDate.LocalDate }),
      eventStart: Arb.localDate({ min: "2020-01-01" as LocalDate.LocalDate, max: "2030-12-31" as LocalDate.LocalDate }),
      length: fc.integer({ min: 0, max: 4 }),
      procedureName: names,
      steps: fc.array(
        fc.record({
          name: names,
          owner: fc.constantFrom("admin-department", "requester", "finance", "someone-else"),
          dependsOnPrevious: fc.boolean(),
          rule: Arb.rule({
            kinds: ["Point", "Window"],
            anchor: { kinds: ["EventStart", "EventEnd", "Holiday"], maxDepth: 0 },
            offset: { units: ["workingDays", "calendarDays", "weeks", "hours"], maxAmount: 20 },
            rolls: ["following", "preceding", "modifiedFollowing", "modifiedPreceding", "none"],
            at: false,
            meta: "never"
          })
        }),
        { minLength: 1, maxLength: 6 }
      ),
      missedAt: fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined })
    })
    .map(({ calendar, eventStart, length, missedAt, procedureName, steps }) => {
      const procedure: Procedure.Procedure = {
        id: "random",
        name: procedureName,
        source: "test",
        version: "1",
        steps: steps.map((s, i) => ({
          id: `s${i}`,
          name: s.name,
          ownerRole: s.owner,
          deadline: s.rule,
          ...(s.dependsOnPrevious && i > 0 ? { dependsOn: [`s${i - 1}`] } : {})
        })) as unknown as readonly [Procedure.Step, ...Array<Procedure.Step>]
      }
      const day = (offset: number) =>
        new Date(Date.parse(`${eventStart}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)
      const plan = Plan.make(
        procedure,
        {
          engagementId: "e-1",
          eventStart,
          eventEnd: day(length),
          ...(missedAt !== undefined ? { now: `${day(missedAt)}T12:00:00Z` } : {}),
          beyondCoverage: "provisional"
        },
        calendar
      )
      return { plan, calendar }
    })
    .filter((x) => Either.isRight(x.plan))
    .map(({ calendar, plan }) => ({ plan: Either.getOrThrow(plan), calendar }))

/** The calendar's non-working days between two dates (both included). */
export const daysOff = (
  calendar: BusinessCalendar.BusinessCalendar,
  from: string,
  to: string
): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    const date = new Date(d).toISOString().slice(0, 10) as LocalDate.LocalDate
    const info = Either.getOrThrow(BC.dayInfo(calendar, date))
    if (!info.working) out.push(date)
  }
  return out
}
