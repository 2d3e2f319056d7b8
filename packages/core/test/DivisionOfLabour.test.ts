import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import {
  type BusinessCalendar,
  Directory,
  DivisionOfLabour,
  Label,
  LocalDate,
  OfficialCalendars,
  Plan,
  type Procedure,
  ProcedureCatalog
} from "../src/index.js"

const cn = OfficialCalendars.cnMainland

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

const people: ReadonlyArray<Directory.Person> = [
  { id: "wang-fang", name: "王芳", roles: ["admin-department"] },
  { id: "zhang-wei", name: "张伟", roles: ["requester", "guest-group"] },
  { id: "li-qiang", name: "李强", roles: ["driver"] },
  { id: "chen-jing", name: "陈静", roles: ["logistics-group"] },
  { id: "liu-yang", name: "刘洋", roles: ["process-group"] },
  { id: "zhao-min", name: "赵敏", roles: ["service-group"] }
]
const assign = (role: string) => people.filter((p) => p.roles.includes(role))

const planOf = (
  procedure: Procedure.Procedure,
  input: Partial<Plan.PlanInput> = {},
  calendar: BusinessCalendar.BusinessCalendar = cn
) =>
  ok(
    Plan.make(
      procedure,
      { engagementId: "acme-0224", eventStart: "2026-02-24", notice: "2026-02-12T10:00:00+08:00", ...input },
      calendar,
      assign
    )
  )

const summary = (table: DivisionOfLabour.DivisionOfLabour) =>
  table.phases.map((p) => ({
    phase: p.phase,
    rows: p.rows.map((r) => `${r.deadline?.dueDate ?? "unscheduled"} ${r.stepId}`)
  }))

describe("DivisionOfLabour", () => {
  describe("client-reception-standard on 2026-02-24, right after the Spring Festival break", () => {
    const plan = planOf(ProcedureCatalog.clientReceptionStandard)
    const table = ok(DivisionOfLabour.make(plan, cn, { assign, procedure: ProcedureCatalog.clientReceptionStandard }))

    it("puts definition, assignment and preparation before, on-site on the day, wrap-up and summary in 收尾", () => {
      expect(summary(table)).toEqual([
        {
          phase: "before",
          rows: ["2026-02-10 definition", "2026-02-11 assignment", "2026-02-13 preparation"]
        },
        { phase: "onSite", rows: ["2026-02-24 on-site"] },
        { phase: "wrapUp", rows: ["2026-02-24 wrap-up", "2026-02-25 summary"] }
      ])
      expect(table.phases.map((p) => p.label["zh-CN"])).toEqual(["前期", "现场", "收尾"])
      expect(table.event).toEqual({ firstDay: "2026-02-24", lastDay: "2026-02-24" })
    })

    it("gives each row its deadline with the explanation across the holiday", () => {
      const assignment = DivisionOfLabour.rows(table).find((r) => r.stepId === "assignment")!
      expect(assignment.deadline?.due).toBe("2026-02-11T18:00:00.000+08:00")
      expect(assignment.deadline?.explanation.en).toContain("4 working days before the event start")
      expect(assignment.workItem).toEqual(Label.make("工作分配", "Assignment"))
      expect(assignment.work?.["zh-CN"]).toContain("分工推进表")
    })

    it("names the owner with the plan's assignees and the seed's team roles as assistants with their duties", () => {
      const assignment = DivisionOfLabour.rows(table).find((r) => r.stepId === "assignment")!
      expect(assignment.owner.role).toBe("admin-department")
      expect(assignment.owner.assignees.map((p) => p.name)).toEqual(["王芳"])
      expect(assignment.assistants.map((a) => [a.role, a.assignees.map((p) => p.name)])).toEqual([
        ["process-group", ["刘洋"]],
        ["guest-group", ["张伟"]]
      ])
      expect(assignment.duties.map((d) => d.duties["zh-CN"])).toEqual(["确认场地、时间、流程", "邀请领导"])
      const onSite = DivisionOfLabour.rows(table).find((r) => r.stepId === "on-site")!
      expect(onSite.assistants.map((a) => a.role)).toEqual(["logistics-group", "service-group", "driver"])
    })

    it("groups the duties by team role, in the seed's order of roles", () => {
      expect(table.teams.map((t) => [t.role, t.rows.map((r) => `${r.phase} ${r.taskId}`)])).toEqual([
        ["driver", ["before acme-0224/preparation", "onSite acme-0224/on-site"]],
        ["guest-group", ["before acme-0224/assignment"]],
        ["logistics-group", ["before acme-0224/preparation", "onSite acme-0224/on-site", "wrapUp acme-0224/wrap-up"]],
        ["process-group", ["before acme-0224/assignment"]],
        ["service-group", ["onSite acme-0224/on-site"]]
      ])
      const logistics = table.teams.find((t) => t.role === "logistics-group")!
      expect(logistics.label["zh-CN"]).toBe("后勤组")
      expect(logistics.rows.at(-1)?.duties["zh-CN"]).toBe("整理会场，物品清点、归还等")
    })

    it("formats as text in either language", () => {
      const zh = DivisionOfLabour.format(table)
      expect(zh.split("\n").slice(0, 3)).toEqual([
        "客户接待流程及标准 — acme-0224",
        "[前期]",
        "  2026-02-10  接待定案  需求提出者（张伟）"
      ])
      expect(DivisionOfLabour.format(table, "en")).toContain(
        "  2026-02-24  Wrap-up  Integrated management department (admin group) (王芳)  + Logistics group (陈静)"
      )
    })

    it("encodes to JSON and decodes back unchanged", () => {
      const json = JSON.parse(JSON.stringify(Schema.encodeSync(DivisionOfLabour.DivisionOfLabour)(table)))
      expect(Schema.decodeUnknownSync(DivisionOfLabour.DivisionOfLabour)(json)).toEqual(table)
    })
  })

  it.effect("asks the directory for the team roles' holders", () =>
    Effect.gen(function* () {
      const plan = planOf(ProcedureCatalog.clientReceptionStandard)
      const table = yield* DivisionOfLabour.fromPlan(plan, cn)
      const preparation = DivisionOfLabour.rows(table).find((r) => r.stepId === "preparation")!
      expect(preparation.assistants.map((a) => a.assignees.map((p) => p.name))).toEqual([["陈静"], ["李强"]])
    }).pipe(Effect.provide(Directory.layerMemory(people)))
  )

  it("keeps the 14-step callback, waiting for the guest's return, unscheduled in 收尾 and dates it once known", () => {
    const waiting = ok(DivisionOfLabour.make(planOf(ProcedureCatalog.clientVisit14Steps), cn))
    const wrapUp = waiting.phases.find((p) => p.phase === "wrapUp")!
    expect(wrapUp.rows.map((r) => [r.stepId, r.deadline, r.unscheduled !== undefined])).toEqual([
      ["callback", undefined, true]
    ])
    const known = ok(
      DivisionOfLabour.make(
        planOf(ProcedureCatalog.clientVisit14Steps, { anchors: { returnArrival: "2026-02-24T21:10:00+08:00" } }),
        cn
      )
    )
    expect(known.phases[2]!.rows[0]?.deadline?.due).toBe("2026-02-24T23:10:00.000+08:00")
  })

  it("puts the tasks due on any day of a three-day visit on site", () => {
    const table = ok(DivisionOfLabour.make(planOf(ProcedureCatalog.visitReception, { eventEnd: "2026-02-26" }), cn))
    expect(summary(table)[1]).toEqual({ phase: "onSite", rows: ["2026-02-26 host"] })
    expect(summary(table)[2]?.rows).toEqual(["2026-02-27 settle", "2026-02-27 ledger", "2026-03-05 thank"])
  })

  it("uses a host's own mapping: a driver and a guest group for government liaison", () => {
    const mapping = ok(
      DivisionOfLabour.decodeMapping({
        id: "acme.teams",
        version: "1",
        teams: [
          { id: "driver", label: { "zh-CN": "司机", en: "Driver" } },
          { id: "protocol", label: { "zh-CN": "礼宾组", en: "Protocol" } }
        ],
        duties: [
          {
            role: "driver",
            steps: ["contact"],
            duties: { "zh-CN": "接送拜访人员", en: "Drives the visitors" },
            procedures: ["government-liaison"]
          },
          { role: "protocol", steps: ["contact", "funds"], duties: { "zh-CN": "准备礼品", en: "Prepares gifts" } }
        ]
      })
    )
    const plan = planOf(ProcedureCatalog.governmentLiaison, { eventStart: "2026-03-18", notice: "2026-03-02" })
    const table = ok(DivisionOfLabour.make(plan, cn, { mapping, assign }))
    expect(table.mapping).toEqual({ id: "acme.teams", version: "1" })
    const contact = DivisionOfLabour.rows(table).find((r) => r.stepId === "contact")!
    expect(contact.phase).toBe("onSite")
    expect(contact.duties.map((d) => d.role)).toEqual(["driver", "protocol"])
    expect(table.teams.map((t) => [t.role, t.rows.length])).toEqual([
      ["driver", 1],
      ["protocol", 2]
    ])
  })

  it("refuses a mapping whose duty names a role that is not one of its teams, at that duty's path", () => {
    const problem = err(
      DivisionOfLabour.decodeMapping({
        id: "x",
        version: "1",
        teams: [],
        duties: [{ role: "driver", steps: ["contact"], duties: { "zh-CN": "接送", en: "Drives" } }]
      })
    )
    expect(problem.problems.map((p) => [p.path, p.message])).toEqual([
      ["duties[0].role", `"driver" is not one of the mapping's teams`]
    ])
  })

  it("refuses a plan made on another calendar", () => {
    const weekends = OfficialCalendars.byId("weekends-only")
    const e = err(DivisionOfLabour.make(planOf(ProcedureCatalog.clientReceptionStandard), ok(weekends)))
    expect(e._tag).toBe("DivisionOfLabourError")
    expect(e.reason).toBe("CalendarMismatch")
  })

  describe("laws", () => {
    const procedures = [...ProcedureCatalog.builtIn.values()]
    const day = (from: string, to: string) =>
      fc
        .integer({ min: LocalDate.toEpochDay(from), max: LocalDate.toEpochDay(to) })
        .map((d) => LocalDate.fromEpochDay(d))
    const scenario = fc.record({
      procedure: fc.constantFrom(...procedures),
      start: day("2025-02-01", "2026-11-30"),
      days: fc.integer({ min: 0, max: 3 }),
      returnHome: fc.boolean()
    })
    type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never
    const planned = (s: Scenario) => {
      const end = LocalDate.unsafeAddDays(s.start, s.days)
      return Plan.make(
        s.procedure,
        {
          engagementId: "law",
          eventStart: s.start,
          eventEnd: end,
          notice: LocalDate.unsafeAddDays(s.start, -20),
          anchors: {
            ...(s.returnHome ? { returnArrival: `${end}T20:00:00+08:00` } : {}),
            aftermathDue: LocalDate.unsafeAddDays(end, 3),
            mailingRequested: s.start
          }
        },
        cn,
        assign
      )
    }

    it("lists every task of the plan exactly once", () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const plan = ok(planned(s))
          const table = ok(DivisionOfLabour.make(plan, cn, { assign }))
          const listed = DivisionOfLabour.rows(table).map((r) => r.taskId)
          expect([...listed].sort()).toEqual(plan.tasks.map((t) => t.id).sort())
        }),
        { numRuns: 300 }
      )
    })

    it("places a dated row by its due day against the event, unless the mapping pins its step", () => {
      const pinned = new Set((DivisionOfLabour.seedMapping.pins ?? []).map((p) => p.step))
      fc.assert(
        fc.property(scenario, (s) => {
          const table = ok(DivisionOfLabour.make(ok(planned(s)), cn))
          for (const row of DivisionOfLabour.rows(table)) {
            if (row.deadline === undefined || pinned.has(row.stepId)) continue
            const due = row.deadline.dueDate
            const expected = due < table.event.firstDay ? "before" : due <= table.event.lastDay ? "onSite" : "wrapUp"
            expect(row.phase).toBe(expected)
          }
        }),
        { numRuns: 300 }
      )
    })

    it("runs each phase's dated rows in order of due day", () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const table = ok(DivisionOfLabour.make(ok(planned(s)), cn))
          for (const section of table.phases) {
            const days = section.rows.flatMap((r) => (r.deadline ? [r.deadline.dueDate] : []))
            expect(days).toEqual([...days].sort())
          }
        }),
        { numRuns: 200 }
      )
    })
  })
})
