import { tzOffset } from "@date-fns/tz"
import { fc, test as fcTest } from "@fast-check/vitest"
import { Ics } from "@liaison/calendars"
import {
  BusinessCalendar,
  type Directory,
  Engagement,
  LocalDate,
  OfficialCalendars,
  Plan,
  type Procedure,
  ProcedureCatalog
} from "@liaison/core"
import * as Arb from "@liaison/core/testing"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import ICAL from "ical.js"
import nodeIcal from "node-ical"
import { describe, expect, it } from "vitest"
import { vtimezone } from "../src/internal/vtimezone.js"

const cn = OfficialCalendars.cnMainland
const STAMP = DateTime.unsafeMake("2026-02-09T02:00:00Z")

const planOf = (
  procedure: Procedure.Procedure,
  input: Omit<Plan.PlanInput, "engagementId"> & { readonly engagementId?: string },
  calendar: BusinessCalendar.BusinessCalendar = cn,
  assign?: (role: string) => ReadonlyArray<Directory.Person>
): Plan.Plan => Either.getOrThrow(Plan.make(procedure, { engagementId: "E-1", ...input }, calendar, assign))

const exported = (plan: Plan.Plan, options: Partial<Ics.Options> = {}): Ics.Export =>
  Either.getOrThrow(Ics.fromPlan(plan, { calendar: cn, stamp: STAMP, ...options }))

/** What ical.js reads, with only the file's own VTIMEZONEs registered (no zone database of its own). */
const readWithIcalJs = (ics: string) => {
  ICAL.TimezoneService.reset()
  const root = new ICAL.Component(ICAL.parse(ics))
  for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz))
  return root.getAllSubcomponents("vevent").map((v) => {
    const event = new ICAL.Event(v)
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toUnixTime() * 1000,
      end: v.hasProperty("dtend") ? event.endDate.toUnixTime() * 1000 : undefined,
      startZone: event.startDate.zone?.tzid,
      allDay: event.startDate.isDate,
      sequence: event.sequence,
      status: v.getFirstPropertyValue("status"),
      alarms: v.getAllSubcomponents("valarm").map((a) => ({
        trigger: String(a.getFirstPropertyValue("trigger")),
        related: a.getFirstProperty("trigger")?.getParameter("related")
      }))
    }
  })
}

/** What node-ical reads (it resolves TZID names itself). */
const readWithNodeIcal = (ics: string) =>
  Object.values(nodeIcal.sync.parseICS(ics)).flatMap((c) =>
    c !== undefined && c.type === "VEVENT"
      ? [{ uid: c.uid, start: c.start.getTime(), end: c.end?.getTime(), summary: String(c.summary) }]
      : []
  )

const byUid = <A extends { readonly uid: string }>(items: ReadonlyArray<A>) => new Map(items.map((i) => [i.uid, i]))

const engagementOf = (fields: Partial<Engagement.EngagementEncoded> = {}): Engagement.Engagement =>
  Schema.decodeUnknownSync(Engagement.Engagement)({
    id: "E-1",
    version: 4,
    status: "planned",
    title: "华东家具集团来访",
    procedureId: "client-reception-standard",
    counterpart: "East China Furniture Group",
    confidential: false,
    emergency: false,
    requesterId: "li.na",
    ownerId: "wang.fang",
    eventStart: "2026-02-24T09:30:00+08:00",
    decisions: [],
    tasks: [],
    createdAt: "2026-02-09T10:00:00+08:00[Asia/Shanghai]",
    updatedAt: "2026-02-09T10:00:00+08:00[Asia/Shanghai]",
    ...fields
  })

describe("Ics.fromPlan", () => {
  describe("a client visit right after Spring Festival 2026 (Asia/Shanghai)", () => {
    const plan = planOf(ProcedureCatalog.clientReceptionStandard, {
      eventStart: "2026-02-24T09:30:00+08:00",
      eventEnd: "2026-02-24T17:00:00+08:00"
    })
    const { ics, entries } = exported(plan)

    it("writes every task's due moment as the plan's instant, read back by ical.js and node-ical", () => {
      const viaIcalJs = byUid(readWithIcalJs(ics))
      const viaNodeIcal = byUid(readWithNodeIcal(ics))
      expect(plan.tasks.every((t) => t.deadline !== undefined)).toBe(true)
      for (const task of plan.tasks) {
        const uid = `${task.id}@liaison`
        expect(viaIcalJs.get(uid)?.start).toBe(task.deadline!.dueMillis)
        expect(viaNodeIcal.get(uid)?.start).toBe(task.deadline!.dueMillis)
      }
      expect(entries.filter((e) => e.kind === "task")).toHaveLength(plan.tasks.length)
    })

    it("writes local Shanghai wall times with TZID and a VTIMEZONE, not UTC", () => {
      const definition = plan.tasks.find((t) => t.stepId === "definition")!.deadline!
      // The due moment as Shanghai reads it (5 working days before the visit, across the nine-day break).
      expect(Schema.encodeSync(Schema.DateTimeUtc)(DateTime.toUtc(definition.due))).toBe("2026-02-10T10:00:00.000Z")
      expect(ics).toContain("DTSTART;TZID=Asia/Shanghai:20260210T180000")
      expect(ics).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Asia\/Shanghai\r\n/)
      expect(ics).toContain("TZOFFSETTO:+0800")
      expect(ics).not.toMatch(/^DTSTART:\d{8}T\d{6}Z/m)
      expect(ics).toMatch(/^DTSTAMP:20260209T020000Z\r?$/m)
      const read = readWithIcalJs(ics)
      expect(new Set(read.map((e) => e.startZone))).toEqual(new Set(["Asia/Shanghai"]))
    })

    it("writes the visit itself from its start to its end", () => {
      const event = byUid(readWithIcalJs(ics)).get("E-1@liaison")!
      expect(event.start).toBe(Date.parse("2026-02-24T09:30:00+08:00"))
      expect(event.end).toBe(Date.parse("2026-02-24T17:00:00+08:00"))
      expect(ics).toContain("DTSTART;TZID=Asia/Shanghai:20260224T093000")
    })

    it("is the same text whatever the host's time zone", () => {
      const before = process.env.TZ
      try {
        process.env.TZ = "America/New_York"
        const a = exported(plan).ics
        process.env.TZ = "Asia/Kolkata"
        const b = exported(plan).ics
        expect(a).toBe(b)
        expect(a).toBe(ics)
      } finally {
        if (before === undefined) delete process.env.TZ
        else process.env.TZ = before
      }
    })

    it("carries the owner role and the rule in each description", () => {
      const read = byUid(readWithIcalJs(ics))
      const definition = plan.tasks.find((t) => t.stepId === "definition")!
      const description = read.get(`${definition.id}@liaison`)!.description
      expect(description).toContain("负责：需求提出者")
      expect(description).toContain("Owner: Requester")
      expect(description).toContain(`规则：${definition.deadline!.explanation.rule["zh-CN"]}`)
      expect(description).toContain(`Rule: ${definition.deadline!.explanation.rule.en}`)
      expect(description).toContain(definition.deadline!.explanation.sentence.en)
    })
  })

  it("writes a window from when it opens (DTSTART) to when it is due (DTEND), alarms counted from the due end", () => {
    // Holiday relations: contact 1–2 weeks before Spring Festival 2026.
    const plan = planOf(ProcedureCatalog.holidayRelations, { eventStart: "2026-02-15" })
    const windows = plan.tasks.filter((t) => t.deadline?.opens !== undefined)
    expect(windows.length).toBeGreaterThan(0)
    const { ics } = exported(plan, { alarms: ["2 hours", "1 day"] })
    const read = byUid(readWithIcalJs(ics))
    const viaNodeIcal = byUid(readWithNodeIcal(ics))
    for (const task of windows) {
      const entry = read.get(`${task.id}@liaison`)!
      expect(entry.start).toBe(task.deadline!.opensMillis)
      expect(entry.end).toBe(task.deadline!.dueMillis)
      expect(viaNodeIcal.get(`${task.id}@liaison`)?.end).toBe(task.deadline!.dueMillis)
      expect(entry.alarms).toEqual([
        { trigger: "-PT2H", related: "END" },
        { trigger: "-P1D", related: "END" }
      ])
    }
    const point = plan.tasks.find((t) => t.deadline !== undefined && t.deadline.opens === undefined)!
    expect(read.get(`${point.id}@liaison`)!.alarms.map((a) => a.related)).toEqual([undefined, undefined])
  })

  it("writes a visit given as a bare date as an all-day event", () => {
    const plan = planOf(ProcedureCatalog.clientReceptionStandard, { eventStart: "2026-02-24" })
    const { ics } = exported(plan, { alarms: [] })
    expect(ics).toContain("DTSTART;VALUE=DATE:20260224")
    expect(ics).toContain("DTEND;VALUE=DATE:20260225")
    expect(ics).not.toContain("BEGIN:VALARM")
    expect(byUid(readWithIcalJs(ics)).get("E-1@liaison")!.allDay).toBe(true)
  })

  describe("a DST zone: a Europe/Berlin calendar across the March and October 2026 changes", () => {
    const berlin = Either.getOrThrow(
      BusinessCalendar.weekendsOnly({
        id: "de-office",
        timeZone: "Europe/Berlin",
        from: LocalDate.unsafeMake("2025-01-01"),
        to: LocalDate.unsafeMake("2027-12-31"),
        workingHours: [{ start: "09:00", end: "17:00" }]
      })
    )
    for (const [season, eventStart] of [
      ["spring (CET → CEST on 29 March)", "2026-04-02T10:00:00+02:00"],
      ["autumn (CEST → CET on 25 October)", "2026-10-28T10:00:00+01:00"]
    ] as const) {
      it(`reads every instant back exactly in ${season}`, () => {
        const plan = planOf(
          ProcedureCatalog.visitReception,
          { eventStart, notice: eventStart.replace("T10", "T08") },
          berlin
        )
        const { ics } = Either.getOrThrow(Ics.fromPlan(plan, { calendar: berlin, stamp: STAMP }))
        expect(ics).toContain("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
        expect(ics).toContain("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
        const viaIcalJs = byUid(readWithIcalJs(ics))
        const viaNodeIcal = byUid(readWithNodeIcal(ics))
        const offsets = new Set<number>()
        for (const task of plan.tasks) {
          const d = task.deadline
          if (d === undefined) continue
          const start = d.opensMillis ?? d.dueMillis
          offsets.add(tzOffset("Europe/Berlin", new Date(start)))
          expect(viaIcalJs.get(`${task.id}@liaison`)?.start).toBe(start)
          expect(viaNodeIcal.get(`${task.id}@liaison`)?.start).toBe(start)
        }
        // The plan's deadlines straddle the change: both offsets occur.
        expect([...offsets].sort((a, b) => a - b)).toEqual([60, 120])
      })
    }
  })

  describe("stable UIDs: re-exporting a re-planned engagement updates the same entries", () => {
    it("keeps every UID, raises SEQUENCE and moves the dates", () => {
      const first = planOf(ProcedureCatalog.clientReceptionStandard, { eventStart: "2026-02-24T09:30:00+08:00" })
      const moved = planOf(ProcedureCatalog.clientReceptionStandard, { eventStart: "2026-03-10T09:30:00+08:00" })
      const a = readWithIcalJs(exported(first, { engagement: engagementOf({ version: 4 }) }).ics)
      const b = readWithIcalJs(
        exported(moved, {
          engagement: engagementOf({ version: 6, eventStart: "2026-03-10T09:30:00+08:00" }),
          stamp: DateTime.unsafeMake("2026-02-20T02:00:00Z")
        }).ics
      )
      expect(b.map((e) => e.uid)).toEqual(a.map((e) => e.uid))
      expect(a.every((e) => e.sequence === 4)).toBe(true)
      expect(b.every((e) => e.sequence === 6)).toBe(true)
      const diff = Plan.diff(first, moved)
      expect(diff.moved.length).toBeGreaterThan(0)
      const bs = byUid(b)
      for (const m of diff.moved) expect(bs.get(`${m.taskId}@liaison`)!.start).toBe(Date.parse(m.toDue!))
    })

    it("without an engagement, a later export has a higher SEQUENCE", () => {
      const plan = planOf(ProcedureCatalog.clientReceptionStandard, { eventStart: "2026-02-24T09:30:00+08:00" })
      const a = readWithIcalJs(exported(plan).ics)[0]!.sequence
      const b = readWithIcalJs(exported(plan, { stamp: DateTime.unsafeMake("2026-02-09T02:01:00Z") }).ics)[0]!.sequence
      expect(b).toBeGreaterThan(a)
    })
  })

  describe("languages", () => {
    const plan = planOf(ProcedureCatalog.clientReceptionStandard, { eventStart: "2026-02-24T09:30:00+08:00" })
    const definition = plan.tasks.find((t) => t.stepId === "definition")!
    const summaryIn = (language: Ics.Language) =>
      byUid(readWithIcalJs(exported(plan, { language, engagement: engagementOf() }).ics)).get(
        `${definition.id}@liaison`
      )!
    it("writes zh-CN, English, or both", () => {
      expect(summaryIn("zh-CN").summary).toBe(`${definition.name["zh-CN"]}｜华东家具集团来访`)
      expect(summaryIn("en").summary).toBe(`${definition.name.en}｜华东家具集团来访`)
      expect(summaryIn("bilingual").summary).toBe(
        `${definition.name["zh-CN"]} / ${definition.name.en}｜华东家具集团来访`
      )
      expect(summaryIn("zh-CN").description).not.toContain("Owner:")
      expect(summaryIn("en").description).not.toContain("负责：")
    })
  })

  describe("a feed per assignee", () => {
    const people: ReadonlyArray<Directory.Person> = [
      { id: "li.na", name: "李娜", roles: ["requester"] },
      { id: "wang.fang", name: "王芳", roles: ["admin-department"] }
    ]
    const plan = planOf(
      ProcedureCatalog.clientReceptionStandard,
      { eventStart: "2026-02-24T09:30:00+08:00" },
      cn,
      (role) => people.filter((p) => p.roles.includes(role))
    )
    it("holds only the tasks of the role, and the event", () => {
      const feed = exported(plan, { assignee: { role: "requester" } })
      const expected = plan.tasks.filter((t) => t.ownerRole === "requester").map((t) => t.id)
      expect(expected.length).toBeGreaterThan(0)
      expect(feed.entries.flatMap((e) => (e.taskId ? [e.taskId] : []))).toEqual(expected)
      expect(readWithIcalJs(feed.ics).map((e) => e.uid)).toEqual([
        "E-1@liaison",
        ...expected.map((id) => `${id}@liaison`)
      ])
    })
    it("holds only the tasks a person is assigned, with their name in the description", () => {
      const feed = exported(plan, { assignee: { personId: "wang.fang" }, includeEvent: false })
      const expected = plan.tasks.filter((t) => t.assignees.some((p) => p.id === "wang.fang")).map((t) => t.id)
      const read = readWithIcalJs(feed.ics)
      expect(read.map((e) => e.uid)).toEqual(expected.map((id) => `${id}@liaison`))
      expect(read.every((e) => e.description.includes("王芳"))).toBe(true)
    })
  })

  describe("confidential (保密) engagements", () => {
    const plan = planOf(ProcedureCatalog.clientReceptionStandard, { eventStart: "2026-02-24T09:30:00+08:00" })
    const secret = engagementOf({ tier: "A", confidential: true })
    it("are redacted as the core redacts them when no viewer is named", () => {
      const out = exported(plan, { engagement: secret })
      expect(out.redacted).toBe(true)
      expect(out.ics).not.toContain("华东家具")
      expect(out.ics).not.toContain("East China Furniture")
      const read = readWithIcalJs(out.ics)
      const shown = Engagement.redacted(secret)
      expect(read[0]!.summary).toBe(shown.title)
      // Separate UIDs, as the redacted notifications have: a redacted copy never overwrites the cleared one.
      expect(read.every((e) => e.uid.includes("~redacted@"))).toBe(true)
    })
    it("are redacted for a viewer without clearance and shown in full to one with it", () => {
      const clerk: Engagement.Actor = { personId: "zhao.lei", name: "赵磊", roles: ["admin-clerk"] }
      const gm: Engagement.Actor = { personId: "zhou.qiang", name: "周强", roles: ["general-manager"] }
      expect(exported(plan, { engagement: secret, viewer: clerk }).redacted).toBe(true)
      const full = exported(plan, { engagement: secret, viewer: gm })
      expect(full.redacted).toBe(false)
      expect(full.ics).toContain("华东家具集团来访")
    })
    it("refuse a viewer who may not view engagements at all", () => {
      const stranger: Engagement.Actor = { personId: "x", name: "X", roles: [] }
      const result = Ics.fromPlan(plan, { calendar: cn, stamp: STAMP, engagement: secret, viewer: stranger })
      expect(Either.getLeft(result).pipe((o) => (o._tag === "Some" ? o.value.reason : undefined))).toBe("NotAuthorised")
    })
    it("are not redacted when not confidential", () => {
      expect(exported(plan, { engagement: engagementOf() }).ics).toContain("East China Furniture Group")
    })
  })

  it("leaves out tasks with no date yet and says why", () => {
    const plan = planOf(ProcedureCatalog.clientVisit14Steps, { eventStart: "2026-03-10T09:00:00+08:00" })
    const waiting = plan.tasks.filter((t) => t.deadline === undefined)
    expect(waiting.length).toBeGreaterThan(0)
    const out = exported(plan)
    expect(out.unscheduled.map((u) => u.taskId)).toEqual(waiting.map((t) => t.id))
    for (const t of waiting) expect(out.ics).not.toContain(`UID:${t.id}@`)
  })

  it("marks provisional deadlines TENTATIVE", () => {
    const plan = planOf(ProcedureCatalog.clientReceptionStandard, {
      eventStart: "2027-02-24T09:30:00+08:00",
      beyondCoverage: "provisional"
    })
    const read = readWithIcalJs(exported(plan).ics)
    expect(read.filter((e) => e.uid !== "E-1@liaison").every((e) => e.status === "TENTATIVE")).toBe(true)
  })

  describe("bad input: a typed error naming what and why", () => {
    const plan = planOf(ProcedureCatalog.clientReceptionStandard, { eventStart: "2026-02-24T09:30:00+08:00" })
    const errorOf = (p: Plan.Plan, options: Partial<Ics.Options>) => {
      const result = Ics.fromPlan(p, { calendar: cn, stamp: STAMP, ...options })
      if (Either.isRight(result)) throw new Error("expected a failure")
      return result.left
    }
    it("an alarm lead that is not a duration", () => {
      const e = errorOf(plan, { alarms: ["1 day", "soon" as never] })
      expect([e._tag, e.reason, e.path]).toEqual(["IcsError", "InvalidOption", "alarms[1]"])
    })
    it("a calendar other than the plan's", () => {
      const other = Either.getOrThrow(OfficialCalendars.byId("weekends-only"))
      expect(errorOf(plan, { calendar: other }).reason).toBe("CalendarMismatch")
    })
    it("another engagement's details", () => {
      expect(errorOf(plan, { engagement: engagementOf({ id: "E-2" }) }).reason).toBe("EngagementMismatch")
    })
    it("an event start that is not a moment", () => {
      const e = errorOf({ ...plan, input: { ...plan.input, eventStart: "24 Feb" } }, {})
      expect([e.reason, e.path]).toEqual(["InvalidMoment", "eventStart"])
    })
    it("an event that ends before it starts", () => {
      const e = errorOf({ ...plan, input: { ...plan.input, eventEnd: "2026-02-23T09:00:00+08:00" } }, {})
      expect([e.reason, e.path]).toEqual(["InvalidMoment", "eventEnd"])
    })
    it("an unknown language, a negative sequence, an empty assignee", () => {
      expect(errorOf(plan, { language: "fr" as never }).path).toBe("language")
      expect(errorOf(plan, { sequence: -1 }).path).toBe("sequence")
      expect(errorOf(plan, { assignee: { role: " " } }).path).toBe("assignee")
    })
  })
})

describe("Ics.fromEvents", () => {
  const shanghai = (iso: string) => DateTime.unsafeMakeZoned(Date.parse(iso), { timeZone: "Asia/Shanghai" })
  it("writes each entry in its own named zone, and bare offsets in UTC", () => {
    const ics = Either.getOrThrow(
      Ics.fromEvents(
        [
          { uid: "a@liaison", summary: "A", start: shanghai("2026-03-03T18:00:00+08:00") },
          {
            uid: "b@liaison",
            summary: "B",
            start: DateTime.unsafeMakeZoned(Date.parse("2026-03-03T18:00:00+08:00"), { timeZone: 8 * 3_600_000 })
          }
        ],
        { stamp: STAMP }
      )
    )
    expect(ics).toContain("DTSTART;TZID=Asia/Shanghai:20260303T180000")
    expect(ics).toContain("DTSTART:20260303T100000Z")
    const read = byUid(readWithIcalJs(ics))
    expect(read.get("a@liaison")!.start).toBe(Date.parse("2026-03-03T18:00:00+08:00"))
    expect(read.get("b@liaison")!.start).toBe(Date.parse("2026-03-03T18:00:00+08:00"))
  })
  it("refuses an entry that ends before it starts, or has no UID", () => {
    const bad = Ics.fromEvents(
      [
        {
          uid: "a",
          summary: "A",
          start: shanghai("2026-03-03T18:00:00+08:00"),
          end: shanghai("2026-03-03T17:00:00+08:00")
        }
      ],
      { stamp: STAMP }
    )
    expect(Either.isLeft(bad) && [bad.left.reason, bad.left.path]).toEqual(["InvalidMoment", "entries[0].end"])
    const noUid = Ics.fromEvents([{ uid: " ", summary: "A", start: shanghai("2026-03-03T18:00:00+08:00") }], {
      stamp: STAMP
    })
    expect(Either.isLeft(noUid) && noUid.left.path).toBe("entries[0].uid")
  })
})

describe("laws", () => {
  const steps = fc.array(
    Arb.rule({
      kinds: ["Point", "Window"],
      anchor: { kinds: ["EventStart", "EventEnd"] },
      meta: "never"
    }),
    { minLength: 1, maxLength: 6 }
  )
  fcTest.prop(
    [
      Arb.calendar({ timeZones: ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC"] }),
      steps,
      // Events up to 2034, so that every task lands before 2036: node-ical 0.26 reads TZID names with its
      // own zone data, which has no daylight saving from 2036 on (20360331T000000 Europe/Berlin read as
      // +01:00; ical.js, which reads the file's VTIMEZONE, gets +02:00).
      Arb.localDate({ min: LocalDate.unsafeMake("2020-01-01"), max: LocalDate.unsafeMake("2034-12-31") }),
      fc.integer({ min: 0, max: 24 * 60 - 1 })
    ],
    { numRuns: 60 }
  )(
    "every scheduled task appears exactly once, and every instant reads back exactly (ical.js and node-ical)",
    (calendar, rules, day, minute) => {
      const procedure: Procedure.Procedure = {
        id: "generated",
        name: { "zh-CN": "生成", en: "Generated" },
        source: "property test",
        version: "1",
        steps: rules.map((deadline, i) => ({
          id: `step-${i}`,
          name: { "zh-CN": `步骤${i}`, en: `Step ${i}` },
          ownerRole: i % 2 === 0 ? "requester" : "admin-department",
          deadline: { ...deadline, id: `step-${i}` }
        })) as unknown as Procedure.Procedure["steps"]
      }
      const local = `${day}T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00`
      const start = DateTime.makeZoned(Date.parse(`${local}Z`), { timeZone: calendar.zone, adjustForTimeZone: true })
      if (start._tag === "None") return true
      const made = Plan.make(
        procedure,
        { engagementId: "G-1", eventStart: start.value, beyondCoverage: "provisional" },
        calendar
      )
      if (Either.isLeft(made)) return true // a rule the random calendar cannot satisfy (an empty window, say)
      const plan = made.right
      const out = Ics.fromPlan(plan, { calendar, stamp: STAMP, includeEvent: true })
      if (Either.isLeft(out)) throw out.left
      const scheduled = plan.tasks.filter((t) => t.deadline !== undefined)
      const viaIcalJs = readWithIcalJs(out.right.ics)
      const viaNodeIcal = byUid(readWithNodeIcal(out.right.ics))
      for (const task of scheduled) {
        const uid = `${task.id}@liaison`
        const found = viaIcalJs.filter((e) => e.uid === uid)
        expect(found).toHaveLength(1)
        const d = task.deadline!
        const window = d.opensMillis !== undefined && d.opensMillis < d.dueMillis
        expect(found[0]!.start).toBe(window ? d.opensMillis : d.dueMillis)
        expect(viaNodeIcal.get(uid)?.start).toBe(window ? d.opensMillis : d.dueMillis)
        if (window) {
          expect(found[0]!.end).toBe(d.dueMillis)
          expect(viaNodeIcal.get(uid)?.end).toBe(d.dueMillis)
        }
      }
      expect(viaIcalJs).toHaveLength(scheduled.length + 1)
      expect(out.right.unscheduled).toHaveLength(plan.tasks.length - scheduled.length)
      return true
    }
  )

  const visit = planOf(ProcedureCatalog.visitReception, {
    eventStart: "2026-03-16T10:00:00+08:00",
    notice: "2026-03-02T09:00:00+08:00"
  })
  fcTest.prop(
    [
      fc.stringMatching(/^[A-Za-z\u4e00-\u9fa5]{8,30}$/),
      fc.stringMatching(/^[A-Za-z\u4e00-\u9fa5 ]{8,30}$/).filter((s) => s.trim().length >= 8),
      fc.constantFrom<Ics.Language>("zh-CN", "en", "bilingual")
    ],
    { numRuns: 60 }
  )(
    "a confidential engagement's title and counterpart appear in no entry when no viewer is named",
    (title, counterpart, language) => {
      const secret = engagementOf({
        id: "E-1",
        procedureId: "visit-reception",
        title: `Ｘ${title}`,
        counterpart: `Ｙ${counterpart.trim()}`,
        confidential: true
      })
      const out = exported({ ...visit, engagementId: "E-1" }, { engagement: secret, language })
      for (const e of readWithIcalJs(out.ics)) {
        for (const text of [e.summary, e.description]) {
          expect(text).not.toContain(secret.title)
          expect(text).not.toContain(secret.counterpart)
        }
      }
    }
  )

  fcTest.prop([fc.constantFrom(...ProcedureCatalog.builtIn.values())], { numRuns: 10 })(
    "the feeds of a procedure's owner roles hold every scheduled task exactly once between them",
    (procedure) => {
      const plan = planOf(procedure, {
        eventStart: "2026-05-12T10:00:00+08:00",
        eventEnd: "2026-05-13T17:00:00+08:00",
        notice: "2026-04-20T09:00:00+08:00",
        beyondCoverage: "provisional"
      })
      const roles = [...new Set(plan.tasks.map((t) => t.ownerRole))]
      const fed = roles.flatMap((role) =>
        exported(plan, { assignee: { role }, includeEvent: false }).entries.map((e) => e.taskId)
      )
      const scheduled = plan.tasks.filter((t) => t.deadline !== undefined).map((t) => t.id)
      expect([...fed].sort()).toEqual([...scheduled].sort())
    }
  )

  const zones = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Asia/Shanghai",
    "Asia/Kolkata"
  ]
  fcTest.prop([fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2016, 0, 1), max: Date.UTC(2030, 11, 31) })], {
    numRuns: 400
  })(
    "a VTIMEZONE turns every unambiguous local time of its years back into the right instant (ical.js)",
    (zone, millis) => {
      const year = new Date(millis).getUTCFullYear()
      // Wall times within 3 h of a change may be ambiguous or skipped: not what this law is about.
      const offset = tzOffset(zone, new Date(millis))
      fc.pre(
        tzOffset(zone, new Date(millis - 3 * 3_600_000)) === offset &&
          tzOffset(zone, new Date(millis + 3 * 3_600_000)) === offset
      )
      ICAL.TimezoneService.reset()
      const component = new ICAL.Component(
        ICAL.parse(`BEGIN:VCALENDAR\r\n${vtimezone(zone, year, year)}\r\nEND:VCALENDAR`)
      )
      const tz = new ICAL.Timezone(component.getFirstSubcomponent("vtimezone")!)
      const wall = new Date(Math.floor(millis / 1000) * 1000 + offset * 60_000)
      const time = new ICAL.Time(
        {
          year: wall.getUTCFullYear(),
          month: wall.getUTCMonth() + 1,
          day: wall.getUTCDate(),
          hour: wall.getUTCHours(),
          minute: wall.getUTCMinutes(),
          second: wall.getUTCSeconds(),
          isDate: false
        },
        tz
      )
      expect(time.toUnixTime() * 1000).toBe(Math.floor(millis / 1000) * 1000)
    }
  )
})
