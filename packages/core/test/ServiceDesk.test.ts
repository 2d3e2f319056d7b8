import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import fc from "fast-check"
import { BusinessCalendar, Deadline, OfficialCalendars, ServiceDesk } from "../src/index.js"

// The shipped China calendar: office hours 09:00–12:00 and 13:30–18:00, 7.5 working hours a day.
const cn = OfficialCalendars.cnMainland

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

/** A Shanghai wall-clock time. */
const at = (local: string) => DateTime.unsafeMake(`${local}:00+08:00`)
const local = (instant: DateTime.DateTime | undefined) =>
  instant === undefined ? undefined : DateTime.formatIsoOffset(DateTime.setZone(instant, cn.zone)).slice(0, 16)
const hours = (millis: number) => millis / 3_600_000

const H = 3_600_000
const limit = (amount: number): ServiceDesk.TimeLimit => ({ amount, unit: "workingHours" })

/** A host's own limits (the seeds give none) and a callback by the end of the next working day. */
const policy: ServiceDesk.Policy = {
  limits: { inquiry: limit(4), repair: limit(8), service: limit(15), suggestion: limit(37), complaint: limit(15) },
  callback: Deadline.point(Deadline.eventEnd, Deadline.after(1, "workingDays"), { id: "callback" })
}

const zhang: ServiceDesk.Handler = { personId: "zhang", department: "客户服务中心" }
const li: ServiceDesk.Handler = { personId: "li", department: "营业厅" }
const wang: ServiceDesk.Handler = { personId: "wang", department: "营业厅" }

const request = (overrides: Partial<ServiceDesk.NewRequest> = {}): ServiceDesk.Request =>
  ServiceDesk.receive(
    {
      id: "R-2026-0929-001",
      kind: "service",
      customer: { name: "陈女士", phone: "13800000000" },
      channel: "phone",
      receivedAt: at("2026-09-29T10:00"),
      receivedBy: zhang,
      ...overrides
    },
    policy
  )

describe("ServiceDesk", () => {
  describe("首问负责制: the first receiver owns the request until handing it over", () => {
    it("gives the request to whoever received it, with the policy's limit for its kind", () => {
      const r = request()
      expect(r.owner).toEqual(zhang)
      expect(r.firstReceiver).toEqual(zhang)
      expect(r.limitMillis).toBe(15 * H)
      expect(r.clock).toEqual({ _tag: "Running", usedMillis: 0, since: at("2026-09-29T10:00") })
    })

    it("lets only the owner hand over; afterwards the new owner closes it and the first receiver cannot", () => {
      const r = request()
      expect(
        err(ServiceDesk.handOver(r, { by: "li", to: li, at: at("2026-09-29T11:00"), reason: "营业厅办理" }))
      ).toEqual(new ServiceDesk.NotOwner({ requestId: r.id, actor: "li", owner: "zhang" }))

      const handed = ok(
        ServiceDesk.handOver(r, { by: "zhang", to: li, at: at("2026-09-29T11:00"), reason: "需营业厅现场办理" })
      )
      expect(handed.owner).toEqual(li)
      expect(handed.firstReceiver).toEqual(zhang)
      expect(handed.handOvers).toEqual([
        { from: zhang, to: li, at: at("2026-09-29T11:00"), reason: "需营业厅现场办理" }
      ])
      expect(
        err(ServiceDesk.close(handed, { by: "zhang", at: at("2026-09-29T15:00"), resolution: "x" }, cn, policy))
      ).toMatchObject({ _tag: "NotOwner", actor: "zhang", owner: "li" })
      const closed = ok(
        ServiceDesk.close(handed, { by: "li", at: at("2026-09-29T15:00"), resolution: "已办结" }, cn, policy)
      )
      expect(closed.closed?.by).toEqual(li)
    })

    it("keeps the clock running through a hand-over: the limit belongs to the customer's request", () => {
      const handed = ok(
        ServiceDesk.handOver(request(), { by: "zhang", to: li, at: at("2026-09-29T11:00"), reason: "x" })
      )
      const s = ok(ServiceDesk.status(handed, cn, at("2026-09-29T16:00")))
      expect(hours(s.usedMillis)).toBe(4.5)
    })

    it("refuses a hand-over to the current owner", () => {
      const e = err(
        ServiceDesk.handOver(request(), { by: "zhang", to: zhang, at: at("2026-09-29T11:00"), reason: "x" })
      )
      expect(e).toEqual(new ServiceDesk.InvalidHandOver({ requestId: "R-2026-0929-001", reason: "toCurrentOwner" }))
    })
  })

  describe("the time limit, in working time", () => {
    it("counts only working hours: received Tuesday 2026-09-29 10:00, 15 working hours are due before National Day", () => {
      const s = ok(ServiceDesk.status(request(), cn, at("2026-09-29T10:00")))
      // Tue 10:00–12:00 and 13:30–18:00 (6.5 h), Wed 09:00–12:00 and 13:30–18:00 (7.5 h), then the
      // National Day break 10-01 – 10-07: the last hour falls on Thursday 2026-10-08, 09:00–10:00.
      expect(local(s.due)).toBe("2026-10-08T10:00")
      expect(s.warnings.map((w) => [w.level, w.state, local(w.at)])).toEqual([
        [50, "scheduled", "2026-09-30T10:00"],
        [75, "scheduled", "2026-09-30T15:15"],
        [100, "scheduled", "2026-10-08T10:00"]
      ])
    })

    it("pauses over the National Day holiday while waiting on the customer and resumes with 6.5 h left, due 2026-10-08 18:00", () => {
      const paused = ok(
        ServiceDesk.pause(request(), { by: "zhang", at: at("2026-09-30T11:00"), reason: "等待客户补交材料" }, cn)
      )
      expect(paused.clock).toMatchObject({ _tag: "Paused", usedMillis: 8.5 * H })
      // 50 % (7.5 h) was reached on Wednesday at 10:00, before the pause.
      expect(paused.reached).toEqual([{ level: 50, at: at("2026-09-30T10:00") }])

      const during = ok(ServiceDesk.status(paused, cn, at("2026-10-05T15:00")))
      expect([during.state, hours(during.usedMillis), hours(during.remainingMillis)]).toEqual(["paused", 8.5, 6.5])
      // Were it resumed now, mid-holiday, the time would start again on Thursday 09:00.
      expect(local(during.due)).toBe("2026-10-08T17:00")
      expect(during.warnings.map((w) => [w.level, w.state])).toEqual([
        [50, "reached"],
        [75, "onHold"],
        [100, "onHold"]
      ])

      const resumed = ok(ServiceDesk.resume(paused, { by: "zhang", at: at("2026-10-08T10:00") }))
      const s = ok(ServiceDesk.status(resumed, cn, at("2026-10-08T10:00")))
      expect([hours(s.usedMillis), hours(s.remainingMillis)]).toEqual([8.5, 6.5])
      expect(local(s.due)).toBe("2026-10-08T18:00")
      expect(s.warnings.map((w) => [w.level, w.state, local(w.at)])).toEqual([
        [50, "reached", "2026-09-30T10:00"],
        [75, "scheduled", "2026-10-08T14:15"],
        [100, "scheduled", "2026-10-08T18:00"]
      ])

      const closed = ok(
        ServiceDesk.close(resumed, { by: "zhang", at: at("2026-10-08T17:30"), resolution: "已办结" }, cn, policy)
      )
      expect(closed.closed).toMatchObject({ usedMillis: 14.5 * H, onTime: true })
      expect(closed.log.map((e) => [e.event, local(e.at), hours(e.usedMillis)])).toEqual([
        ["started", "2026-09-29T10:00", 0],
        ["paused", "2026-09-30T11:00", 8.5],
        ["resumed", "2026-10-08T10:00", 8.5],
        ["stopped", "2026-10-08T17:30", 14.5]
      ])
    })

    it("marks a request closed over its limit as overdue, with the instant the limit was reached", () => {
      const closed = ok(
        ServiceDesk.close(request(), { by: "zhang", at: at("2026-10-09T09:00"), resolution: "已办结" }, cn, policy)
      )
      // Tuesday 6.5 h, Wednesday 7.5 h, Thursday 2026-10-08 7.5 h; Friday 09:00 adds nothing yet.
      expect(closed.closed).toMatchObject({ usedMillis: 21.5 * H, onTime: false })
      expect(closed.reached.map((r) => [r.level, local(r.at)])).toEqual([
        [50, "2026-09-30T10:00"],
        [75, "2026-09-30T15:15"],
        [100, "2026-10-08T10:00"]
      ])
      const s = ok(ServiceDesk.status(closed, cn, at("2026-10-09T09:00")))
      expect([s.state, s.overdue, s.due, hours(s.remainingMillis)]).toEqual(["closed", true, undefined, -6.5])
    })

    it("starts counting at the next working interval for a request received at night", () => {
      const r = request({ receivedAt: at("2026-03-02T21:40"), kind: "inquiry" })
      const s = ok(ServiceDesk.status(r, cn, at("2026-03-03T08:00")))
      expect(s.usedMillis).toBe(0)
      expect(local(s.due)).toBe("2026-03-03T14:30")
    })
  })

  describe("a calendar swapped mid-request", () => {
    // From 2026-03-04 the office keeps other hours: 08:30–12:00 and 14:30–18:00 (7 h a day).
    const newHours = ok(
      BusinessCalendar.derive(cn, {
        id: "cn-mainland-spring-hours",
        workingHours: [
          { start: "08:30", end: "12:00" },
          { start: "14:30", end: "18:00" }
        ]
      })
    )
    const march = () => request({ receivedAt: at("2026-03-02T09:00") })

    it("keeps the 10.5 h used before the pause and counts the rest on the new hours: due Wednesday 15:30", () => {
      // Monday 7.5 h and Tuesday 09:00–12:00 (3 h), on the old hours.
      const paused = ok(ServiceDesk.pause(march(), { by: "zhang", at: at("2026-03-03T12:00"), reason: "等待客户" }, cn))
      expect(hours(paused.clock.usedMillis)).toBe(10.5)
      const resumed = ok(ServiceDesk.resume(paused, { by: "zhang", at: at("2026-03-04T08:30") }))
      const s = ok(ServiceDesk.status(resumed, newHours, at("2026-03-04T08:30")))
      expect(hours(s.usedMillis)).toBe(10.5)
      // 4.5 h left: 08:30–12:00 (3.5 h) and 14:30–15:30.
      expect(local(s.due)).toBe("2026-03-04T15:30")
      expect(paused.log[1]?.calendar).toEqual({ id: "cn-mainland", version: cn.data.version })
    })

    it("keeps the time a running clock used on the old calendar once checkpointed before the swap", () => {
      const checked = ok(ServiceDesk.checkpoint(march(), { at: at("2026-03-03T12:00") }, cn))
      expect(hours(checked.clock.usedMillis)).toBe(10.5)
      // Tuesday 14:30–15:00 on the new hours: half an hour more.
      expect(hours(ok(ServiceDesk.status(checked, newHours, at("2026-03-03T15:00"))).usedMillis)).toBe(11)
      // Without the checkpoint, the new hours would recount Monday and Tuesday morning too.
      expect(hours(ok(ServiceDesk.status(march(), newHours, at("2026-03-03T15:00"))).usedMillis)).toBe(10.5)
    })
  })

  describe("illegal commands are typed failures", () => {
    const closed = () =>
      ok(ServiceDesk.close(request(), { by: "zhang", at: at("2026-09-29T15:00"), resolution: "已答复" }, cn, policy))

    it("refuses to close an already closed request", () => {
      expect(
        err(ServiceDesk.close(closed(), { by: "zhang", at: at("2026-09-29T16:00"), resolution: "again" }, cn, policy))
      ).toEqual(new ServiceDesk.RequestClosed({ requestId: "R-2026-0929-001", closedAt: "2026-09-29T07:00:00.000Z" }))
    })

    it("refuses to pause a paused clock, and to resume a running one", () => {
      const paused = ok(ServiceDesk.pause(request(), { by: "zhang", at: at("2026-09-29T11:00"), reason: "等待" }, cn))
      expect(err(ServiceDesk.pause(paused, { by: "zhang", at: at("2026-09-29T12:00"), reason: "again" }, cn))).toEqual(
        new ServiceDesk.ClockConflict({ requestId: "R-2026-0929-001", reason: "alreadyPaused" })
      )
      expect(err(ServiceDesk.resume(request(), { by: "zhang", at: at("2026-09-29T12:00") }))).toEqual(
        new ServiceDesk.ClockConflict({ requestId: "R-2026-0929-001", reason: "notPaused" })
      )
    })

    it("refuses a pause or resume by someone who does not own the request", () => {
      expect(err(ServiceDesk.pause(request(), { by: "li", at: at("2026-09-29T11:00"), reason: "x" }, cn))._tag).toBe(
        "NotOwner"
      )
    })

    it("refuses a command dated before what is already recorded", () => {
      const paused = ok(ServiceDesk.pause(request(), { by: "zhang", at: at("2026-09-29T11:00"), reason: "等待" }, cn))
      expect(err(ServiceDesk.resume(paused, { by: "zhang", at: at("2026-09-29T10:30") }))).toEqual(
        new ServiceDesk.OutOfOrder({
          requestId: "R-2026-0929-001",
          at: "2026-09-29T02:30:00.000Z",
          latest: "2026-09-29T03:00:00.000Z"
        })
      )
    })

    it("refuses a callback before closing, and a second one", () => {
      expect(
        err(ServiceDesk.recordCallback(request(), { by: "qa", at: at("2026-09-30T10:00"), reached: true }))
      ).toEqual(new ServiceDesk.CallbackConflict({ requestId: "R-2026-0929-001", reason: "notClosed" }))
      const called = ok(
        ServiceDesk.recordCallback(closed(), { by: "qa", at: at("2026-09-30T10:00"), reached: true, satisfaction: 9 })
      )
      expect(err(ServiceDesk.recordCallback(called, { by: "qa", at: at("2026-09-30T11:00"), reached: true }))).toEqual(
        new ServiceDesk.CallbackConflict({ requestId: "R-2026-0929-001", reason: "alreadyRecorded" })
      )
    })
  })

  describe("回访制: the callback after closing", () => {
    it("falls due by the end of the next working day: closed Wednesday 2026-09-30, called back by Thursday 2026-10-08", () => {
      const closed = ok(
        ServiceDesk.close(request(), { by: "zhang", at: at("2026-09-30T16:00"), resolution: "已办结" }, cn, policy)
      )
      expect(local(closed.callback?.due)).toBe("2026-10-08T18:00")
      const pending = ok(ServiceDesk.status(closed, cn, at("2026-10-09T09:00")))
      expect(pending.callback).toMatchObject({ done: false, late: true })
      const called = ok(
        ServiceDesk.recordCallback(closed, {
          by: "qa-liu",
          at: at("2026-10-08T15:00"),
          reached: true,
          satisfaction: 10,
          note: "客户满意"
        })
      )
      expect(ok(ServiceDesk.status(called, cn, at("2026-10-09T09:00"))).callback).toMatchObject({
        done: true,
        late: false
      })
    })
  })

  describe("月考核: monthly figures", () => {
    const close = (r: ServiceDesk.Request, by: string, when: string) =>
      ok(ServiceDesk.close(r, { by, at: at(when), resolution: "已办结" }, cn, policy))
    const callback = (r: ServiceDesk.Request, when: string, satisfaction: number) =>
      ok(ServiceDesk.recordCallback(r, { by: "qa-liu", at: at(when), reached: true, satisfaction }))

    const october = () => {
      const a = callback(
        close(request({ id: "A", receivedAt: at("2026-10-12T09:00"), kind: "inquiry" }), "zhang", "2026-10-12T11:00"),
        "2026-10-13T10:00",
        9
      )
      // 4 h limit, closed after 7.5 h: overdue.
      const b = callback(
        close(request({ id: "B", receivedAt: at("2026-10-12T09:00"), kind: "inquiry" }), "zhang", "2026-10-12T18:00"),
        "2026-10-13T10:00",
        6
      )
      const c = close(
        ok(
          ServiceDesk.handOver(request({ id: "C", receivedAt: at("2026-10-20T09:00") }), {
            by: "zhang",
            to: li,
            at: at("2026-10-20T10:00"),
            reason: "营业厅办理"
          })
        ),
        "li",
        "2026-10-21T09:00"
      )
      // A complaint about wang, received by li, still open at the end of October and over its limit.
      const d = request({
        id: "D",
        kind: "complaint",
        receivedAt: at("2026-10-26T09:00"),
        receivedBy: li,
        about: { personId: "wang", department: "营业厅" }
      })
      // Received in September, closed in October: counted in October's closings.
      const e = close(request({ id: "E", receivedAt: at("2026-09-29T10:00") }), "zhang", "2026-10-08T09:30")
      return [a, b, c, d, e]
    }

    it("gives each person and department their October 2026: on time, overdue, open and over, complaints, satisfaction", () => {
      const figures = ok(ServiceDesk.monthlyFigures(october(), "2026-10", cn))
      const row = (f: ServiceDesk.Figures) => [
        f.key,
        f.received,
        f.closed,
        f.onTime,
        f.overdue,
        f.onTimeRate,
        f.openOverdue,
        f.complaints,
        f.satisfaction.count,
        f.satisfaction.average
      ]
      expect(figures.people.map(row)).toEqual([
        ["li", 1, 1, 1, 0, 1, 1, 0, 0, undefined],
        ["wang", 0, 0, 0, 0, undefined, 0, 1, 0, undefined],
        ["zhang", 3, 3, 2, 1, 2 / 3, 0, 0, 2, 7.5]
      ])
      expect(figures.departments.map(row)).toEqual([
        ["客户服务中心", 3, 3, 2, 1, 2 / 3, 0, 0, 2, 7.5],
        ["营业厅", 1, 1, 1, 0, 1, 1, 1, 0, undefined]
      ])
    })

    it("counts September's receipt in September and its closing in October", () => {
      const september = ok(ServiceDesk.monthlyFigures(october(), "2026-09", cn))
      expect(september.people.map((f) => [f.key, f.received, f.closed, f.openOverdue])).toEqual([["zhang", 1, 0, 0]])
    })

    it("refuses a month that is not YYYY-MM", () => {
      expect(err(ServiceDesk.monthlyFigures([], "2026-13", cn))._tag).toBe("InvalidArgument")
    })
  })

  describe("laws", () => {
    const otherHours = ok(
      BusinessCalendar.derive(cn, {
        id: "cn-mainland-other-hours",
        workingHours: [
          { start: "08:00", end: "12:00" },
          { start: "14:00", end: "17:00" }
        ]
      })
    )
    const START = Date.parse("2025-01-01T00:00:00+08:00")
    // Twelve steps of up to 12 days each stay inside the calendar's data (to 2026-12-31).
    const END = Date.parse("2026-06-30T00:00:00+08:00")
    const minute = 60_000
    const instant = fc.integer({ min: START / minute, max: END / minute }).map((m) => DateTime.unsafeMake(m * minute))
    const gap = fc.oneof(
      fc.integer({ min: 0, max: 120 }),
      fc.integer({ min: 0, max: 3 * 1440 }),
      fc.integer({ min: 0, max: 12 * 1440 })
    )
    const step = fc.record({
      gap,
      action: fc.constantFrom("pause", "resume", "handOver", "checkpoint", "swap", "observe"),
      limitHours: fc.integer({ min: 1, max: 40 })
    })
    const plus = (t: DateTime.Utc, minutes: number) => DateTime.unsafeMake(DateTime.toEpochMillis(t) + minutes * minute)
    const fresh = (receivedAt: DateTime.Utc, limitHours: number) =>
      request({ receivedAt, limit: { amount: limitHours, unit: "workingHours" } })

    it("used time never decreases, through pauses, hand-overs and calendar swaps checkpointed first", () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 40 }), fc.array(step, { maxLength: 12 }), (start, h, steps) => {
          let r = fresh(start, h)
          let calendar = cn
          let t = start
          let used = 0
          const people = [zhang, li]
          for (const s of steps) {
            t = plus(t, s.gap)
            if (s.action === "pause" && r.clock._tag === "Running") {
              r = ok(ServiceDesk.pause(r, { by: r.owner.personId, at: t, reason: "等待" }, calendar))
            } else if (s.action === "resume" && r.clock._tag === "Paused") {
              r = ok(ServiceDesk.resume(r, { by: r.owner.personId, at: t }))
            } else if (s.action === "handOver") {
              const to = people.find((p) => p.personId !== r.owner.personId)!
              r = ok(ServiceDesk.handOver(r, { by: r.owner.personId, to, at: t, reason: "移交" }))
            } else if (s.action === "checkpoint" || s.action === "swap") {
              r = ok(ServiceDesk.checkpoint(r, { at: t }, calendar))
              if (s.action === "swap") calendar = calendar === cn ? otherHours : cn
            }
            const now = ok(ServiceDesk.status(r, calendar, t)).usedMillis
            expect(now).toBeGreaterThanOrEqual(used)
            used = now
          }
        }),
        { numRuns: 150 }
      )
    })

    it("pausing and resuming without working time in between changes nothing", () => {
      fc.assert(
        fc.property(
          instant,
          fc.integer({ min: 1, max: 40 }),
          gap,
          fc.double({ min: 0, max: 1, noNaN: true }),
          (start, h, g, f) => {
            const running = fresh(start, h)
            const t = plus(start, g)
            // The next working instant from t: no working time lies between t and it.
            const next = ok(BusinessCalendar.addWorkingTime(cn, t, 0))
            const t2 = DateTime.unsafeMake(
              DateTime.toEpochMillis(t) + Math.floor(f * (DateTime.toEpochMillis(next) - DateTime.toEpochMillis(t)))
            )
            const paused = ok(ServiceDesk.pause(running, { by: "zhang", at: t, reason: "等待" }, cn))
            const resumed = ok(ServiceDesk.resume(paused, { by: "zhang", at: t2 }))
            const a = ok(ServiceDesk.status(running, cn, t2))
            const b = ok(ServiceDesk.status(resumed, cn, t2))
            expect(b.usedMillis).toBe(a.usedMillis)
            expect(local(b.due)).toBe(local(a.due))
            expect(b.due && DateTime.toEpochMillis(b.due)).toBe(a.due && DateTime.toEpochMillis(a.due))
            expect(b.warnings.map((w) => [w.level, w.state, DateTime.toEpochMillis(w.at)])).toEqual(
              a.warnings.map((w) => [w.level, w.state, DateTime.toEpochMillis(w.at)])
            )
          }
        ),
        { numRuns: 200 }
      )
    })

    it("the due instant never moves earlier while paused", () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 40 }), gap, gap, gap, (start, h, g1, g2, g3) => {
          const t = plus(start, g1)
          const paused = ok(ServiceDesk.pause(fresh(start, h), { by: "zhang", at: t, reason: "等待" }, cn))
          const first = ok(ServiceDesk.status(paused, cn, plus(t, g2))).due!
          const later = ok(ServiceDesk.status(paused, cn, plus(t, g2 + g3))).due!
          expect(DateTime.toEpochMillis(later)).toBeGreaterThanOrEqual(DateTime.toEpochMillis(first))
        }),
        { numRuns: 200 }
      )
    })

    it("on-time + overdue = closed, for every person and department, and adds up to the month's closings", () => {
      const closing = fc.record({
        received: instant,
        workMinutes: fc.integer({ min: 0, max: 5 * 1440 }),
        hoursLimit: fc.integer({ min: 1, max: 30 }),
        by: fc.constantFrom(zhang, li, wang),
        handOver: fc.boolean(),
        closeIt: fc.boolean()
      })
      fc.assert(
        fc.property(fc.array(closing, { maxLength: 25 }), fc.integer({ min: 0, max: 22 }), (rows, monthIndex) => {
          const requests = rows.map((row, i) => {
            let r = request({
              id: `R${i}`,
              receivedAt: row.received,
              receivedBy: row.by,
              limit: { amount: row.hoursLimit, unit: "workingHours" }
            })
            if (row.handOver && row.by.personId !== "wang") {
              r = ok(ServiceDesk.handOver(r, { by: row.by.personId, to: wang, at: row.received, reason: "移交" }))
            }
            return row.closeIt
              ? ok(
                  ServiceDesk.close(
                    r,
                    { by: r.owner.personId, at: plus(row.received, row.workMinutes), resolution: "已办结" },
                    cn,
                    policy
                  )
                )
              : r
          })
          const year = 2025 + Math.floor(monthIndex / 12)
          const month = `${year}-${String((monthIndex % 12) + 1).padStart(2, "0")}`
          const figures = ok(ServiceDesk.monthlyFigures(requests, month, cn))
          for (const f of [...figures.people, ...figures.departments]) {
            expect(f.onTime + f.overdue).toBe(f.closed)
          }
          const closedInMonth = requests.filter(
            (r) => r.closed && BusinessCalendar.localDateOf(cn, r.closed.at).startsWith(month)
          )
          expect(figures.people.reduce((n, f) => n + f.closed, 0)).toBe(closedInMonth.length)
          expect(figures.people.reduce((n, f) => n + f.overdue, 0)).toBe(
            closedInMonth.filter((r) => r.closed!.usedMillis > r.limitMillis).length
          )
        }),
        { numRuns: 100 }
      )
    })
  })
})
