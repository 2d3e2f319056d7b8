import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import {
  Directory,
  Dispatcher,
  type Engagement,
  EngagementRepo,
  MemoryStorage,
  Notifier,
  Outbox,
  ProcedureCatalog,
  Reminders
} from "../src/index.js"
import { calendar, millis, people, planned } from "./notificationFixtures.js"

const layer = Layer.mergeAll(MemoryStorage.layer, Notifier.layerMemory, Directory.layerMemory(people))
const settings: Reminders.Settings = { calendar, procedures: ProcedureCatalog.builtIn }
const noDigest: Reminders.Settings = { ...settings, policy: { digestAt: false } }

const store = (...engagements: ReadonlyArray<Engagement.Engagement>) =>
  Effect.flatMap(EngagementRepo.EngagementRepo, (repo) =>
    Effect.forEach(engagements, (engagement) =>
      repo.commit({ engagement, expectedVersion: undefined, ledger: [], outbox: [] })
    )
  )

const tickAt = (local: string, s: Reminders.Settings = noDigest) =>
  Effect.zipRight(TestClock.setTime(millis(local)), Reminders.tick(s))

const pendingIds = Effect.flatMap(Outbox.Outbox, (o) => Effect.map(o.pending(), (list) => list.map((m) => m.id)))
const pendingMessage = (id: string) => Effect.flatMap(Outbox.Outbox, (o) => Effect.map(o.get(id), (t) => t?.message))

/** The client reception standard (P9) for a visit on Tuesday 2026-03-10 09:30: definition due Tue 03-03 18:00, assignment Wed 03-04 18:00. */
const visit = planned("E-P9")
const DEF = "E-P9/definition"
const DEF_DUE = "2026-03-03T18:00:00.000+08:00"

describe("Reminders", () => {
  describe("due soon", () => {
    it.effect("reminds the owners one working day ahead, at the start of that working day, and only once", () =>
      Effect.gen(function* () {
        yield* store(visit)
        const early = yield* tickAt("2026-03-02T08:59")
        expect(early.written).toEqual([])
        const first = yield* tickAt("2026-03-02T09:00")
        expect(first.written).toEqual([`${DEF}/due-soon/lead-1wd@${DEF_DUE}`])
        const m = yield* pendingMessage(first.written[0]!)
        expect(m).toMatchObject({
          template: "due-soon",
          engagementId: "E-P9",
          recipients: { roles: ["requester"], personIds: [] },
          payload: { taskId: DEF, step: "definition", due: DEF_DUE, stage: "lead", lead: 1 },
          confidential: false
        })
        expect(DateTime.formatIsoZoned(m!.createdAt)).toBe("2026-03-02T09:00:00.000+08:00[Asia/Shanghai]")
        const again = yield* tickAt("2026-03-02T15:00")
        expect(again).toMatchObject({ due: 1, written: [] })
        expect(yield* pendingIds).toEqual(first.written)
      }).pipe(Effect.provide(layer))
    )

    it.effect("counts working days across a weekend: Monday's task is reminded on Friday", () =>
      Effect.gen(function* () {
        // P9 for Thursday 03-12: definition 5 working days before = Thursday 03-05; assignment Friday 03-06;
        // preparation 2 working days before = Tuesday 03-10 — reminded Monday 03-09.
        const e = planned("E-WKND", { eventStart: "2026-03-16T09:30:00+08:00" })
        const definition = e.tasks.find((t) => t.stepId === "definition")!
        expect(definition.dueDate).toBe("2026-03-09")
        yield* store(e)
        expect((yield* tickAt("2026-03-06T08:59")).written).toEqual([])
        expect((yield* tickAt("2026-03-06T09:00")).written).toEqual([
          `E-WKND/definition/due-soon/lead-1wd@${definition.due}`
        ])
      }).pipe(Effect.provide(layer))
    )

    it.effect("warns at 50 and 75 % of the time limit in working time, sending only the latest stage reached", () =>
      Effect.gen(function* () {
        // From the notice (Mon 09:00) to the due moment (Tue 18:00): 15 working hours. 50 % is Mon 18:00
        // (the end of Monday's hours); 75 % is 11.25 h in: Tue 14:15 (the lunch break does not count).
        yield* store(planned("E-SD", { notice: "2026-03-02T09:00:00+08:00" }))
        const id = (stage: string) => `E-SD/definition/due-soon/${stage}@${DEF_DUE}`
        const definition = (local: string) =>
          Effect.map(tickAt(local), (r) => r.written.filter((i) => i.startsWith("E-SD/definition/")))
        expect(yield* definition("2026-03-02T09:00")).toEqual([id("lead-1wd")])
        expect(yield* definition("2026-03-02T17:59")).toEqual([])
        expect(yield* definition("2026-03-02T18:00")).toEqual([id("50pct")])
        expect(yield* definition("2026-03-03T14:14")).toEqual([])
        expect(yield* definition("2026-03-03T14:15")).toEqual([id("75pct")])
        expect((yield* pendingMessage(id("75pct")))?.payload).toMatchObject({ stage: "percent", percent: 75 })
      }).pipe(Effect.provide(layer))
    )

    it.effect("does not catch up on stages it slept through: after a pause only the latest stage is sent", () =>
      Effect.gen(function* () {
        yield* store(planned("E-LATE", { notice: "2026-03-02T09:00:00+08:00" }))
        const report = yield* tickAt("2026-03-03T15:00")
        expect(report.written.filter((i) => i.startsWith("E-LATE/definition"))).toEqual([
          `E-LATE/definition/due-soon/75pct@${DEF_DUE}`
        ])
      }).pipe(Effect.provide(layer))
    )

    it.effect("reminds afresh a task moved to another moment, and never a task that is done", () =>
      Effect.gen(function* () {
        const repo = yield* EngagementRepo.EngagementRepo
        yield* store(visit)
        yield* tickAt("2026-03-02T09:00")
        const moved: Engagement.Engagement = {
          ...visit,
          version: visit.version + 1,
          tasks: visit.tasks.map((t) =>
            t.id === DEF
              ? { ...t, due: "2026-03-04T12:00:00.000+08:00", dueDate: "2026-03-04" }
              : t.stepId === "assignment"
                ? {
                    ...t,
                    done: {
                      by: "wang.fang",
                      at: DateTime.unsafeMakeZoned(millis("2026-03-02T10:00"), { timeZone: "Asia/Shanghai" })
                    }
                  }
                : t
          )
        }
        yield* repo.commit({ engagement: moved, expectedVersion: visit.version, ledger: [], outbox: [] })
        const report = yield* tickAt("2026-03-03T09:00")
        expect(report.written).toEqual([`${DEF}/due-soon/lead-1wd@2026-03-04T12:00:00.000+08:00`])
      }).pipe(Effect.provide(layer))
    )
  })

  describe("overdue and escalation", () => {
    it.effect("tells the owners once it is overdue, and the requester's supervisor a working day later", () =>
      Effect.gen(function* () {
        yield* store(visit)
        const definition = (local: string) =>
          Effect.map(tickAt(local), (r) => r.written.filter((i) => i.startsWith(DEF)))
        expect(yield* definition("2026-03-03T18:00")).toEqual([`${DEF}/due-soon/lead-1wd@${DEF_DUE}`])
        expect(yield* definition("2026-03-03T18:01")).toEqual([`${DEF}/overdue@${DEF_DUE}`])
        expect((yield* tickAt("2026-03-04T17:59")).written.filter((i) => i.startsWith(DEF))).toEqual([])
        const escalated = yield* tickAt("2026-03-04T18:00")
        expect(escalated.written.filter((i) => i.startsWith(DEF))).toEqual([`${DEF}/escalated@${DEF_DUE}`])
        const m = yield* pendingMessage(`${DEF}/escalated@${DEF_DUE}`)
        // li.na's supervisor in the directory.
        expect(m?.recipients).toEqual({ roles: [], personIds: ["zhou.qiang"] })
        expect(m?.payload).toMatchObject({ kind: "overdue", ownerRole: "requester", taskId: DEF })
      }).pipe(Effect.provide(layer))
    )

    it.effect("escalates a major matter (a tier-A guest) to the GM at once", () =>
      Effect.gen(function* () {
        yield* store(planned("E-VIP", { tier: "A" }))
        const report = yield* tickAt("2026-03-03T18:01")
        expect(report.written.filter((i) => i.startsWith("E-VIP/definition"))).toEqual([
          `E-VIP/definition/overdue@${DEF_DUE}`,
          `E-VIP/definition/escalated@${DEF_DUE}`
        ])
        const m = yield* pendingMessage(`E-VIP/definition/escalated@${DEF_DUE}`)
        expect(m).toMatchObject({ recipients: { roles: ["general-manager"], personIds: [] }, confidential: true })
      }).pipe(Effect.provide(layer))
    )

    it.effect("escalates to the role the procedure names for the step (P3: notify the GM)", () =>
      Effect.gen(function* () {
        const incident = planned("E-INC", {
          procedureId: "incident-response",
          eventStart: "2026-03-02T10:00:00+08:00",
          notice: "2026-03-02T10:00:00+08:00"
        })
        yield* store(incident)
        const report = yield* tickAt("2026-03-02T10:01")
        const notify = report.written.filter((i) => i.startsWith("E-INC/notify"))
        expect(notify).toHaveLength(2)
        expect((yield* pendingMessage(notify[1]!))?.recipients.roles).toEqual(["general-manager"])
      }).pipe(Effect.provide(layer))
    )

    it.effect("uses the policy's supervisor role for an owner role before the directory", () =>
      Effect.gen(function* () {
        yield* store(visit)
        const s = {
          ...settings,
          policy: { digestAt: false as const, supervisorRoles: { requester: "department-head" } }
        }
        yield* tickAt("2026-03-04T18:00", s)
        const m = yield* pendingMessage(`${DEF}/escalated@${DEF_DUE}`)
        expect(m?.recipients).toEqual({ roles: ["department-head"], personIds: [] })
      }).pipe(Effect.provide(layer))
    )
  })

  describe("callbacks", () => {
    it.effect("reminds the salesperson to call back when the guest's train has arrived, and the message says so", () =>
      Effect.gen(function* () {
        const trip = planned("E-14", {
          procedureId: "client-visit-14-steps",
          eventStart: "2026-03-10T09:30:00+08:00",
          eventEnd: "2026-03-11T15:00:00+08:00",
          notice: "2026-03-02T09:00:00+08:00",
          anchors: { returnArrival: "2026-03-11T20:00:00+08:00" }
        })
        yield* store(trip)
        const before = yield* tickAt("2026-03-11T19:59")
        expect(before.written.filter((i) => i.includes("/callback/") && !i.includes("lead"))).toEqual([])
        const report = yield* tickAt("2026-03-11T20:00")
        const callback = report.written.filter((i) => i.startsWith("E-14/callback/"))
        expect(callback).toEqual(["E-14/callback/due-soon/opens@2026-03-11T22:00:00.000+08:00"])
        expect((yield* pendingMessage(callback[0]!))?.template).toBe("callback-reminder")
        yield* Dispatcher.runOnce({ workerId: "w1" })
        const sent = (yield* (yield* Notifier.MemoryNotifier).sent).find((n) => n.template === "callback-reminder")
        expect(sent?.recipients.map((r) => r.id)).toEqual(["qian.yu"])
        expect(sent?.content["zh-CN"].body).toContain(
          "客人已于 2026-03-11 20:00 返程抵达，请于 2026-03-11 22:00 前电话回访"
        )
        expect(sent?.event).toMatchObject({ uid: "E-14/callback@liaison" })
      }).pipe(Effect.provide(layer))
    )
  })

  describe("daily digest", () => {
    it.effect("sends each assignee one digest a working day, from 08:30, listing overdue and soon-due tasks", () =>
      Effect.gen(function* () {
        yield* store(visit)
        expect((yield* tickAt("2026-03-03T08:29", settings)).written.filter((i) => i.startsWith("digest/"))).toEqual([])
        const report = yield* tickAt("2026-03-04T08:30", settings)
        const digests = report.written.filter((i) => i.startsWith("digest/")).sort()
        expect(digests).toEqual(["digest/gu.yan/2026-03-04", "digest/li.na/2026-03-04", "digest/wang.fang/2026-03-04"])
        const lina = yield* pendingMessage("digest/li.na/2026-03-04")
        expect(lina?.payload.items).toEqual([
          { engagementId: "E-P9", taskId: DEF, stepId: "definition", due: DEF_DUE, status: "overdue" }
        ])
        const wang = yield* pendingMessage("digest/wang.fang/2026-03-04")
        expect(
          ((wang?.payload.items ?? []) as ReadonlyArray<{ stepId: string; status: string }>).map((i) => [
            i.stepId,
            i.status
          ])
        ).toEqual([
          ["assignment", "dueToday"],
          ["preparation", "dueSoon"]
        ])
        expect((yield* tickAt("2026-03-04T16:00", settings)).written.filter((i) => i.startsWith("digest/"))).toEqual([])
      }).pipe(Effect.provide(layer))
    )

    it.effect("sends none on a day off", () =>
      Effect.gen(function* () {
        yield* store(visit)
        // Saturday 2026-03-07.
        expect((yield* tickAt("2026-03-07T09:00", settings)).written.filter((i) => i.startsWith("digest/"))).toEqual([])
      }).pipe(Effect.provide(layer))
    )
  })

  describe("running", () => {
    it.effect("as a fiber, ticks every interval by the clock", () =>
      Effect.gen(function* () {
        yield* store(visit)
        yield* TestClock.setTime(millis("2026-03-02T08:58"))
        const fiber = yield* Effect.fork(Reminders.run(noDigest, { interval: "1 minute" }))
        yield* TestClock.adjust("1 minute")
        expect(yield* pendingIds).toEqual([])
        yield* TestClock.adjust("1 minute")
        expect(yield* pendingIds).toEqual([`${DEF}/due-soon/lead-1wd@${DEF_DUE}`])
        yield* TestClock.adjust("10 minutes")
        expect(yield* pendingIds).toHaveLength(1)
        yield* Fiber.interrupt(fiber)
      }).pipe(Effect.provide(layer))
    )
  })
})
