import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import { OfficialCalendars, Plan, Procedure, ProcedureCatalog } from "../src/index.js"

// Every built-in procedure planned on the official China calendar for real dates in 2025–2026.
// The expected dates are counted by hand from the seed's timing words and the State Council's
// notices, as the comments show; the code is not consulted for them.
//
// The 2025 and 2026 days that matter here:
//   2025  New Year 01-01 (Wed); Spring Festival 01-28 (Tue) to 02-04 (Tue), make-up working days
//         Sun 01-26 and Sat 02-08; Dragon Boat 05-31 to 06-02; National Day with Mid-Autumn
//         10-01 (Wed) to 10-08 (Wed), make-up working days Sun 09-28 and Sat 10-11.
//   2026  New Year 01-01 (Thu) to 01-03 (Sat), make-up working day Sun 01-04; Spring Festival
//         02-15 (Sun) to 02-23 (Mon), make-up working days Sat 02-14 and Sat 02-28; Mid-Autumn
//         09-25 (Fri) to 09-27; National Day 10-01 (Thu) to 10-07 (Wed), make-up Sat 10-10.
// A day-based deadline falls at the end of the working day, 18:00 in Asia/Shanghai (office hours
// 09:00–12:00 and 13:30–18:00); on a day without working hours, at midnight after it.

const cn = OfficialCalendars.cnMainland

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const builtIn = (id: string): Procedure.Procedure => {
  const procedure = ProcedureCatalog.builtIn.get(id)
  if (procedure === undefined) throw new Error(`no built-in procedure ${id}`)
  return procedure
}

const plan = (id: string, input: Omit<Plan.PlanInput, "engagementId">): Plan.Plan =>
  ok(Plan.make(builtIn(id), { engagementId: "e1", ...input }, cn))

/** Each step's due date, `opens/due` for a window (ISO 8601 interval), or `unscheduled`. */
const dates = (p: Plan.Plan): Record<string, string> =>
  Object.fromEntries(
    p.tasks.map((t) => [
      t.stepId,
      t.deadline === undefined
        ? "unscheduled"
        : t.deadline.opensDate === undefined
          ? t.deadline.dueDate
          : `${t.deadline.opensDate}/${t.deadline.dueDate}`
    ])
  )

/** A step's due instant as ISO 8601 with offset. */
const due = (p: Plan.Plan, step: string): string => {
  const task = p.tasks.find((t) => t.stepId === step)
  if (task?.deadline === undefined) throw new Error(`${step} is not scheduled`)
  return DateTime.formatIsoOffset(task.deadline.due)
}

const opens = (p: Plan.Plan, step: string): string | undefined => {
  const o = p.tasks.find((t) => t.stepId === step)?.deadline?.opens
  return o === undefined ? undefined : DateTime.formatIsoOffset(o)
}

describe("ProcedureCatalog", () => {
  describe("the built-in catalog", () => {
    it("holds the ten procedures of the seeds under their stable ids", () => {
      expect([...ProcedureCatalog.builtIn.keys()]).toEqual([
        "government-liaison",
        "holiday-relations",
        "incident-response",
        "visit-reception",
        "vip-shopping",
        "external-meeting",
        "liaison-roster",
        "internal-guest",
        "client-reception-standard",
        "client-visit-14-steps"
      ])
      expect([...ProcedureCatalog.builtIn.values()].map((p) => p.steps.length)).toEqual([
        7, 7, 6, 10, 7, 8, 3, 2, 6, 14
      ])
    })

    it("validates every built-in: unique step ids, known dependencies, no cycle, declared anchors", () => {
      for (const procedure of ProcedureCatalog.builtIn.values()) {
        expect(Procedure.validate(procedure)).toEqual(Either.right(procedure))
      }
    })

    it("decodes every built-in back from its JSON, as a host app stores it", () => {
      for (const procedure of ProcedureCatalog.builtIn.values()) {
        const decoded = Procedure.decode(JSON.parse(JSON.stringify(procedure)))
        expect(Either.isRight(decoded), procedure.id).toBe(true)
        expect(Either.getOrThrow(decoded)).toEqual(procedure)
      }
    })

    it("cites the seed each procedure comes from", () => {
      const sources = [...ProcedureCatalog.builtIn.values()].map((p) => p.source.slice(0, 8))
      expect(sources).toEqual([...Array(8).fill("seed 000"), "seed 001", "seed 003"])
    })

    it("names every step in zh-CN and en", () => {
      for (const procedure of ProcedureCatalog.builtIn.values()) {
        for (const step of procedure.steps) {
          expect(step.name["zh-CN"].length, `${procedure.id}/${step.id}`).toBeGreaterThan(0)
          expect(step.name.en.length, `${procedure.id}/${step.id}`).toBeGreaterThan(0)
        }
      }
    })
  })

  describe("P9 client-reception-standard (seed 001: 开始前5/4/2个工作日, 活动当天, 活动翌日)", () => {
    it("plans a visit on Tue 2026-02-24 across the 9-day Spring Festival break", () => {
      const p = plan("client-reception-standard", { eventStart: "2026-02-24" })
      expect(dates(p)).toEqual({
        // Counting back from Tue 02-24: 02-23 to 02-15 are the break; Sat 02-14 (make-up) is 1,
        // Fri 02-13 is 2, Thu 02-12 3, Wed 02-11 4, Tue 02-10 5.
        definition: "2026-02-10",
        assignment: "2026-02-11",
        preparation: "2026-02-13",
        "on-site": "2026-02-24",
        "wrap-up": "2026-02-24",
        // 翌日, the next day: Wed 02-25.
        summary: "2026-02-25"
      })
      expect(due(p, "definition")).toBe("2026-02-10T18:00:00.000+08:00")
      expect(p.warnings).toEqual([])
    })

    it("plans a visit on Tue 2026-03-03, counting Sat 02-28 (a make-up working day)", () => {
      // Back from Tue 03-03: Mon 03-02 is 1, Sat 02-28 (make-up) 2, Fri 02-27 3, Thu 02-26 4,
      // Wed 02-25 5. Preparation, 2 working days before, is the make-up Saturday itself.
      expect(dates(plan("client-reception-standard", { eventStart: "2026-03-03" }))).toEqual({
        definition: "2026-02-25",
        assignment: "2026-02-26",
        preparation: "2026-02-28",
        "on-site": "2026-03-03",
        "wrap-up": "2026-03-03",
        summary: "2026-03-04"
      })
    })

    it("plans a visit on Wed 2025-02-05 to Fri 02-07, right after Spring Festival 2025", () => {
      // Back from Wed 02-05: 02-04 to 01-28 are the break; Mon 01-27 is 1, Sun 01-26 (make-up) 2,
      // Sat 01-25 is skipped, Fri 01-24 3, Thu 01-23 4, Wed 01-22 5.
      // The day after Fri 02-07 is Sat 02-08, a make-up working day.
      expect(dates(plan("client-reception-standard", { eventStart: "2025-02-05", eventEnd: "2025-02-07" }))).toEqual({
        definition: "2025-01-22",
        assignment: "2025-01-23",
        preparation: "2025-01-26",
        "on-site": "2025-02-05",
        "wrap-up": "2025-02-07",
        summary: "2025-02-08"
      })
    })

    it("plans a visit on Thu 2025-10-09 to Fri 10-10, right after National Day 2025", () => {
      // Back from Thu 10-09: 10-08 to 10-01 are the break; Tue 09-30 is 1, Mon 09-29 2,
      // Sun 09-28 (make-up) 3, Sat 09-27 skipped, Fri 09-26 4, Thu 09-25 5.
      // The day after Fri 10-10 is Sat 10-11, a make-up working day.
      expect(dates(plan("client-reception-standard", { eventStart: "2025-10-09", eventEnd: "2025-10-10" }))).toEqual({
        definition: "2025-09-25",
        assignment: "2025-09-26",
        preparation: "2025-09-29",
        "on-site": "2025-10-09",
        "wrap-up": "2025-10-10",
        summary: "2025-10-11"
      })
    })

    it("plans a visit on Wed 2025-06-18 in a plain week", () => {
      // Tue 06-17 1, Mon 06-16 2, Fri 06-13 3, Thu 06-12 4, Wed 06-11 5.
      expect(dates(plan("client-reception-standard", { eventStart: "2025-06-18" }))).toEqual({
        definition: "2025-06-11",
        assignment: "2025-06-12",
        preparation: "2025-06-16",
        "on-site": "2025-06-18",
        "wrap-up": "2025-06-18",
        summary: "2025-06-19"
      })
    })
  })

  describe("P4 visit-reception (seed 000 §4: 1 and 2 hours after notice, 10 and 2–3 and 1 days before, the next day, a week after)", () => {
    it("plans a visit on Tue 2026-02-24 to Wed 02-25 announced Mon 02-09 10:00, across Spring Festival 2026", () => {
      const p = plan("visit-reception", {
        eventStart: "2026-02-24",
        eventEnd: "2026-02-25",
        notice: "2026-02-09T10:00:00+08:00"
      })
      expect(dates(p)).toEqual({
        understand: "2026-02-09",
        agenda: "2026-02-09",
        // 10 days before 02-24 is Sat 02-14, a make-up working day: no roll.
        invitations: "2026-02-14",
        // Keep in touch until the working day before: 02-23 to 02-15 are the break, so Sat 02-14.
        "keep-in-touch": "2026-02-14",
        // 2–3 days before are Sun 02-22 and Sat 02-21, both in the break: no working day inside,
        // so the work moves to the last working day before them, Sat 02-14.
        prepare: "2026-02-14/2026-02-14",
        // 1 day before is Mon 02-23, in the break: brought forward to Sat 02-14.
        "final-check": "2026-02-14",
        host: "2026-02-25",
        // 结束当天/次日: Wed 02-25 or Thu 02-26.
        settle: "2026-02-25/2026-02-26",
        // A week after Wed 02-25.
        thank: "2026-03-04",
        ledger: "2026-02-26"
      })
      // 接获通知1小时内 / 2小时内: 11:00 and 12:00.
      expect(due(p, "understand")).toBe("2026-02-09T11:00:00.000+08:00")
      expect(due(p, "agenda")).toBe("2026-02-09T12:00:00.000+08:00")
      expect(opens(p, "prepare")).toBe("2026-02-14T09:00:00.000+08:00")
      expect(p.missed).toEqual([])
    })

    it("plans a visit on Thu 2025-10-09 to Sat 10-11 (a make-up working day), after National Day 2025", () => {
      expect(
        dates(
          plan("visit-reception", {
            eventStart: "2025-10-09",
            eventEnd: "2025-10-11",
            notice: "2025-09-22T09:00:00+08:00"
          })
        )
      ).toEqual({
        understand: "2025-09-22",
        agenda: "2025-09-22",
        // 10 days before Thu 10-09 is Mon 09-29, a working day.
        invitations: "2025-09-29",
        // 10-08 to 10-01 are the break: the working day before is Tue 09-30.
        "keep-in-touch": "2025-09-30",
        // 2–3 days before are 10-07 and 10-06, in the break: moved to Tue 09-30.
        prepare: "2025-09-30/2025-09-30",
        "final-check": "2025-09-30",
        host: "2025-10-11",
        // The next working day after Sat 10-11 is Mon 10-13.
        settle: "2025-10-11/2025-10-13",
        // A week after Sat 10-11 is Sat 10-18, a weekend: the following Monday, 10-20.
        thank: "2025-10-20",
        ledger: "2025-10-13"
      })
    })

    it("plans a one-day visit on Mon 2025-06-16 in a plain week", () => {
      expect(dates(plan("visit-reception", { eventStart: "2025-06-16", notice: "2025-06-03T09:00:00+08:00" }))).toEqual(
        {
          understand: "2025-06-03",
          agenda: "2025-06-03",
          // 10 days before Mon 06-16 is Fri 06-06.
          invitations: "2025-06-06",
          "keep-in-touch": "2025-06-13",
          // 3 days before is Fri 06-13, 2 days before Sat 06-14 is brought in to Fri 06-13.
          prepare: "2025-06-13/2025-06-13",
          // 1 day before is Sun 06-15: brought forward to Fri 06-13.
          "final-check": "2025-06-13",
          host: "2025-06-16",
          settle: "2025-06-16/2025-06-17",
          thank: "2025-06-23",
          ledger: "2025-06-17"
        }
      )
    })
  })

  describe("P1 government-liaison (seed 000 §1: quarterly plan, a week before, 1–2 days before, same day, a week after)", () => {
    it("plans a contact on Tue 2025-01-14, merged with Spring Festival 14 days before it (节前10-15天)", () => {
      expect(dates(plan("government-liaison", { eventStart: "2025-01-14" }))).toEqual({
        // Q1 starts Wed 01-01, New Year's Day: the first working day is Thu 01-02.
        plan: "2025-01-02",
        // A week before Tue 01-14.
        "request-approval": "2025-01-07",
        // 1–2 working days before Tue 01-14: Mon 01-13 and Fri 01-10.
        funds: "2025-01-10/2025-01-13",
        contact: "2025-01-14",
        report: "2025-01-14",
        ledger: "2025-01-14",
        reimburse: "2025-01-21"
      })
    })

    it("plans a contact on Wed 2026-02-25, after Spring Festival 2026", () => {
      expect(dates(plan("government-liaison", { eventStart: "2026-02-25" }))).toEqual({
        // Q1 2026 starts with New Year 01-01 to 01-03; Sun 01-04 is its make-up working day.
        plan: "2026-01-04",
        // A week before is Wed 02-18, in the break: brought forward to Sat 02-14 (make-up).
        "request-approval": "2026-02-14",
        // 1 working day before Wed 02-25 is Tue 02-24; 2 is Sat 02-14, across the break.
        funds: "2026-02-14/2026-02-24",
        contact: "2026-02-25",
        report: "2026-02-25",
        ledger: "2026-02-25",
        reimburse: "2026-03-04"
      })
    })

    it("plans a contact on Thu 2025-05-22 in a plain week", () => {
      expect(dates(plan("government-liaison", { eventStart: "2025-05-22" }))).toEqual({
        plan: "2025-04-01",
        "request-approval": "2025-05-15",
        funds: "2025-05-20/2025-05-21",
        contact: "2025-05-22",
        report: "2025-05-22",
        ledger: "2025-05-22",
        reimburse: "2025-05-29"
      })
    })

    it("warns when a contact early in a quarter needs approval before that quarter's plan is due", () => {
      // Fri 2026-10-09: Q4 starts with National Day (10-01 to 10-07), so the plan is due Thu
      // 10-08; a week before the contact is Fri 10-02, in the break, brought forward to Wed
      // 09-30. The approval (请示, "按计划开展") comes before the plan it follows: the plan says so.
      const p = plan("government-liaison", { eventStart: "2026-10-09" })
      expect(dates(p)).toMatchObject({ plan: "2026-10-08", "request-approval": "2026-09-30" })
      expect(p.warnings).toEqual([
        "e1/request-approval is due (2026-09-30) before e1/plan (2026-10-08), which it depends on"
      ])
    })
  })

  describe("P2 holiday-relations (seed 000 §2: contacts 1–2 weeks before the holiday, approval 1–2 weeks before them)", () => {
    it("plans Spring Festival 2026 from the first day of its break, Sun 02-15", () => {
      // The contacts start 2 weeks before, Sun 02-01.
      expect(dates(plan("holiday-relations", { eventStart: "2026-02-15" }))).toEqual({
        // 2 weeks before the contacts start is Sun 01-18: brought forward to Fri 01-16.
        plan: "2026-01-16",
        // 2 to 1 weeks before Sun 02-01: Sun 01-18 rolls in to Mon 01-19, Sun 01-25 to Fri 01-23.
        "request-approval": "2026-01-19/2026-01-23",
        // 2 and 1 working days before Sun 02-01: Thu 01-29 and Fri 01-30.
        funds: "2026-01-29/2026-01-30",
        // 节前1-2周: Sun 02-01 rolls in to Mon 02-02, Sun 02-08 to Fri 02-06.
        contact: "2026-02-02/2026-02-06",
        report: "2026-02-06",
        ledger: "2026-02-06",
        // A week after the last contact day (Sun 02-08) is the holiday's first day, Sun 02-15:
        // rolled to the first working day after the break, Tue 02-24.
        reimburse: "2026-02-24"
      })
    })

    it("plans Spring Festival 2025 from the first day of its break, Tue 01-28", () => {
      // The contacts start 2 weeks before, Tue 01-14.
      expect(dates(plan("holiday-relations", { eventStart: "2025-01-28" }))).toEqual({
        plan: "2024-12-31",
        "request-approval": "2024-12-31/2025-01-07",
        // Mon 01-13 and Fri 01-10.
        funds: "2025-01-10/2025-01-13",
        contact: "2025-01-14/2025-01-21",
        report: "2025-01-21",
        ledger: "2025-01-21",
        // Tue 01-28 starts the break (to Tue 02-04): Wed 02-05.
        reimburse: "2025-02-05"
      })
    })

    it("plans New Year's Day 2026 (Thu 01-01), reimbursing on the make-up Sunday 01-04", () => {
      expect(dates(plan("holiday-relations", { eventStart: "2026-01-01" }))).toEqual({
        plan: "2025-12-04",
        "request-approval": "2025-12-04/2025-12-11",
        // 2 and 1 working days before Thu 12-18: Tue 12-16 and Wed 12-17.
        funds: "2025-12-16/2025-12-17",
        contact: "2025-12-18/2025-12-25",
        report: "2025-12-25",
        ledger: "2025-12-25",
        // Thu 01-01 to Sat 01-03 are the holiday; Sun 01-04 is its make-up working day.
        reimburse: "2026-01-04"
      })
    })

    it("plans Christmas 2025 (Thu 12-25, a working day in China) like a plain week", () => {
      expect(dates(plan("holiday-relations", { eventStart: "2025-12-25" }))).toEqual({
        plan: "2025-11-27",
        "request-approval": "2025-11-27/2025-12-04",
        funds: "2025-12-09/2025-12-10",
        contact: "2025-12-11/2025-12-18",
        report: "2025-12-18",
        ledger: "2025-12-18",
        reimburse: "2025-12-25"
      })
    })

    it("plans Mid-Autumn 2026 (Fri 09-25 to Sun 09-27)", () => {
      expect(dates(plan("holiday-relations", { eventStart: "2026-09-25" }))).toEqual({
        plan: "2026-08-28",
        "request-approval": "2026-08-28/2026-09-04",
        funds: "2026-09-09/2026-09-10",
        contact: "2026-09-11/2026-09-18",
        report: "2026-09-18",
        ledger: "2026-09-18",
        // Fri 09-25 to Sun 09-27 are the holiday: Mon 09-28.
        reimburse: "2026-09-28"
      })
    })
  })

  describe("P3 incident-response (seed 000 §3: at once, the same day, within the prescribed period, within a week)", () => {
    it("plans an incident during Spring Festival 2025, Sat 02-01 10:15, handled by 16:00", () => {
      const p = plan("incident-response", {
        eventStart: "2025-02-01T10:15:00+08:00",
        eventEnd: "2025-02-01T16:00:00+08:00",
        notice: "2025-02-01T10:15:00+08:00"
      })
      expect(dates(p)).toEqual({
        respond: "2025-02-01",
        notify: "2025-02-01",
        handle: "2025-02-01",
        report: "2025-02-01",
        aftermath: "unscheduled",
        // A week after Sat 02-01 is Sat 02-08, a make-up working day.
        review: "2025-02-08"
      })
      // 即时: at the moment of notice.
      expect(due(p, "respond")).toBe("2025-02-01T10:15:00.000+08:00")
      expect(due(p, "notify")).toBe("2025-02-01T10:15:00.000+08:00")
      // A holiday has no working hours: "by the end of the day" is midnight after it.
      expect(due(p, "handle")).toBe("2025-02-02T00:00:00.000+08:00")
      expect(p.tasks.find((t) => t.stepId === "notify")?.escalation).toEqual({
        to: "general-manager",
        after: { amount: 0, unit: "minutes", direction: "after" }
      })
    })

    it("plans an incident on Wed 2025-06-18 at 14:20, reviewed by the Wednesday after", () => {
      const p = plan("incident-response", {
        eventStart: "2025-06-18T14:20:00+08:00",
        eventEnd: "2025-06-18T17:00:00+08:00",
        notice: "2025-06-18T14:20:00+08:00",
        anchors: { aftermathDue: "2025-06-20T12:00:00+08:00" }
      })
      expect(dates(p)).toEqual({
        respond: "2025-06-18",
        notify: "2025-06-18",
        handle: "2025-06-18",
        report: "2025-06-18",
        aftermath: "2025-06-20",
        review: "2025-06-25"
      })
      expect(due(p, "handle")).toBe("2025-06-18T18:00:00.000+08:00")
      // 规定期限内: the period the GM set, as given.
      expect(due(p, "aftermath")).toBe("2025-06-20T12:00:00.000+08:00")
      expect(p.missed).toEqual([])
    })

    it("keeps an incident after office hours due the same day, never before it happened", () => {
      // "现场即时" / "事后第一时间" read as "the same day": for an incident at 20:30 the working
      // day has already ended, so handling and the report fall due at the end of that day (midnight),
      // not at 18:00 before the incident.
      const p = plan("incident-response", {
        eventStart: "2025-06-18T20:30:00+08:00",
        eventEnd: "2025-06-18T21:30:00+08:00",
        notice: "2025-06-18T20:30:00+08:00"
      })
      expect(due(p, "handle")).toBe("2025-06-19T00:00:00.000+08:00")
      expect(due(p, "report")).toBe("2025-06-19T00:00:00.000+08:00")
      expect(p.missed).toEqual([])
      expect(p.warnings).toEqual([])
    })
  })

  describe("P5 vip-shopping (seed 000 §5: hours after notice, within 10 days, a week after the sale)", () => {
    it("plans shopping on Sat 2026-02-14, the make-up working day before Spring Festival", () => {
      const p = plan("vip-shopping", { eventStart: "2026-02-14", notice: "2026-02-12T15:30:00+08:00" })
      expect(dates(p)).toEqual({
        understand: "2026-02-12",
        "contact-departments": "2026-02-12",
        // The working day before Sat 02-14 is Fri 02-13.
        "customer-feedback": "2026-02-13",
        accompany: "2026-02-14",
        // 10 days after is Tue 02-24, the first working day after the break.
        "after-sales-call": "2026-02-24",
        // A week after is Sat 02-21, in the break: Tue 02-24.
        settle: "2026-02-24",
        // The next working day after Sat 02-14: the break, then Tue 02-24.
        ledger: "2026-02-24"
      })
      expect(due(p, "understand")).toBe("2026-02-12T16:30:00.000+08:00")
      expect(due(p, "contact-departments")).toBe("2026-02-12T17:30:00.000+08:00")
    })

    it("plans weekend shopping on Sat 2025-06-21", () => {
      const p = plan("vip-shopping", { eventStart: "2025-06-21", notice: "2025-06-19T10:00:00+08:00" })
      expect(dates(p)).toEqual({
        understand: "2025-06-19",
        "contact-departments": "2025-06-19",
        "customer-feedback": "2025-06-20",
        // The shopping happens on the Saturday, not rolled.
        accompany: "2025-06-21",
        // 10 days after is Tue 07-01.
        "after-sales-call": "2025-07-01",
        // A week after is Sat 06-28: Mon 06-30.
        settle: "2025-06-30",
        ledger: "2025-06-23"
      })
      expect(due(p, "accompany")).toBe("2025-06-22T00:00:00.000+08:00")
    })
  })

  describe("P6 external-meeting (seed 000 §6)", () => {
    it("plans a meeting on Thu 2025-10-09 to Fri 10-10, after National Day 2025", () => {
      const p = plan("external-meeting", {
        eventStart: "2025-10-09",
        eventEnd: "2025-10-10",
        notice: "2025-09-26T09:00:00+08:00"
      })
      expect(dates(p)).toEqual({
        understand: "2025-09-26",
        register: "2025-09-26",
        // The working day before Thu 10-09 is Tue 09-30 (10-01 to 10-08 are the break).
        prepare: "2025-09-30",
        attend: "2025-10-10",
        reimburse: "2025-10-17",
        // The next working day after Fri 10-10 is Sat 10-11, a make-up working day.
        ledger: "2025-10-11",
        // 会议/活动结束一周内.
        publicity: "2025-10-17",
        share: "2025-10-17"
      })
      expect(due(p, "register")).toBe("2025-09-26T11:00:00.000+08:00")
    })
  })

  describe("P7 liaison-roster (seed 000 §7: every June and December)", () => {
    it("plans a roster started Mon 2025-09-15: reviewed in December, mailing the working day after a request", () => {
      const p = plan("liaison-roster", {
        eventStart: "2025-09-15",
        anchors: { mailingRequested: "2025-09-30T10:00:00+08:00" }
      })
      expect(dates(p)).toEqual({
        compile: "2025-09-15",
        // The first June or December from September 2025: December, Mon 12-01 to Wed 12-31.
        review: "2025-12-01/2025-12-31",
        // Requested Tue 09-30: the next working day is Thu 10-09, after National Day.
        mail: "2025-10-09"
      })
    })

    it("plans a roster started Wed 2026-05-20: reviewed in June, mailing unscheduled until requested", () => {
      const p = plan("liaison-roster", { eventStart: "2026-05-20" })
      expect(dates(p)).toEqual({ compile: "2026-05-20", review: "2026-06-01/2026-06-30", mail: "unscheduled" })
    })
  })

  describe("P8 internal-guest (seed 000 §8, cut off after step 2)", () => {
    it("plans a group leader announced Thu 2026-02-12 17:30: understood by 18:30, arranged by 19:30", () => {
      const p = plan("internal-guest", { eventStart: "2026-02-13", notice: "2026-02-12T17:30:00+08:00" })
      expect(due(p, "understand")).toBe("2026-02-12T18:30:00.000+08:00")
      expect(due(p, "arrange")).toBe("2026-02-12T19:30:00.000+08:00")
    })
  })

  describe("P10 client-visit-14-steps (seed 003 流程3: a callback timed from the guest's arrival home)", () => {
    it("plans a visit Mon 2026-02-09 to Wed 02-11, the guest home at 19:30", () => {
      const p = plan("client-visit-14-steps", {
        eventStart: "2026-02-09T09:00:00+08:00",
        eventEnd: "2026-02-11T17:00:00+08:00",
        anchors: { returnArrival: "2026-02-11T19:30:00+08:00" }
      })
      const visitDays = ["pick-up", "lodging"]
      const lastDay = ["showroom", "meet-leaders", "meals", "collect-items", "settle-items", "leaders-talk", "send-off"]
      expect(dates(p)).toEqual({
        // 2 working days before Mon 02-09: Fri 02-06, Thu 02-05.
        application: "2026-02-05",
        "determine-level": "2026-02-05",
        "contact-guest": "2026-02-06",
        "assign-staff": "2026-02-06",
        ...Object.fromEntries(visitDays.map((s) => [s, "2026-02-09"])),
        ...Object.fromEntries(lastDay.map((s) => [s, "2026-02-11"])),
        callback: "2026-02-11/2026-02-11"
      })
      // From the arrival to two hours after it.
      expect(opens(p, "callback")).toBe("2026-02-11T19:30:00.000+08:00")
      expect(due(p, "callback")).toBe("2026-02-11T21:30:00.000+08:00")
    })

    it("plans a visit on Mon 2025-01-27, the eve of Spring Festival 2025, counting Sun 01-26", () => {
      const p = plan("client-visit-14-steps", { eventStart: "2025-01-27" })
      expect(dates(p)).toMatchObject({
        // Back from Mon 01-27: Sun 01-26 (make-up) is 1, Sat 01-25 skipped, Fri 01-24 is 2.
        application: "2025-01-24",
        "determine-level": "2025-01-24",
        "contact-guest": "2025-01-26",
        "assign-staff": "2025-01-26",
        "send-off": "2025-01-27",
        callback: "unscheduled"
      })
    })
  })

  describe("merge", () => {
    const ownStandard: Procedure.Procedure = {
      ...ProcedureCatalog.clientReceptionStandard,
      source: "host app: our own reception standard",
      version: "2"
    }

    it("replaces a built-in with a host procedure of the same id and keeps the others", () => {
      const catalog = ok(ProcedureCatalog.merge([ownStandard]))
      expect(catalog.size).toBe(10)
      expect(catalog.get("client-reception-standard")).toBe(ownStandard)
      expect(catalog.get("visit-reception")).toBe(ProcedureCatalog.visitReception)
      expect(ProcedureCatalog.builtIn.get("client-reception-standard")).toBe(ProcedureCatalog.clientReceptionStandard)
    })

    it("adds a host procedure with a new id", () => {
      const own: Procedure.Procedure = { ...ownStandard, id: "school-visit" }
      const catalog = ok(ProcedureCatalog.merge([own]))
      expect(catalog.size).toBe(11)
      expect(catalog.get("school-visit")).toBe(own)
    })

    it("refuses invalid host procedures, reporting each", () => {
      const [first] = ProcedureCatalog.clientReceptionStandard.steps
      const broken = (id: string): Procedure.Procedure => ({ ...ownStandard, id, steps: [first, first] })
      const result = ProcedureCatalog.merge([broken("one"), ownStandard, broken("two")])
      expect(Either.isLeft(result)).toBe(true)
      const errors = Either.getOrThrowWith(Either.flip(result), () => new Error("expected errors"))
      expect(errors.map((e) => e.procedureId)).toEqual(["one", "two"])
      expect(errors[0]?.issues).toEqual([{ path: "steps[1].id", message: 'duplicate step id "definition"' }])
    })
  })
})
