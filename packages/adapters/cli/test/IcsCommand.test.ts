import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { OfficialCalendars, Plan, ProcedureCatalog } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import ICAL from "ical.js"
import nodeIcal from "node-ical"
import { jsonOf, liaison } from "./harness.js"

const dir = mkdtempSync(join(tmpdir(), "liaison-ics-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Each VEVENT as node-ical reads it: uid → start and end instants. */
const nodeIcalEvents = (ics: string) =>
  new Map(
    Object.values(nodeIcal.sync.parseICS(ics)).flatMap((c) =>
      c !== undefined && c.type === "VEVENT"
        ? [[c.uid, { start: c.start.getTime(), end: c.end?.getTime(), summary: String(c.summary) }] as const]
        : []
    )
  )

/** The same with ical.js, resolving TZID only through the file's own VTIMEZONE. */
const icalJsEvents = (ics: string) => {
  ICAL.TimezoneService.reset()
  const root = new ICAL.Component(ICAL.parse(ics))
  for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz))
  return new Map(
    root.getAllSubcomponents("vevent").map((v) => {
      const e = new ICAL.Event(v)
      return [e.uid, { start: e.startDate.toUnixTime() * 1000, summary: e.summary }] as const
    })
  )
}

/** The plan the command should have exported, made directly with the core. */
const expectedPlan = (eventStart: string, engagementId = "engagement") =>
  Either.getOrThrow(
    Plan.make(ProcedureCatalog.clientReceptionStandard, { engagementId, eventStart }, OfficialCalendars.cnMainland)
  )

describe("liaison ics", () => {
  it.effect("writes the plan to --out; every due moment reads back as the plan's, in Asia/Shanghai", () =>
    Effect.gen(function* () {
      const out = join(dir, "plan.ics")
      const run = yield* liaison(
        "ics",
        "client-reception-standard",
        "--event-start",
        "2026-02-24T09:30:00+08:00",
        "--event-end",
        "2026-02-24T17:00:00+08:00",
        "--engagement",
        "E-7",
        "--out",
        out
      )
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain(`Wrote ${out}: 7 entries (1 event, 6 tasks) in Asia/Shanghai.`)
      const ics = readFileSync(out, "utf8")
      expect(ics).toContain("DTSTART;TZID=Asia/Shanghai:20260210T180000")
      const plan = expectedPlan("2026-02-24T09:30:00+08:00", "E-7")
      const viaNode = nodeIcalEvents(ics)
      const viaIcalJs = icalJsEvents(ics)
      for (const task of plan.tasks) {
        expect(viaNode.get(`${task.id}@liaison`)?.start).toBe(task.deadline!.dueMillis)
        expect(viaIcalJs.get(`${task.id}@liaison`)?.start).toBe(task.deadline!.dueMillis)
      }
      expect(viaNode.get("E-7@liaison")?.end).toBe(Date.parse("2026-02-24T17:00:00+08:00"))
    })
  )

  it.effect("--lang zh writes Chinese summaries; --assignee keeps one role's tasks", () =>
    Effect.gen(function* () {
      const out = join(dir, "requester.ics")
      const run = yield* liaison(
        "ics",
        "client-reception-standard",
        "--event-start",
        "2026-02-24",
        "--lang",
        "zh",
        "--assignee",
        "requester",
        "--out",
        out
      )
      expect(run.exitCode).toBe(0)
      const events = icalJsEvents(readFileSync(out, "utf8"))
      expect([...events.keys()]).toEqual(["engagement@liaison", "engagement/definition@liaison"])
      expect(events.get("engagement/definition@liaison")?.summary).toBe("接待定案")
    })
  )

  it.effect("without --out prints the calendar; --json describes the entries", () =>
    Effect.gen(function* () {
      const printed = yield* liaison("ics", "client-reception-standard", "--event-start", "2026-03-16T09:00:00+08:00")
      expect(printed.exitCode).toBe(0)
      expect(printed.stdout.startsWith("BEGIN:VCALENDAR")).toBe(true)
      expect(nodeIcalEvents(printed.stdout).size).toBe(7)
      const run = yield* liaison(
        "ics",
        "client-reception-standard",
        "--event-start",
        "2026-03-16T09:00:00+08:00",
        "--alarm",
        "2 hours",
        "--json"
      )
      const json = jsonOf(run) as { ics: string; entries: ReadonlyArray<{ uid: string; start: string }> }
      expect(json.entries).toHaveLength(7)
      expect(json.ics).toContain("TRIGGER:-PT2H")
      const plan = expectedPlan("2026-03-16T09:00:00+08:00")
      for (const task of plan.tasks) {
        const entry = json.entries.find((e) => e.uid === `${task.id}@liaison`)!
        expect(Date.parse(entry.start)).toBe(task.deadline!.dueMillis)
      }
    })
  )

  it.effect("leaves out tasks waiting for an anchor and says so", () =>
    Effect.gen(function* () {
      const out = join(dir, "visit.ics")
      const run = yield* liaison(
        "ics",
        "client-visit-14-steps",
        "--event-start",
        "2026-03-10T09:00:00+08:00",
        "--out",
        out
      )
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain("not in the calendar (no date yet): engagement/callback")
      expect(readFileSync(out, "utf8")).not.toContain("UID:engagement/callback@")
    })
  )

  it.effect("takes a host's procedure from --procedure-file", () =>
    Effect.gen(function* () {
      const file = join(dir, "procedure.json")
      writeFileSync(
        file,
        JSON.stringify({
          id: "board-visit",
          name: { "zh-CN": "董事会来访", en: "Board visit" },
          source: "company rule",
          version: "1",
          steps: [
            {
              id: "brief",
              name: { "zh-CN": "准备简报", en: "Prepare the brief" },
              ownerRole: "admin-department",
              deadline: {
                _tag: "Point",
                anchor: { _tag: "EventStart" },
                offset: { amount: 3, unit: "workingDays", direction: "before" }
              }
            }
          ]
        })
      )
      const run = yield* liaison(
        "ics",
        "board-visit",
        "--procedure-file",
        file,
        "--event-start",
        "2026-02-24",
        "--json"
      )
      const json = jsonOf(run) as { entries: ReadonlyArray<{ taskId?: string; start: string }> }
      // 3 working days before 24 February 2026: the 20th–23rd are Spring Festival, so 13, 14 (make-up Saturday), 12.
      expect(json.entries.find((e) => e.taskId === "engagement/brief")?.start).toBe("2026-02-12T18:00:00.000+08:00")
    })
  )

  it.effect("--region plans on a region's public holidays and writes that region's zone", () =>
    Effect.gen(function* () {
      const run = yield* liaison(
        "ics",
        "client-reception-standard",
        "--event-start",
        "2026-04-10T10:00:00+02:00",
        "--region",
        "DE-BY",
        "--json"
      )
      expect(run.exitCode).toBe(0)
      const json = jsonOf(run) as {
        ics: string
        timeZone: string
        calendar: { id: string; version: string }
        entries: ReadonlyArray<{ uid: string; taskId?: string; start: string }>
      }
      expect(json.timeZone).toBe("Europe/Berlin")
      expect(json.calendar).toEqual({ id: "dh-de-by", version: "date-holidays-3.37.0/DE-BY/public/2025-2027" })
      // 5 working days before Friday 10 April 2026 in Bavaria, over Good Friday and Easter Monday: 1 April, 17:00.
      const definition = json.entries.find((e) => e.taskId === "engagement/definition")!
      expect(definition.start).toBe("2026-04-01T17:00:00.000+02:00")
      expect(json.ics).toContain("DTSTART;TZID=Europe/Berlin:20260401T170000")
      expect(icalJsEvents(json.ics).get("engagement/definition@liaison")?.start).toBe(
        Date.parse("2026-04-01T17:00:00+02:00")
      )
      const china = yield* liaison("ics", "client-reception-standard", "--event-start", "2026-02-24", "--region", "CN")
      expect(china.exitCode).toBe(2)
      expect(china.stderr).toContain("--calendar cn-mainland")
      const unknown = yield* liaison(
        "ics",
        "client-reception-standard",
        "--event-start",
        "2026-02-24",
        "--region",
        "DE-XX"
      )
      expect(unknown.exitCode).toBe(2)
      expect(unknown.stderr).toContain("DE has no state")
    })
  )

  describe("bad input exits 2 with the option named", () => {
    it.effect("an unknown procedure, role or alarm; a bad event start", () =>
      Effect.gen(function* () {
        const unknown = yield* liaison("ics", "nope", "--event-start", "2026-02-24", "--json")
        expect(unknown.exitCode).toBe(2)
        expect(JSON.stringify(jsonOf(unknown))).toContain("client-reception-standard")
        const role = yield* liaison(
          "ics",
          "client-reception-standard",
          "--event-start",
          "2026-02-24",
          "--assignee",
          "janitor"
        )
        expect(role.exitCode).toBe(2)
        expect(role.stderr).toContain("--assignee")
        expect(role.stderr).toContain("requester")
        const alarm = yield* liaison(
          "ics",
          "client-reception-standard",
          "--event-start",
          "2026-02-24",
          "--alarm",
          "soon",
          "--json"
        )
        expect(alarm.exitCode).toBe(2)
        expect((jsonOf(alarm).error as { argument: string }).argument).toBe("--alarm")
        const start = yield* liaison("ics", "client-reception-standard", "--event-start", "24 Feb")
        expect(start.exitCode).toBe(2)
        expect(start.stderr).toContain("--event-start")
      })
    )
    it.effect("beyond the calendar's data it refuses (exit 3) unless --provisional", () =>
      Effect.gen(function* () {
        const refused = yield* liaison("ics", "client-reception-standard", "--event-start", "2027-03-10")
        expect(refused.exitCode).toBe(3)
        expect(refused.stderr).toContain("2027-03-10 is beyond it")
        const out = join(dir, "2027.ics")
        const provisional = yield* liaison(
          "ics",
          "client-reception-standard",
          "--event-start",
          "2027-03-10",
          "--provisional",
          "--out",
          out
        )
        expect(provisional.exitCode).toBe(0)
        expect(readFileSync(out, "utf8")).toContain("STATUS:TENTATIVE")
      })
    )
  })
})
