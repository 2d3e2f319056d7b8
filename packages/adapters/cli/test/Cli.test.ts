import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Cli, CliError } from "../src/index.js"
import { jsonOf, liaison } from "./harness.js"

let dir = ""
const file = (name: string, content: unknown): string => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2))
  return path
}

const fiveWorkingDaysBefore = {
  _tag: "Point",
  id: "apply",
  anchor: { _tag: "EventStart" },
  offset: { amount: 5, unit: "workingDays", direction: "before" }
}

const notice2027 = {
  year: 2027,
  holidays: [
    { date: "2027-01-01", name: "New Year's Day", nameZh: "元旦" },
    { date: "2027-02-08", name: "Spring Festival", nameZh: "春节" }
  ],
  makeUpWorkingDays: [{ date: "2027-02-06", compensates: "Spring Festival", compensatesZh: "春节" }],
  version: "test-2027",
  source: "a test notice for 2027"
}

const notice2028 = {
  year: 2028,
  holidays: [{ date: "2028-01-03", name: "New Year's Day" }],
  makeUpWorkingDays: [],
  version: "test-2028",
  source: "a test notice for 2028"
}

const hostCalendar = {
  id: "host-office",
  name: "Host office",
  timeZone: "Asia/Shanghai",
  weekendDays: [6, 7],
  holidays: [{ date: "2026-06-01", name: "Founders' Day" }],
  makeUpWorkingDays: [],
  coverage: { from: "2026-01-01", to: "2026-12-31" },
  version: "host-1",
  source: "the host app"
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "liaison-cli-"))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe("liaison calendar is-working-day", () => {
  it.effect("says Saturday 2026-02-14 is a make-up working day for Spring Festival", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "is-working-day", "2026-02-14", "--calendar", "cn-mainland", "--json")
      expect(run.exitCode).toBe(0)
      expect(run.stderr).toBe("")
      const json = jsonOf(run)
      expect(json).toMatchObject({
        date: "2026-02-14",
        working: true,
        kind: "makeUpWorkingDay",
        holiday: { name: "Spring Festival", nameZh: "春节" },
        calendar: { id: "cn-mainland" },
        provisional: false,
        assumptions: []
      })
      expect(json.reason).toContain("make-up working day")
    })
  )

  it.effect("names the holiday of a day in the Spring Festival break", () =>
    Effect.gen(function* () {
      const json = jsonOf(yield* liaison("calendar", "is-working-day", "2026-02-17", "--json"))
      expect(json).toMatchObject({ working: false, kind: "holiday", holiday: { name: "Spring Festival" } })
    })
  )

  it.effect("answers in a readable line without --json", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "is-working-day", "2026-02-14")
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain("2026-02-14 (Sat) is a working day: make-up working day (Sat) for Spring Festival")
      expect(run.stdout).toContain("Calendar cn-mainland, data ")
    })
  )

  it.effect("counts 2026-02-14 as a weekend day on the weekends-only calendar", () =>
    Effect.gen(function* () {
      const json = jsonOf(
        yield* liaison("calendar", "is-working-day", "2026-02-14", "--calendar", "weekends-only", "--json")
      )
      expect(json).toMatchObject({ working: false, kind: "weekend", calendar: { id: "weekends-only" } })
    })
  )

  it.effect("refuses a date that does not exist with exit code 2 and a JSON error", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "is-working-day", "2026-02-30", "--json")
      expect(run.exitCode).toBe(CliError.exitCodes.badInput)
      expect(run.stderr).toBe('liaison: date: expected a date written YYYY-MM-DD that exists, got "2026-02-30"')
      expect(jsonOf(run)).toEqual({
        error: {
          _tag: "InvalidArgument",
          message: 'date: expected a date written YYYY-MM-DD that exists, got "2026-02-30"',
          issues: [{ path: "date", message: 'expected a date written YYYY-MM-DD that exists, got "2026-02-30"' }],
          argument: "date",
          exitCode: 2
        }
      })
    })
  )
})

describe("beyond the calendar's coverage", () => {
  it.effect("exits 3 with one clear line on stderr and nothing on stdout", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "is-working-day", "2027-03-01")
      expect(run.exitCode).toBe(CliError.exitCodes.outsideCoverage)
      expect(run.stdout).toBe("")
      expect(run.stderr.split("\n")).toHaveLength(1)
      expect(run.stderr).toContain("covers 2004-01-01 to 2026-12-31; 2027-03-01 is beyond it")
    })
  )

  it.effect("with --json also prints the OutsideCoverage error as one JSON object", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "add-working-days", "2026-12-28", "5", "--json")
      expect(run.exitCode).toBe(3)
      expect(jsonOf(run)).toMatchObject({
        error: { _tag: "OutsideCoverage", calendarId: "cn-mainland", coverage: { to: "2026-12-31" }, exitCode: 3 }
      })
    })
  )

  it.effect("with --provisional answers, marked provisional with its assumption", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "is-working-day", "2027-03-01", "--provisional", "--json")
      expect(run.exitCode).toBe(0)
      const json = jsonOf(run)
      expect(json).toMatchObject({ date: "2027-03-01", working: true, provisional: true })
      expect(json.assumptions).toEqual([expect.stringContaining("only weekends (Sat, Sun) are assumed off")])
    })
  )

  it.effect("with --provisional says so in the readable answer too", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "add-working-days", "2026-12-28", "5", "--provisional")
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain("Provisional: beyond 2004-01-01–2026-12-31")
    })
  )

  it.effect("is not provisional inside the coverage even with --provisional", () =>
    Effect.gen(function* () {
      const json = jsonOf(yield* liaison("calendar", "is-working-day", "2026-02-14", "--provisional", "--json"))
      expect(json).toMatchObject({ provisional: false, assumptions: [] })
    })
  )
})

describe("liaison calendar add-working-days", () => {
  it.effect("finds 2026-02-10 five working days before 2026-02-24, with a negative positional count", () =>
    Effect.gen(function* () {
      const run = yield* liaison(
        "calendar",
        "add-working-days",
        "2026-02-24",
        "-5",
        "--calendar",
        "cn-mainland",
        "--json"
      )
      expect(run.exitCode).toBe(0)
      const json = jsonOf(run)
      expect(json).toMatchObject({ date: "2026-02-10", from: "2026-02-24", n: -5, provisional: false })
      const days = json.days as unknown as ReadonlyArray<{ date: string; kind: string }>
      expect(days[0]).toMatchObject({ date: "2026-02-14", kind: "makeUpWorkingDay" })
      expect(days.filter((d) => d.kind === "holiday").map((d) => d.date)).toEqual([
        "2026-02-15",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-02-21",
        "2026-02-22",
        "2026-02-23"
      ])
    })
  )

  it.effect("also takes the count after --", () =>
    Effect.gen(function* () {
      const json = jsonOf(yield* liaison("calendar", "add-working-days", "--json", "2026-02-24", "--", "-5"))
      expect(json.date).toBe("2026-02-10")
    })
  )

  it.effect("finds 2026-02-24 five working days after 2026-02-10", () =>
    Effect.gen(function* () {
      const json = jsonOf(yield* liaison("calendar", "add-working-days", "2026-02-10", "5", "--json"))
      expect(json).toMatchObject({ date: "2026-02-24", n: 5 })
    })
  )

  it.effect("lists the skipped holiday as one run and the counted make-up day in the readable answer", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "add-working-days", "2026-02-24", "-5")
      expect(run.stdout.split("\n")).toEqual([
        "2026-02-10 (Tue) is 5 working days before 2026-02-24 (Tue).",
        "  2026-02-14 (Sat)  make-up working day for Spring Festival 春节 (counted)",
        "  2026-02-15 to 2026-02-23  holiday: Spring Festival 春节 (9 days, skipped)",
        expect.stringMatching(/^Calendar cn-mainland, data /)
      ])
    })
  )

  it.effect("refuses a count that is not a whole number as a usage error (exit 2, JSON with --json)", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "add-working-days", "2026-02-24", "1.5", "--json")
      expect(run.exitCode).toBe(2)
      expect(jsonOf(run)).toMatchObject({ error: { _tag: "UsageError", exitCode: 2 } })
    })
  )
})

describe("a usage error @effect/cli gives no text for", () => {
  // A negative number after an option that already took its value reads as a cluster of one-letter
  // flags; @effect/cli's error for it carries an empty message.
  const args = ["engagement", "create", "--table-prefix", "--directory", "-2147483649", "--rules", ""]

  it.effect("still says what was wrong on stderr (exit 2)", () =>
    Effect.gen(function* () {
      const run = yield* liaison(...args)
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toMatch(/^liaison: -2147483649 is neither an option of this command nor a cluster/m)
      expect(run.stdout).toBe("")
    })
  )

  it.effect("with --json also as one UsageError object naming the argument", () =>
    Effect.gen(function* () {
      const run = yield* liaison(...args, "--json")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain("-2147483649")
      expect(jsonOf(run)).toMatchObject({
        error: {
          _tag: "UsageError",
          reason: "UnclusteredFlag",
          exitCode: 2,
          message: expect.stringContaining("-2147483649")
        }
      })
    })
  )
})

describe("liaison calendar between", () => {
  it.effect("counts 5 working days from 2026-02-10 to 2026-02-24, and -5 back", () =>
    Effect.gen(function* () {
      expect(jsonOf(yield* liaison("calendar", "between", "2026-02-10", "2026-02-24", "--json"))).toMatchObject({
        from: "2026-02-10",
        to: "2026-02-24",
        workingDays: 5,
        provisional: false
      })
      expect(jsonOf(yield* liaison("calendar", "between", "2026-02-24", "2026-02-10", "--json")).workingDays).toBe(-5)
    })
  )

  it.effect("says which ends are counted in the readable answer", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "between", "2026-02-10", "2026-02-24")
      expect(run.stdout).toContain(
        "5 working days from 2026-02-10 (Tue) to 2026-02-24 (Tue) (the first date not counted, the last counted)."
      )
    })
  )
})

describe("liaison calendar info", () => {
  it.effect("gives the shipped calendar's id, version, source and coverage", () =>
    Effect.gen(function* () {
      const json = jsonOf(yield* liaison("calendar", "info", "--json"))
      expect(json).toMatchObject({
        id: "cn-mainland",
        timeZone: "Asia/Shanghai",
        coverage: { from: "2004-01-01", to: "2026-12-31" },
        weekendDays: [6, 7]
      })
      expect(json.version).toEqual(expect.any(String))
      expect(json.source).toContain("State Council")
    })
  )

  it.effect("prints a table without --json", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "info", "--calendar", "weekends-only")
      expect(run.stdout).toContain("id            weekends-only")
      expect(run.stdout).toContain("coverage      2000-01-01 to 2099-12-31")
    })
  )
})

describe("--calendar-file and --notice", () => {
  it.effect("answers with a host calendar loaded from JSON", () =>
    Effect.gen(function* () {
      const path = file("host-calendar.json", hostCalendar)
      const json = jsonOf(yield* liaison("calendar", "is-working-day", "2026-06-01", "--calendar-file", path, "--json"))
      expect(json).toMatchObject({
        working: false,
        kind: "holiday",
        holiday: { name: "Founders' Day" },
        calendar: { id: "host-office", version: "host-1" }
      })
    })
  )

  it.effect("names the path of every problem in an invalid calendar file", () =>
    Effect.gen(function* () {
      const path = file("bad-calendar.json", {
        ...hostCalendar,
        weekendDays: [6, 8],
        holidays: [{ date: "2026-02-30", name: "Nope" }]
      })
      const run = yield* liaison("calendar", "info", "--calendar-file", path, "--json")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(`${path}: holidays[0].date: `)
      expect(run.stderr).toContain(`${path}: weekendDays[1]: `)
      const json = jsonOf(run) as unknown as { error: { _tag: string; issues: ReadonlyArray<{ path: string }> } }
      expect(json.error._tag).toBe("InvalidFile")
      expect(json.error.issues.map((i) => i.path).sort()).toEqual(["holidays[0].date", "weekendDays[1]"])
    })
  )

  it.effect("refuses --calendar and --calendar-file together", () =>
    Effect.gen(function* () {
      const path = file("host-calendar.json", hostCalendar)
      const run = yield* liaison("calendar", "info", "--calendar", "cn-mainland", "--calendar-file", path)
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain("give --calendar or --calendar-file, not both")
    })
  )

  it.effect("refuses an unknown calendar id, listing the shipped ones", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calendar", "info", "--calendar", "mars")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toBe(
        'liaison: --calendar: unknown calendar "mars"; shipped calendars are cn-mainland, weekends-only'
      )
    })
  )

  it.effect("extends the coverage with a year's notice, so 2027 is answered without --provisional", () =>
    Effect.gen(function* () {
      const path = file("notice-2027.json", notice2027)
      const holiday = jsonOf(yield* liaison("calendar", "is-working-day", "2027-02-08", "--notice", path, "--json"))
      expect(holiday).toMatchObject({ working: false, kind: "holiday", provisional: false })
      expect(holiday.calendar).toEqual({ id: "cn-mainland", version: "test-2027" })
      const makeUp = jsonOf(yield* liaison("calendar", "is-working-day", "2027-02-06", "--notice-file", path, "--json"))
      expect(makeUp).toMatchObject({ working: true, kind: "makeUpWorkingDay" })
    })
  )

  it.effect("loads several notices in year order whatever order they are given in", () =>
    Effect.gen(function* () {
      const n27 = file("notice-2027.json", notice2027)
      const n28 = file("notice-2028.json", notice2028)
      const run = yield* liaison("calendar", "info", "--notice", n28, "--notice", n27, "--json")
      expect(run.exitCode).toBe(0)
      expect(jsonOf(run)).toMatchObject({ coverage: { to: "2028-12-31" }, version: "test-2028" })
    })
  )

  it.effect("names the notice file and the path of each problem in an invalid notice", () =>
    Effect.gen(function* () {
      const path = file("bad-notice.json", { ...notice2027, year: 2027.5, holidays: [{ date: "2027-01-01" }] })
      const run = yield* liaison("calendar", "is-working-day", "2027-01-01", "--notice", path)
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(`${path}: year: `)
      expect(run.stderr).toContain(`${path}: holidays[0].name: is missing`)
    })
  )
})

describe("liaison deadline", () => {
  it.effect("evaluates 5 working days before a 2026-02-24 visit as due 2026-02-10 18:00, with its explanation", () =>
    Effect.gen(function* () {
      const rule = file("rule.json", fiveWorkingDaysBefore)
      const run = yield* liaison("deadline", "--rule", rule, "--event-start", "2026-02-24", "--json")
      expect(run.exitCode).toBe(0)
      const json = jsonOf(run)
      expect(json).toMatchObject({
        ruleId: "apply",
        due: "2026-02-10T18:00:00.000+08:00",
        dueDate: "2026-02-10",
        provisional: false,
        assumptions: [],
        explanation: { anchor: { kind: "EventStart", date: "2026-02-24" }, calendar: { id: "cn-mainland" } }
      })
      expect(json).not.toHaveProperty("feasibility")
      expect(json).not.toHaveProperty("opens")
    })
  )

  it.effect("prints the explanation's sentence without --json", () =>
    Effect.gen(function* () {
      const rule = file("rule.json", fiveWorkingDaysBefore)
      const run = yield* liaison("deadline", "--rule", rule, "--event-start", "2026-02-24")
      expect(run.stdout).toContain("Due 2026-02-10 18:00 (Asia/Shanghai): 5 working days before the event start")
      expect(run.stdout).toContain("Skipped: 2026-02-15 to 2026-02-23 Spring Festival holiday.")
    })
  )

  it.effect("prints the zh-CN sentence with --lang zh", () =>
    Effect.gen(function* () {
      const rule = file("rule.json", fiveWorkingDaysBefore)
      const run = yield* liaison("deadline", "--rule", rule, "--event-start", "2026-02-24", "--lang", "zh")
      expect(run.stdout).toContain("截止 2026-02-10 18:00（Asia/Shanghai）：活动开始前5个工作日")
    })
  )

  it.effect("judges feasibility at notice time: notice on 2026-02-12 is late by 2 working days", () =>
    Effect.gen(function* () {
      const rule = file("rule.json", fiveWorkingDaysBefore)
      const json = jsonOf(
        yield* liaison(
          "deadline",
          ...["--rule", rule, "--event-start", "2026-02-24", "--notice", "2026-02-12T10:00:00+08:00", "--json"]
        )
      )
      expect(json.feasibility).toMatchObject({
        at: "2026-02-12T10:00:00+08:00",
        basis: "notice",
        status: "missed",
        lateByWorkingDays: 2
      })
    })
  )

  it.effect("judges feasibility at --now rather than at notice when both are given", () =>
    Effect.gen(function* () {
      const rule = file("rule.json", fiveWorkingDaysBefore)
      const json = jsonOf(
        yield* liaison(
          "deadline",
          ...["--rule", rule, "--event-start", "2026-02-24", "--notice", "2026-02-12", "--now", "2026-02-05", "--json"]
        )
      )
      expect(json.feasibility).toMatchObject({ basis: "now", status: "open", workingDaysLeft: 3 })
    })
  )

  it.effect("evaluates a file of several rules as { deadlines: [...] }", () =>
    Effect.gen(function* () {
      const rules = file("rules.json", [
        fiveWorkingDaysBefore,
        {
          _tag: "Window",
          id: "gifts",
          anchor: { _tag: "Holiday", name: "Spring Festival" },
          opens: { amount: 15, unit: "calendarDays", direction: "before" },
          due: { amount: 10, unit: "calendarDays", direction: "before" }
        },
        {
          _tag: "Point",
          id: "thanks",
          anchor: { _tag: "EventEnd" },
          offset: { amount: 1, unit: "workingDays", direction: "after" }
        }
      ])
      const run = yield* liaison(
        "deadline",
        "--rule",
        rules,
        "--event-start",
        "2026-02-24",
        "--now",
        "2026-02-05",
        "--json"
      )
      expect(run.exitCode).toBe(0)
      const deadlines = jsonOf(run).deadlines as unknown as ReadonlyArray<Record<string, unknown>>
      expect(deadlines.map((d) => d.ruleId)).toEqual(["apply", "gifts", "thanks"])
      expect(deadlines[1]).toMatchObject({ opensDate: "2026-02-02", dueDate: "2026-02-05" })
      expect(deadlines[2]).toMatchObject({ dueDate: "2026-02-25", feasibility: { status: "open" } })
    })
  )

  it.effect("takes a named anchor's value from --anchor name=value", () =>
    Effect.gen(function* () {
      const rule = file("arrival.json", {
        _tag: "Point",
        anchor: { _tag: "Named", name: "arrival" },
        offset: { amount: 2, unit: "hours", direction: "before" }
      })
      const json = jsonOf(
        yield* liaison("deadline", "--rule", rule, "--anchor", "arrival=2026-03-02T15:00:00+08:00", "--json")
      )
      expect(json.due).toBe("2026-03-02T13:00:00.000+08:00")
    })
  )

  it.effect("exits 3 beyond the coverage, and answers provisionally with --provisional", () =>
    Effect.gen(function* () {
      const rule = file("rule.json", fiveWorkingDaysBefore)
      const refused = yield* liaison("deadline", "--rule", rule, "--event-start", "2027-02-24")
      expect(refused.exitCode).toBe(3)
      expect(refused.stderr).toContain("2027-02-24 is beyond it")
      const json = jsonOf(
        yield* liaison("deadline", "--rule", rule, "--event-start", "2027-02-24", "--provisional", "--json")
      )
      expect(json).toMatchObject({ provisional: true, dueDate: "2027-02-17" })
      expect(json.assumptions).toEqual([expect.stringContaining("only weekends (Sat, Sun) are assumed off")])
    })
  )

  it.effect("exits 3 for a recurring rule whose occurrence lies beyond the coverage", () =>
    Effect.gen(function* () {
      const rule = file("quarterly.json", {
        _tag: "Recurring",
        every: "quarter",
        rule: { _tag: "During", period: "quarter" }
      })
      const run = yield* liaison("deadline", "--rule", rule, "--event-start", "2028-05-01")
      expect(run.exitCode).toBe(3)
    })
  )

  it.effect("says which rule of several failed, keeping its error's _tag", () =>
    Effect.gen(function* () {
      const rules = file("rules-2027.json", [fiveWorkingDaysBefore])
      const run = yield* liaison("deadline", "--rule", rules, "--event-start", "2027-02-24", "--json")
      expect(run.exitCode).toBe(3)
      expect(run.stderr).toContain(`${rules}: [0] (apply): calendar cn-mainland`)
      expect(jsonOf(run)).toMatchObject({
        error: { _tag: "OutsideCoverage", rule: { file: rules, index: 0, id: "apply" } }
      })
    })
  )

  it.effect("names the path of every problem in a bad rule file, with no stack trace", () =>
    Effect.gen(function* () {
      const rule = file("bad-rule.json", {
        _tag: "Point",
        anchor: { _tag: "EventStart" },
        offset: { amount: 1.5, unit: "fortnights", direction: "before" }
      })
      const run = yield* liaison("deadline", "--rule", rule, "--event-start", "2026-02-24", "--json")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(`${rule}: offset.amount: Expected an integer, actual 1.5`)
      expect(run.stderr).toContain(`${rule}: offset.unit: Expected "workingDays" | "calendarDays" | "weeks"`)
      expect(run.stderr).not.toMatch(/\n\s+at /)
      expect(jsonOf(run)).toMatchObject({
        error: {
          _tag: "InvalidFile",
          reason: "Invalid",
          file: rule,
          issues: [
            { file: rule, path: "offset.amount", message: "Expected an integer, actual 1.5" },
            { file: rule, path: "offset.unit", message: expect.stringContaining('actual "fortnights"') }
          ]
        }
      })
    })
  )

  it.effect("prefixes each problem in a file of rules with the rule's index", () =>
    Effect.gen(function* () {
      const rules = file("bad-rules.json", [
        { ...fiveWorkingDaysBefore, offset: { amount: -1, unit: "workingDays", direction: "before" } },
        { _tag: "Windo" }
      ])
      const run = yield* liaison("deadline", "--rule", rules, "--event-start", "2026-02-24")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(`${rules}: [0].offset.amount: `)
      expect(run.stderr).toContain(`${rules}: [1]._tag: Expected "Point" | "Window"`)
    })
  )

  it.effect("reports a rule file that is not JSON", () =>
    Effect.gen(function* () {
      const rule = file("not-json.json", '{ "_tag": ')
      const run = yield* liaison("deadline", "--rule", rule, "--event-start", "2026-02-24")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(`${rule}: not JSON: `)
    })
  )

  it.effect("reports a rule file that cannot be read", () =>
    Effect.gen(function* () {
      const missing = join(dir, "missing.json")
      const run = yield* liaison("deadline", "--rule", missing, "--event-start", "2026-02-24", "--json")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(`cannot read the deadline rule file ${missing}`)
      expect(jsonOf(run)).toMatchObject({ error: { _tag: "InvalidFile", reason: "Unreadable", file: missing } })
    })
  )

  it.effect("refuses a bad --event-start, naming the option", () =>
    Effect.gen(function* () {
      const rule = file("rule.json", fiveWorkingDaysBefore)
      const run = yield* liaison("deadline", "--rule", rule, "--event-start", "2026-13-01")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toBe(
        'liaison: --event-start: expected YYYY-MM-DD or an ISO 8601 instant with offset, got "2026-13-01"'
      )
    })
  )

  it.effect("says which option gives a missing anchor", () =>
    Effect.gen(function* () {
      const rule = file("rule.json", fiveWorkingDaysBefore)
      const run = yield* liaison("deadline", "--rule", rule)
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain("--event-start")
    })
  )
})

describe("the command line itself", () => {
  it.effect("prints exactly one JSON object for every command with --json", () =>
    Effect.gen(function* () {
      const rule = file("rule.json", fiveWorkingDaysBefore)
      for (const args of [
        ["calendar", "is-working-day", "2026-02-14"],
        ["calendar", "add-working-days", "2026-02-24", "-5"],
        ["calendar", "between", "2026-02-10", "2026-02-24"],
        ["calendar", "info"],
        ["deadline", "--rule", rule, "--event-start", "2026-02-24", "--notice", "2026-02-12"]
      ]) {
        const run = yield* liaison(...args, "--json")
        expect(run.exitCode).toBe(0)
        expect(Object.keys(jsonOf(run)).length).toBeGreaterThan(0)
      }
    })
  )

  it.effect("reports an unknown command as a usage error, as JSON with --json", () =>
    Effect.gen(function* () {
      const run = yield* liaison("calender", "info", "--json")
      expect(run.exitCode).toBe(2)
      expect(jsonOf(run)).toMatchObject({ error: { _tag: "UsageError", exitCode: 2 } })
    })
  )

  it.effect("prints its version", () =>
    Effect.gen(function* () {
      const run = yield* liaison("--version")
      expect(run.exitCode).toBe(0)
      expect(run.stdout.trim()).toBe(Cli.version)
    })
  )
})

describe("the liaison executable (spawned)", () => {
  const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))
  const spawn = (...args: ReadonlyArray<string>) =>
    spawnSync(process.execPath, ["--import", "tsx", bin, ...args], { encoding: "utf8", timeout: 60_000 })

  it("prints the official example and exits 0", () => {
    const result = spawn("calendar", "add-working-days", "2026-02-24", "-5", "--calendar", "cn-mainland", "--json")
    expect(result.status).toBe(0)
    expect(result.stderr).toBe("")
    expect(JSON.parse(result.stdout)).toMatchObject({ date: "2026-02-10", from: "2026-02-24", n: -5 })
  })

  it("exits 3 beyond the coverage with one line on stderr and no stack trace", () => {
    const result = spawn("calendar", "is-working-day", "2027-03-01")
    expect(result.status).toBe(3)
    expect(result.stdout).toBe("")
    expect(result.stderr.trim().split("\n")).toHaveLength(1)
    expect(result.stderr).toMatch(/^liaison: calendar cn-mainland .* 2027-03-01 is beyond it/)
  })
})
