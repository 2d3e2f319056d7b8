import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import fc from "fast-check"
import {
  Deadline,
  Directory,
  Label,
  LocalDate,
  OfficialCalendars,
  Plan,
  Procedure,
  ProcedureCatalog
} from "../src/index.js"
import * as Arb from "../src/testing.js"

const cn = OfficialCalendars.cnMainland
const d = LocalDate.unsafeMake

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

const standard = ProcedureCatalog.clientReceptionStandard
const visit14 = ProcedureCatalog.clientVisit14Steps
const incident = ProcedureCatalog.incidentResponse

/** A visit on Tue 2026-02-24, after the 2026 Spring Festival break (seed 001 timings). */
const visitInput: Plan.PlanInput = { engagementId: "visit-0224", eventStart: "2026-02-24" }

const dueDates = (plan: Plan.Plan): Record<string, string | undefined> =>
  Object.fromEntries(plan.tasks.map((t) => [t.stepId, t.deadline?.dueDate]))

const step = (id: string, deadline: Deadline.Rule, dependsOn?: ReadonlyArray<string>): Procedure.Step => ({
  id,
  name: Label.make(id, id),
  ownerRole: "requester",
  deadline,
  ...(dependsOn ? { dependsOn } : {})
})

const procedureOf = (
  steps: readonly [Procedure.Step, ...Array<Procedure.Step>],
  anchors?: Procedure.Procedure["anchors"]
): Procedure.Procedure => ({
  id: "test-procedure",
  name: Label.make("测试", "Test"),
  source: "test",
  version: "1",
  ...(anchors ? { anchors } : {}),
  steps
})

const before = (n: number) => Deadline.point(Deadline.eventStart, Deadline.before(n, "workingDays"))

describe("Plan", () => {
  describe("task ids", () => {
    it("names every task <engagement>/<step>, in dependency order", () => {
      const plan = ok(Plan.make(standard, visitInput, cn))
      expect(plan.tasks.map((t) => t.id)).toEqual([
        "visit-0224/definition",
        "visit-0224/assignment",
        "visit-0224/preparation",
        "visit-0224/on-site",
        "visit-0224/wrap-up",
        "visit-0224/summary"
      ])
      expect(plan.tasks[1]?.dependsOn).toEqual(["visit-0224/definition"])
      expect(plan.procedure).toEqual({ id: standard.id, version: "1", name: standard.name })
      expect(plan.calendar).toEqual({ id: "cn-mainland", version: cn.data.version })
    })

    it("puts a step after the steps it depends on even when the procedure lists it first", () => {
      const procedure = procedureOf([step("b", before(1), ["a"]), step("a", before(2))])
      expect(ok(Plan.make(procedure, visitInput, cn)).tasks.map((t) => t.stepId)).toEqual(["a", "b"])
    })

    it("gives the same ids when the same engagement is planned again on other dates", () => {
      const first = ok(Plan.make(standard, visitInput, cn))
      const again = ok(Plan.make(standard, { ...visitInput, eventStart: "2026-03-03" }, cn))
      expect(again.tasks.map((t) => t.id)).toEqual(first.tasks.map((t) => t.id))
    })

    it("carries each step's owner role and artefacts", () => {
      const plan = ok(Plan.make(standard, visitInput, cn))
      expect(plan.tasks.map((t) => [t.stepId, t.ownerRole, t.artefacts])).toEqual([
        ["definition", "requester", ["application"]],
        ["assignment", "admin-department", ["divisionOfLabour"]],
        ["preparation", "admin-department", ["itemList"]],
        ["on-site", "admin-department", []],
        ["wrap-up", "admin-department", ["itemList"]],
        ["summary", "admin-department", ["satisfactionSurvey"]]
      ])
    })
  })

  describe("re-planning after a reschedule", () => {
    const first = ok(Plan.make(standard, visitInput, cn))

    it("moves every task when the visit moves from Tue 02-24 to Tue 03-03, and says from where to where", () => {
      // 5 working days before Tue 03-03: Mon 03-02, Sat 02-28 (make-up), Fri 02-27, Thu 02-26,
      // Wed 02-25. Preparation (2 before) lands on the make-up Saturday.
      const { diff, plan } = ok(Plan.replan(first, standard, { ...visitInput, eventStart: "2026-03-03" }, cn))
      expect(diff.added).toEqual([])
      expect(diff.removed).toEqual([])
      expect(diff.unchanged).toBe(0)
      expect(diff.moved.map((m) => [m.taskId, m.from, m.to])).toEqual([
        ["visit-0224/definition", "2026-02-10", "2026-02-25"],
        ["visit-0224/assignment", "2026-02-11", "2026-02-26"],
        ["visit-0224/preparation", "2026-02-13", "2026-02-28"],
        ["visit-0224/on-site", "2026-02-24", "2026-03-03"],
        ["visit-0224/wrap-up", "2026-02-24", "2026-03-03"],
        ["visit-0224/summary", "2026-02-25", "2026-03-04"]
      ])
      expect(diff.moved[0]?.fromDue).toBe("2026-02-10T18:00:00.000+08:00")
      expect(diff.moved[0]?.toDue).toBe("2026-02-25T18:00:00.000+08:00")
      // In place: the same tasks under the same ids, with their new dates.
      expect(plan.tasks.map((t) => t.id)).toEqual(first.tasks.map((t) => t.id))
      expect(dueDates(plan)).toMatchObject({ definition: "2026-02-25", summary: "2026-03-04" })
    })

    it("moves only the wrap-up and the summary when only the end moves a day", () => {
      const { diff } = ok(Plan.replan(first, standard, { ...visitInput, eventEnd: "2026-02-25" }, cn))
      expect(diff.moved.map((m) => [m.taskId, m.from, m.to])).toEqual([
        ["visit-0224/wrap-up", "2026-02-24", "2026-02-25"],
        ["visit-0224/summary", "2026-02-25", "2026-02-26"]
      ])
      expect(diff.unchanged).toBe(4)
    })

    it("moves a task whose day stays but whose time changes", () => {
      const notice = ok(
        Plan.make(ProcedureCatalog.internalGuest, { ...visitInput, notice: "2026-02-12T09:00:00+08:00" }, cn)
      )
      const { diff } = ok(
        Plan.replan(notice, ProcedureCatalog.internalGuest, { ...visitInput, notice: "2026-02-12T10:00:00+08:00" }, cn)
      )
      expect(diff.moved.map((m) => [m.taskId, m.fromDue, m.toDue])).toEqual([
        ["visit-0224/understand", "2026-02-12T10:00:00.000+08:00", "2026-02-12T11:00:00.000+08:00"],
        ["visit-0224/arrange", "2026-02-12T11:00:00.000+08:00", "2026-02-12T12:00:00.000+08:00"]
      ])
    })

    it("reports the steps a host's overriding procedure adds and removes", () => {
      // The host drops the survey and buys gifts 3 working days before (Thu 02-12).
      const [definition, ...rest] = standard.steps
      const own: Procedure.Procedure = {
        ...standard,
        version: "host-1",
        steps: [definition, ...rest.filter((s) => s.id !== "summary"), step("gifts", before(3), ["assignment"])]
      }
      const catalog = ok(ProcedureCatalog.merge([own]))
      const { diff, plan } = ok(Plan.replan(first, catalog.get(standard.id)!, visitInput, cn))
      expect(diff).toEqual({
        moved: [],
        added: ["visit-0224/gifts"],
        removed: ["visit-0224/summary"],
        unchanged: 5
      })
      expect(dueDates(plan).gifts).toBe("2026-02-12")
      expect(plan.procedure.version).toBe("host-1")
    })
  })

  describe("deadlines missed at planning", () => {
    it("lists the application and the assignment as missed when the visit is announced Thu 02-12", () => {
      // Due Tue 02-10 and Wed 02-11 at 18:00; told on Thu 02-12 at 09:00.
      const plan = ok(Plan.make(standard, { ...visitInput, notice: "2026-02-12T09:00:00+08:00" }, cn))
      expect(plan.missed).toEqual(["visit-0224/definition", "visit-0224/assignment"])
      const standing = Object.fromEntries(plan.tasks.map((t) => [t.stepId, t.atPlanning]))
      expect(standing.definition).toEqual({
        status: "missed",
        // Wed 02-11 and Thu 02-12.
        lateByWorkingDays: 2,
        // Tue 18:00 to Thu 09:00 is 39 hours.
        lateByMillis: 39 * 3_600_000,
        workingDaysLeft: 0
      })
      expect(standing.assignment).toMatchObject({ status: "missed", lateByWorkingDays: 1 })
      // Fri 02-13 is one working day away; the visit three (Fri 02-13, Sat 02-14, Tue 02-24).
      expect(standing.preparation).toEqual({
        status: "open",
        lateByWorkingDays: 0,
        lateByMillis: 0,
        workingDaysLeft: 1
      })
      expect(standing["on-site"]).toMatchObject({ status: "open", workingDaysLeft: 3 })
    })

    it("judges at `now` when given rather than at the notice", () => {
      const plan = ok(
        Plan.make(
          standard,
          { ...visitInput, notice: "2026-02-02T09:00:00+08:00", now: "2026-02-14T09:00:00+08:00" },
          cn
        )
      )
      expect(plan.missed).toEqual(["visit-0224/definition", "visit-0224/assignment", "visit-0224/preparation"])
    })

    it("says a window not yet open is notYetOpen", () => {
      const plan = ok(
        Plan.make(
          ProcedureCatalog.visitReception,
          { ...visitInput, eventEnd: "2026-02-25", notice: "2026-02-09T10:00:00+08:00" },
          cn
        )
      )
      expect(plan.tasks.find((t) => t.stepId === "settle")?.atPlanning?.status).toBe("notYetOpen")
      expect(plan.missed).toEqual([])
    })

    it("leaves atPlanning undefined when neither now nor notice is known", () => {
      const plan = ok(Plan.make(standard, visitInput, cn))
      expect(plan.tasks.every((t) => t.atPlanning === undefined)).toBe(true)
      expect(plan.missed).toEqual([])
    })
  })

  describe("steps waiting for a named anchor", () => {
    it("keeps the callback unscheduled until the guest's return arrival is known, then schedules it", () => {
      const input: Plan.PlanInput = {
        engagementId: "visit-0209",
        eventStart: "2026-02-09T09:00:00+08:00",
        eventEnd: "2026-02-11T17:00:00+08:00",
        notice: "2026-02-02T09:00:00+08:00"
      }
      const first = ok(Plan.make(visit14, input, cn))
      const callback = first.tasks.find((t) => t.stepId === "callback")
      expect(callback?.deadline).toBeUndefined()
      expect(callback?.atPlanning).toBeUndefined()
      expect(callback?.unscheduled).toContain("returnArrival")
      expect(first.missed).toEqual([])

      const { diff, plan } = ok(
        Plan.replan(first, visit14, { ...input, anchors: { returnArrival: "2026-02-11T19:30:00+08:00" } }, cn)
      )
      expect(diff.moved).toEqual([
        {
          taskId: "visit-0209/callback",
          from: undefined,
          to: "2026-02-11",
          fromDue: undefined,
          toDue: "2026-02-11T21:30:00.000+08:00"
        }
      ])
      expect(diff.unchanged).toBe(13)
      const scheduled = plan.tasks.find((t) => t.stepId === "callback")
      expect(scheduled?.unscheduled).toBeUndefined()
      expect(scheduled?.deadline?.opensDate).toBe("2026-02-11")
      expect(scheduled?.atPlanning?.status).toBe("notYetOpen")
    })

    it("schedules an incident's aftermath once the GM sets its period", () => {
      const input: Plan.PlanInput = {
        engagementId: "incident-0618",
        eventStart: "2025-06-18T14:20:00+08:00",
        eventEnd: "2025-06-18T17:00:00+08:00",
        notice: "2025-06-18T14:20:00+08:00"
      }
      const first = ok(Plan.make(incident, input, cn))
      expect(first.tasks.find((t) => t.stepId === "aftermath")?.unscheduled).toContain("aftermathDue")
      const { diff } = ok(
        Plan.replan(first, incident, { ...input, anchors: { aftermathDue: "2025-06-27T18:00:00+08:00" } }, cn)
      )
      expect(diff.moved.map((m) => [m.taskId, m.from, m.toDue])).toEqual([
        ["incident-0618/aftermath", undefined, "2025-06-27T18:00:00.000+08:00"]
      ])
    })

    it("writes an unscheduled task in JSON with its reason instead of a due date", () => {
      const json = Plan.toJson(ok(Plan.make(visit14, { engagementId: "v", eventStart: "2026-02-09" }, cn)))
      const callback = json.tasks.find((t) => t.step === "callback")
      expect(callback).toMatchObject({ id: "v/callback", ownerRole: "salesperson" })
      expect(callback && "due" in callback).toBe(false)
      expect(callback && "unscheduled" in callback ? callback.unscheduled : "").toContain("returnArrival")
    })
  })

  describe("dependency-order warnings", () => {
    it("warns when a step is due before a step it depends on", () => {
      // "a" 2 working days before, "b" depending on it 5 before: b cannot follow a.
      const procedure = procedureOf([step("a", before(2)), step("b", before(5), ["a"])])
      const plan = ok(Plan.make(procedure, { engagementId: "x", eventStart: "2026-02-24" }, cn))
      expect(plan.warnings).toEqual(["x/b is due (2026-02-10) before x/a (2026-02-13), which it depends on"])
    })

    it("does not warn when the steps fall due on the same instant", () => {
      const procedure = procedureOf([step("a", before(2)), step("b", before(2), ["a"])])
      expect(ok(Plan.make(procedure, { engagementId: "x", eventStart: "2026-02-24" }, cn)).warnings).toEqual([])
    })

    it("plans every built-in for a plain-week visit without a warning", () => {
      for (const procedure of ProcedureCatalog.builtIn.values()) {
        const plan = ok(
          Plan.make(
            procedure,
            {
              engagementId: "w",
              eventStart: "2025-06-18T09:00:00+08:00",
              eventEnd: "2025-06-19T17:00:00+08:00",
              // The first day of the quarter, so government-liaison's quarterly plan is not yet missed.
              notice: "2025-04-01T09:00:00+08:00",
              anchors: {
                returnArrival: "2025-06-19T21:00:00+08:00",
                aftermathDue: "2025-06-20T18:00:00+08:00",
                mailingRequested: "2025-06-18T10:00:00+08:00"
              }
            },
            cn
          )
        )
        expect(plan.warnings, procedure.id).toEqual([])
        expect(plan.missed, procedure.id).toEqual([])
        expect(
          plan.tasks.filter((t) => t.deadline === undefined).map((t) => t.id),
          procedure.id
        ).toEqual([])
      }
    })
  })

  describe("errors", () => {
    it("leaves a task whose date lies beyond the coverage unscheduled, with the calendar's refusal", () => {
      // A visit on Thu 2026-12-31: the summary falls in 2027, beyond the shipped data; the rest of
      // the plan stands.
      const plan = ok(Plan.make(standard, { engagementId: "nye", eventStart: "2026-12-31" }, cn))
      const summary = plan.tasks.find((t) => t.stepId === "summary")!
      expect(summary.deadline).toBeUndefined()
      expect(summary.unscheduled).toContain("2027-01-01 is beyond it")
      expect(plan.tasks.filter((t) => t.deadline === undefined).map((t) => t.stepId)).toEqual(["summary"])
      expect(dueDates(plan).definition).toBe("2026-12-24")
    })

    it("refuses an invalid procedure with its problems", () => {
      const broken = { ...standard, steps: [{ ...standard.steps[0], dependsOn: ["nowhere"] }] } as typeof standard
      const e = err(Plan.make(broken, { engagementId: "x", eventStart: "2026-03-24" }, cn))
      expect(e.message).toContain('unknown step "nowhere"')
    })

    it("plans provisionally beyond the coverage when asked, marking the plan provisional", () => {
      const plan = ok(
        Plan.make(standard, { engagementId: "nye", eventStart: "2026-12-31", beyondCoverage: "provisional" }, cn)
      )
      expect(plan.provisional).toBe(true)
      // Provisionally only weekends are off: Fri 2027-01-01.
      expect(dueDates(plan).summary).toBe("2027-01-01")
      expect(plan.tasks.find((t) => t.stepId === "definition")?.deadline?.provisional).toBe(false)
    })

    it("names a bad `now` in the error", () => {
      const e = err(Plan.make(standard, { ...visitInput, now: "next Tuesday" }, cn))
      expect(e.message).toContain("now: expected YYYY-MM-DD or an ISO 8601 instant with offset")
    })
  })

  describe("Plan.plan with the Directory port", () => {
    const people: ReadonlyArray<Directory.Person> = [
      { id: "p1", name: "王芳", roles: ["requester"] },
      { id: "p2", name: "李强", roles: ["admin-department"], department: "综合管理部" },
      { id: "p3", name: "赵敏", roles: ["admin-department", "finance"] }
    ]

    it.effect("assigns each task to the holders of its owner role, in the directory's order", () =>
      Effect.gen(function* () {
        const plan = yield* Plan.plan(standard, visitInput, cn)
        const assigned = Object.fromEntries(plan.tasks.map((t) => [t.stepId, t.assignees.map((p) => p.id)]))
        expect(assigned).toEqual({
          definition: ["p1"],
          assignment: ["p2", "p3"],
          preparation: ["p2", "p3"],
          "on-site": ["p2", "p3"],
          "wrap-up": ["p2", "p3"],
          summary: ["p2", "p3"]
        })
        expect(Plan.toJson(plan).tasks[0]?.assignees).toEqual([{ id: "p1", name: "王芳" }])
      }).pipe(Effect.provide(Directory.layerMemory(people)))
    )

    it.effect("never assigns someone who has left, even when the host's directory still lists them", () =>
      Effect.gen(function* () {
        // A host directory that forgets to leave out people marked inactive.
        const sloppy = Layer.succeed(
          Directory.Directory,
          Directory.Directory.of({
            holdersOf: (role) =>
              Effect.succeed(
                [...people, { id: "gone", name: "离职者", roles: ["admin-department"], active: false }].filter((p) =>
                  p.roles.includes(role)
                )
              ),
            find: (id) => Effect.succeed(people.find((p) => p.id === id))
          })
        )
        const plan = yield* Plan.plan(standard, visitInput, cn).pipe(Effect.provide(sloppy))
        const assigned = plan.tasks.flatMap((t) => t.assignees.map((p) => p.id))
        expect(assigned).toContain("p2")
        expect(assigned).not.toContain("gone")
      })
    )

    it.effect("leaves a role nobody holds unassigned", () =>
      Effect.gen(function* () {
        const plan = yield* Plan.plan(visit14, { engagementId: "v", eventStart: "2026-02-09" }, cn)
        expect(plan.tasks.find((t) => t.stepId === "pick-up")?.assignees).toEqual([])
      }).pipe(Effect.provide(Directory.layerMemory(people)))
    )

    it.effect("plans a prepared procedure the same as the procedure itself", () =>
      Effect.gen(function* () {
        const fromPrepared = yield* Plan.plan(Plan.prepare(standard), visitInput, cn)
        const fromProcedure = yield* Plan.plan(standard, visitInput, cn)
        expect(Plan.toJson(fromPrepared)).toEqual(Plan.toJson(fromProcedure))
      }).pipe(Effect.provide(Directory.layerMemory(people)))
    )

    it.effect("fails with DirectoryUnavailable when the host's directory is down", () =>
      Effect.gen(function* () {
        const down = Layer.succeed(
          Directory.Directory,
          Directory.Directory.of({
            holdersOf: () => Effect.fail(new Directory.DirectoryUnavailable({ message: "HR system down" })),
            find: () => Effect.succeed(undefined)
          })
        )
        const error = yield* Effect.flip(Plan.plan(standard, visitInput, cn).pipe(Effect.provide(down)))
        expect(error).toMatchObject({ _tag: "DirectoryUnavailable", message: "HR system down" })
      })
    )
  })

  describe("Procedure.validate", () => {
    const issuesOf = (procedure: Procedure.Procedure) => err(Procedure.validate(procedure)).issues

    it("reports a duplicate step id at its path", () => {
      expect(issuesOf(procedureOf([step("a", before(1)), step("a", before(2))]))).toEqual([
        { path: "steps[1].id", message: 'duplicate step id "a"' }
      ])
    })

    it("reports an unknown dependency at its path", () => {
      expect(issuesOf(procedureOf([step("a", before(1)), step("b", before(1), ["a", "zzz"])]))).toEqual([
        { path: "steps[1].dependsOn[1]", message: 'unknown step "zzz"' }
      ])
    })

    it("reports a cycle once, as a → b → a", () => {
      expect(issuesOf(procedureOf([step("a", before(1), ["b"]), step("b", before(2), ["a"])]))).toEqual([
        { path: "steps[0].dependsOn", message: "dependency cycle: a → b → a" }
      ])
    })

    it("reports a step depending on itself", () => {
      expect(issuesOf(procedureOf([step("a", before(1), ["a"])]))).toEqual([
        { path: "steps[0].dependsOn[0]", message: "a step cannot depend on itself" }
      ])
    })

    it("reports a named anchor the procedure does not declare", () => {
      const callback = Deadline.window(
        Deadline.named("returnArrival"),
        Deadline.after(0, "minutes"),
        Deadline.after(2, "hours")
      )
      expect(issuesOf(procedureOf([step("a", before(1)), step("callback", callback)]))).toEqual([
        { path: "steps[1].deadline", message: 'anchor "returnArrival" is not declared in the procedure\'s anchors' }
      ])
      const declared = procedureOf(
        [step("callback", callback)],
        [{ name: "returnArrival", label: Label.make("返程抵达", "return arrival") }]
      )
      expect(Procedure.validate(declared)).toEqual(Either.right(declared))
    })

    it("reports a window that opens after it is due", () => {
      const backwards = Deadline.window(
        Deadline.eventStart,
        Deadline.before(1, "weeks"),
        Deadline.before(10, "calendarDays")
      )
      expect(issuesOf(procedureOf([step("a", backwards)]))).toEqual([
        { path: "steps[0].deadline", message: "the window opens after it is due" }
      ])
    })

    it("reports every problem together", () => {
      const issues = issuesOf(
        procedureOf([step("a", before(1), ["b", "x"]), step("b", before(2), ["a"]), step("a", before(3))])
      )
      expect(issues.map((i) => i.path)).toEqual(["steps[2].id", "steps[0].dependsOn[1]", "steps[0].dependsOn"])
    })

    it("decodes a procedure from JSON with the path of every problem", () => {
      const e = err(
        Procedure.decode({
          id: "school-visit",
          name: { "zh-CN": "学校参观", en: "School visit" },
          source: "host",
          version: "1",
          steps: [
            {
              id: "Apply",
              name: { "zh-CN": "申请", en: "Apply" },
              ownerRole: "requester",
              deadline: {
                _tag: "Point",
                anchor: { _tag: "EventStart" },
                offset: { amount: -1, unit: "days", direction: "before" }
              }
            }
          ]
        })
      )
      expect(e.procedureId).toBe("school-visit")
      expect(e.issues.map((i) => i.path)).toEqual(
        expect.arrayContaining(["steps[0].id", "steps[0].deadline.offset.amount", "steps[0].deadline.offset.unit"])
      )
    })
  })

  describe("laws", () => {
    const procedures = [...ProcedureCatalog.builtIn.values()]
    const FIRST = d("2004-01-01")
    const LAST = d("2026-12-31")

    /** A moment on a day in 2004–2026, either a bare date or a time in Shanghai. */
    const moment = (day: fc.Arbitrary<LocalDate.LocalDate>) =>
      fc.oneof(
        day,
        fc
          .tuple(day, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
          .map(([date, h, m]) => `${date}T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00+08:00`)
      )

    const dayOf = (m: string): string => m.slice(0, 10)

    /** An engagement: an event, notice some days before it, an end some days after, and maybe anchors. */
    const engagement = fc
      .record({
        procedure: fc.constantFrom(...procedures),
        start: moment(Arb.localDate({ min: FIRST, max: LAST })),
        noticeDaysBefore: fc.integer({ min: 0, max: 30 }),
        lengthDays: fc.integer({ min: 0, max: 4 }),
        anchors: fc.boolean()
      })
      .map(({ anchors, lengthDays, noticeDaysBefore, procedure, start }) => {
        const startDay = LocalDate.toEpochDay(dayOf(start))
        const shift = (days: number) => `${LocalDate.fromEpochDay(startDay + days)}${start.slice(10)}`
        const end = shift(lengthDays)
        const input: Plan.PlanInput = {
          engagementId: "law",
          eventStart: start,
          eventEnd: end,
          notice: shift(-noticeDaysBefore),
          beyondCoverage: "provisional",
          ...(anchors
            ? { anchors: { returnArrival: shift(lengthDays + 1), aftermathDue: shift(7), mailingRequested: start } }
            : {})
        }
        return { procedure, input, start, end }
      })

    /** The anchor a rule counts from and the direction of its due end, when it is simple enough to say. */
    const shape = (rule: Deadline.Rule): { anchor: string; direction: "before" | "after" } | undefined => {
      if (rule._tag !== "Point" && rule._tag !== "Window") return undefined
      let anchor = rule.anchor
      let direction = rule._tag === "Point" ? rule.offset.direction : rule.due.direction
      const amount = rule._tag === "Point" ? rule.offset.amount : rule.due.amount
      while (anchor._tag === "Shifted") {
        // A base shifted before the event keeps a "before" rule before it.
        if (anchor.offset.direction !== direction && anchor.offset.amount > 0 && amount > 0) return undefined
        anchor = anchor.base
      }
      if (amount === 0) direction = "after"
      return { anchor: anchor._tag, direction }
    }

    it("never puts a task that is due before the event after the event start's day", () => {
      fc.assert(
        fc.property(engagement, ({ input, procedure, start }) => {
          const plan = ok(Plan.make(procedure, input, cn))
          procedure.steps.forEach((s) => {
            const task = plan.tasks.find((t) => t.stepId === s.id)
            const kind = shape(s.deadline)
            if (task?.deadline === undefined || kind?.anchor !== "EventStart" || kind.direction !== "before") return
            expect(task.deadline.dueDate <= dayOf(start), `${task.id} due ${task.deadline.dueDate}`).toBe(true)
          })
        })
      )
    })

    it("never puts a task that is due after the event end before the end's day", () => {
      fc.assert(
        fc.property(engagement, ({ end, input, procedure }) => {
          const plan = ok(Plan.make(procedure, input, cn))
          procedure.steps.forEach((s) => {
            const task = plan.tasks.find((t) => t.stepId === s.id)
            const kind = shape(s.deadline)
            if (task?.deadline === undefined || kind?.anchor !== "EventEnd" || kind.direction !== "after") return
            expect(task.deadline.dueDate >= dayOf(end), `${task.id} due ${task.deadline.dueDate}`).toBe(true)
          })
        })
      )
    })

    it("plans deterministically: the same input gives the same plan, prepared or not", () => {
      fc.assert(
        fc.property(engagement, ({ input, procedure }) => {
          const prepared = Plan.prepare(procedure)
          expect(Plan.toJson(ok(Plan.make(prepared, input, cn)))).toEqual(
            Plan.toJson(ok(Plan.make(procedure, input, cn)))
          )
        }),
        { numRuns: 50 }
      )
    })

    it("finds nothing moved, added or removed between a plan and itself", () => {
      fc.assert(
        fc.property(engagement, ({ input, procedure }) => {
          const plan = ok(Plan.make(procedure, input, cn))
          expect(Plan.diff(plan, plan)).toEqual({ moved: [], added: [], removed: [], unchanged: plan.tasks.length })
        })
      )
    })

    it("keeps every task id when an engagement is rescheduled", () => {
      fc.assert(
        fc.property(engagement, fc.integer({ min: -60, max: 60 }), ({ input, procedure, start }, days) => {
          const plan = ok(Plan.make(procedure, input, cn))
          const moved = LocalDate.fromEpochDay(LocalDate.toEpochDay(dayOf(start)) + days)
          const { diff } = ok(Plan.replan(plan, procedure, { ...input, eventStart: moved, eventEnd: moved }, cn))
          expect(diff.added).toEqual([])
          expect(diff.removed).toEqual([])
          expect(diff.moved.length + diff.unchanged).toBe(plan.tasks.length)
        })
      )
    })

    it("lists as missed exactly the scheduled tasks whose standing is missed", () => {
      fc.assert(
        fc.property(engagement, ({ input, procedure }) => {
          const plan = ok(Plan.make(procedure, input, cn))
          expect(plan.missed).toEqual(plan.tasks.filter((t) => t.atPlanning?.status === "missed").map((t) => t.id))
        })
      )
    })
  })
})
