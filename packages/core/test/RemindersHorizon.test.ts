/**
 * The reminder scheduler reads only the tasks due within its horizon (`EngagementRepo.openTasksDue`)
 * instead of every engagement: these tests pin that horizon — no lead reminder, overdue notice,
 * escalation or digest line is ever for a task beyond it — and that ticks through it write what
 * ticks over every open task write, whenever the windows fit the look-ahead.
 */
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import fc from "fast-check"
import {
  BusinessCalendar,
  Directory,
  type Engagement,
  EngagementRepo,
  LocalDate,
  MemoryStorage,
  ProcedureCatalog,
  Reminders
} from "../src/index.js"
import { calendar, millis, people, planned } from "./notificationFixtures.js"

const settings: Reminders.Settings = { calendar, procedures: ProcedureCatalog.builtIn }
const everyTask: Reminders.Settings = { ...settings, policy: { windowLookaheadDays: Infinity } }
const DAY = 86_400_000

const layer = () => Layer.mergeAll(MemoryStorage.layer, Directory.layerMemory(people))

const store = (...engagements: ReadonlyArray<Engagement.Engagement>) =>
  Effect.flatMap(EngagementRepo.EngagementRepo, (repo) =>
    Effect.forEach(engagements, (engagement) =>
      repo.commit({ engagement, expectedVersion: undefined, ledger: [], outbox: [] })
    )
  )

const iso = (ms: number) =>
  DateTime.formatIsoOffset(DateTime.unsafeMakeZoned(ms, { timeZone: "Asia/Shanghai" })).slice(0, 16)

describe("Reminders' horizon", () => {
  describe("laws", () => {
    const procedures = ["client-reception-standard", "incident-response", "client-visit-14-steps"]
    const scenario = fc.record({
      // Any minute from January to June 2026 (Spring Festival, its make-up working days, Labour Day).
      now: fc
        .integer({ min: millis("2026-01-05T00:00"), max: millis("2026-06-30T23:59") })
        .map((m) => m - (m % 60_000)),
      events: fc.array(
        fc.record({
          procedure: fc.constantFrom(...procedures),
          days: fc.integer({ min: -20, max: 40 }),
          hour: fc.integer({ min: 7, max: 20 }),
          notice: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined })
        }),
        { minLength: 1, maxLength: 4 }
      ),
      lead: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }),
      digestHorizon: fc.integer({ min: 0, max: 8 })
    })

    it("never leaves a lead reminder, an overdue notice, an escalation or a digest line beyond the horizon", () => {
      let checked = 0
      fc.assert(
        fc.property(scenario, ({ digestHorizon, events, lead, now }) => {
          // No look-ahead for windows: the horizon is the lead days' and the digest's alone.
          const s: Reminders.Settings = {
            ...settings,
            policy: { leadWorkingDays: lead, digestHorizon, windowLookaheadDays: 0 }
          }
          const horizon = Reminders.horizonOf(s, now)
          expect(horizon).toBeGreaterThan(now)
          const today = BusinessCalendar.localDateOf(calendar, DateTime.unsafeMake(now))
          const soon = BusinessCalendar.addWorkingDays(calendar, today, digestHorizon)
          for (const [i, ev] of events.entries()) {
            const start = now + ev.days * DAY
            const startIso = `${iso(start).slice(0, 10)}T${String(ev.hour).padStart(2, "0")}:00:00+08:00`
            const e = planned(`E-${i}`, {
              procedureId: ev.procedure,
              eventStart: startIso,
              eventEnd: startIso,
              plannedAt: iso(Math.min(now, start) - 2 * DAY),
              ...(ev.notice !== undefined ? { notice: `${iso(start - ev.notice * DAY)}:00+08:00` } : {})
            })
            const dueOf = (taskId: string) => Date.parse(e.tasks.find((t) => t.id === taskId)!.due!)
            for (const r of Reminders.remindersOf(s, e, now)) {
              if (r._tag !== "DueSoon" || r.stage === "lead") {
                checked++
                expect(dueOf(r.taskId), `${r._tag} of ${r.taskId} at ${iso(now)}`).toBeLessThan(horizon)
              }
            }
            // A digest lists a task overdue, due today or due by the digest's horizon day.
            for (const t of e.tasks) {
              if (t.due === undefined || Either.isLeft(soon)) continue
              if (Date.parse(t.due) < now || (t.dueDate !== undefined && t.dueDate <= soon.right)) {
                checked++
                expect(Date.parse(t.due), `digest line ${t.id} at ${iso(now)}`).toBeLessThan(horizon)
              }
            }
          }
        }),
        { numRuns: 150 }
      )
      expect(checked).toBeGreaterThan(100)
    })

    it("looks windowLookaheadDays ahead, and at least past the lead days", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: millis("2026-01-05T00:00"), max: millis("2026-06-30T23:59") }),
          fc.integer({ min: 0, max: 90 }),
          (now, days) => {
            const s = { ...settings, policy: { windowLookaheadDays: days, digestAt: false as const } }
            const horizon = Reminders.horizonOf(s, now)
            expect(horizon).toBeGreaterThanOrEqual(now + days * DAY)
            const today = BusinessCalendar.localDateOf(calendar, DateTime.unsafeMake(now))
            const leadDay = Either.getOrThrow(BusinessCalendar.addWorkingDays(calendar, today, 1))
            const endOfLeadDay = Either.getOrThrow(
              BusinessCalendar.instantAt(calendar, LocalDate.unsafeAddDays(leadDay, 1), "00:00")
            )
            expect(horizon).toBeGreaterThanOrEqual(DateTime.toEpochMillis(endOfLeadDay))
          }
        ),
        { numRuns: 200 }
      )
    })
  })

  it.effect("reads only the engagements with a task due within the horizon", () =>
    Effect.gen(function* () {
      yield* store(planned("E-MARCH"), planned("E-SEPT", { eventStart: "2026-09-15T09:30:00+08:00" }))
      yield* TestClock.setTime(millis("2026-03-02T09:00"))
      const report = yield* Reminders.tick(settings)
      expect(report.engagements).toBe(1)
      expect(report.written.every((id) => id.startsWith("E-MARCH/") || id.startsWith("digest/"))).toBe(true)
      // Looking at every open task reads both, and finds nothing more to send today.
      const all = yield* Reminders.tick(everyTask)
      expect(all.engagements).toBe(2)
      expect(all.written).toEqual([])
    }).pipe(Effect.provide(layer()))
  )

  it.effect("sends a window stage that comes further ahead of its due moment than the look-ahead only when asked", () =>
    Effect.gen(function* () {
      // Noticed on 5 January for a visit on 16 June: the definition task's window is five months
      // long, and its 50 % stage comes in March, about three months before it is due.
      const e = planned("E-LONG", { eventStart: "2026-06-16T09:30:00+08:00", notice: "2026-01-05T09:00:00+08:00" })
      yield* store(e)
      const definition = e.tasks.find((t) => t.stepId === "definition")!
      yield* TestClock.setTime(millis("2026-04-01T09:00"))
      expect(Reminders.remindersOf(settings, e, millis("2026-04-01T09:00"))).toContainEqual(
        expect.objectContaining({ taskId: definition.id, stage: "percent", amount: 50 })
      )
      expect((yield* Reminders.tick(settings)).written).toEqual([])
      const asked = yield* Reminders.tick({ ...settings, policy: { windowLookaheadDays: 90 } })
      expect(asked.written.filter((id) => id.startsWith(`${definition.id}/`))).toEqual([
        `${definition.id}/due-soon/50pct@${definition.due}`
      ])
    }).pipe(Effect.provide(layer()))
  )

  it.effect(
    "writes, tick after tick by the TestClock, exactly what ticks over every open task write, when the windows fit the look-ahead",
    () =>
      Effect.gen(function* () {
        const engagements = [
          planned("E-A"),
          planned("E-VIP", { tier: "A", eventStart: "2026-03-12T14:00:00+08:00" }),
          planned("E-SD", { notice: "2026-03-02T09:00:00+08:00", eventStart: "2026-03-17T09:30:00+08:00" }),
          planned("E-14", {
            procedureId: "client-visit-14-steps",
            eventStart: "2026-03-10T09:30:00+08:00",
            eventEnd: "2026-03-11T15:00:00+08:00",
            notice: "2026-02-20T09:00:00+08:00",
            anchors: { returnArrival: "2026-03-11T20:00:00+08:00" }
          }),
          planned("E-APRIL", { eventStart: "2026-04-20T09:30:00+08:00" })
        ]
        const run = (s: Reminders.Settings) =>
          Effect.gen(function* () {
            yield* store(...engagements)
            const written: Array<ReadonlyArray<string>> = []
            yield* TestClock.setTime(millis("2026-02-26T08:00"))
            for (let i = 0; i < 24 * 8; i++) {
              written.push((yield* Reminders.tick(s)).written)
              yield* TestClock.adjust("3 hours")
            }
            return written
          }).pipe(Effect.provide(layer()))
        const throughHorizon = yield* run(settings)
        const overEverything = yield* run(everyTask)
        expect(throughHorizon.flat().length).toBeGreaterThan(30)
        expect(throughHorizon).toEqual(overEverything)
      })
  )
})
