import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { ProcedureCatalog } from "@liaison/core"
import * as Effect from "effect/Effect"
import { jsonOf, liaison, type Run } from "./harness.js"

interface TaskJson {
  readonly id: string
  readonly step: string
  readonly ownerRole: string
  readonly due?: string
  readonly dueDate?: string
  readonly opens?: string
  readonly unscheduled?: string
  readonly explanation?: { readonly sentence: { readonly en: string } }
  readonly atPlanning?: { readonly status: string; readonly lateByWorkingDays: number }
}

interface PlanJson {
  readonly engagementId: string
  readonly procedure: { readonly id: string; readonly source: string; readonly origin: string }
  readonly missed: ReadonlyArray<string>
  readonly warnings: ReadonlyArray<string>
  readonly provisional: boolean
  readonly tasks: ReadonlyArray<TaskJson>
  readonly judgedAt?: { readonly at: string; readonly basis: string }
}

const planOf = (run: Run): PlanJson => {
  expect(run.exitCode).toBe(0)
  const json = jsonOf(run)
  expect(Array.isArray(json.tasks)).toBe(true)
  return json as unknown as PlanJson
}

const task = (plan: PlanJson, step: string): TaskJson => {
  const found = plan.tasks.find((t) => t.step === step)
  if (found === undefined) throw new Error(`no task ${step}`)
  return found
}

let dir = ""
const file = (name: string, content: unknown): string => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2))
  return path
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "liaison-plan-"))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** The host's own reception standard: the built-in's steps without the survey, under the same id. */
const hostStandard = {
  ...ProcedureCatalog.clientReceptionStandard,
  source: "host app: our reception standard",
  version: "host-2",
  steps: ProcedureCatalog.clientReceptionStandard.steps.filter((s) => s.id !== "summary")
}

describe("liaison plan", () => {
  it.effect("plans the client-reception standard for a visit on 2026-02-24 announced on 02-12, as JSON", () =>
    Effect.gen(function* () {
      const plan = planOf(
        yield* liaison(
          "plan",
          "client-reception-standard",
          "--event-start",
          "2026-02-24",
          "--notice",
          "2026-02-12T09:00:00+08:00",
          "--engagement",
          "visit-0224",
          "--calendar",
          "cn-mainland",
          "--json"
        )
      )
      expect(plan.engagementId).toBe("visit-0224")
      expect(plan.procedure).toMatchObject({
        id: "client-reception-standard",
        origin: "built-in",
        source: "seed 001: 客户接待流程及标准（综管部主导）"
      })
      expect(plan.tasks.map((t) => [t.id, t.dueDate, t.ownerRole])).toEqual([
        ["visit-0224/definition", "2026-02-10", "requester"],
        ["visit-0224/assignment", "2026-02-11", "admin-department"],
        ["visit-0224/preparation", "2026-02-13", "admin-department"],
        ["visit-0224/on-site", "2026-02-24", "admin-department"],
        ["visit-0224/wrap-up", "2026-02-24", "admin-department"],
        ["visit-0224/summary", "2026-02-25", "admin-department"]
      ])
      const definition = task(plan, "definition")
      expect(definition.due).toBe("2026-02-10T18:00:00.000+08:00")
      expect(definition.explanation?.sentence.en).toContain("Counted: 2026-02-14, a make-up working day")
      expect(definition.atPlanning).toMatchObject({ status: "missed", lateByWorkingDays: 2 })
      expect(plan.missed).toEqual(["visit-0224/definition", "visit-0224/assignment"])
      expect(plan.judgedAt).toEqual({ at: "2026-02-12T09:00:00+08:00", basis: "notice" })
      expect(plan.provisional).toBe(false)
    })
  )

  it.effect("prints a table of date, step, owner and status, then the missed deadlines", () =>
    Effect.gen(function* () {
      const run = yield* liaison(
        "plan",
        "client-reception-standard",
        "--event-start",
        "2026-02-24",
        "--notice",
        "2026-02-12T09:00:00+08:00"
      )
      expect(run.exitCode).toBe(0)
      expect(run.stderr).toBe("")
      const lines = run.stdout.split("\n")
      expect(lines).toContain(
        "2026-02-10 Tue 18:00  definition   requester         missed, late by 2 working days  Definition"
      )
      expect(lines).toContain(
        "2026-02-13 Fri 18:00  preparation  admin-department  open, 1 working day left        Preparation"
      )
      expect(
        lines.slice(lines.indexOf("Missed at planning (2):"), lines.indexOf("Missed at planning (2):") + 3)
      ).toEqual([
        "Missed at planning (2):",
        "  definition: due 2026-02-10 Tue 18:00, late by 2 working days",
        "  assignment: due 2026-02-11 Wed 18:00, late by 1 working day"
      ])
      expect(run.stdout).toContain('Event 2026-02-24 (Tue), engagement "engagement"')
      expect(run.stdout).toContain("Calendar cn-mainland, data ")
    })
  )

  it.effect("judges at --now rather than at the notice", () =>
    Effect.gen(function* () {
      const plan = planOf(
        yield* liaison(
          "plan",
          "client-reception-standard",
          "--event-start",
          "2026-02-24",
          "--notice",
          "2026-02-02T09:00:00+08:00",
          "--now",
          "2026-02-14T09:00:00+08:00",
          "--json"
        )
      )
      expect(plan.missed).toEqual(["engagement/definition", "engagement/assignment", "engagement/preparation"])
      expect(plan.judgedAt).toEqual({ at: "2026-02-14T09:00:00+08:00", basis: "now" })
    })
  )

  it.effect("gives windows their opening: visit-reception's preparation moves out of the Spring Festival break", () =>
    Effect.gen(function* () {
      const args = ["visit-reception", "--event-start", "2026-02-24", "--event-end", "2026-02-25"]
      const plan = planOf(yield* liaison("plan", ...args, "--notice", "2026-02-09T10:00:00+08:00", "--json"))
      expect(task(plan, "prepare")).toMatchObject({
        opens: "2026-02-14T09:00:00.000+08:00",
        due: "2026-02-14T18:00:00.000+08:00",
        atPlanning: { status: "notYetOpen" }
      })
      expect(task(plan, "understand").due).toBe("2026-02-09T11:00:00.000+08:00")
      const text = (yield* liaison("plan", ...args)).stdout
      expect(text.split("\n")[3]).toMatch(/^due {19}opens {17}step {11}owner/)
      expect(text).toContain("2026-02-14 Sat 18:00  2026-02-14 Sat 09:00  prepare")
    })
  )

  it.effect("leaves the callback unscheduled until --anchor returnArrival is given", () =>
    Effect.gen(function* () {
      const args = ["client-visit-14-steps", "--event-start", "2026-02-09T09:00:00+08:00"]
      const waiting = planOf(yield* liaison("plan", ...args, "--json"))
      expect(task(waiting, "callback").unscheduled).toContain("returnArrival")
      expect(task(waiting, "callback").due).toBeUndefined()
      expect((yield* liaison("plan", ...args)).stdout).toContain("unscheduled: needs --anchor returnArrival=…")

      const scheduled = planOf(
        yield* liaison("plan", ...args, "--anchor", "returnArrival=2026-02-09T21:00:00+08:00", "--json")
      )
      expect(task(scheduled, "callback")).toMatchObject({
        opens: "2026-02-09T21:00:00.000+08:00",
        due: "2026-02-09T23:00:00.000+08:00"
      })
    })
  )

  it.effect("keeps an incident after office hours due the same day: nothing missed, no order warning", () =>
    Effect.gen(function* () {
      const plan = planOf(
        yield* liaison(
          "plan",
          "incident-response",
          "--event-start",
          "2025-06-18T20:30:00+08:00",
          "--event-end",
          "2025-06-18T21:30:00+08:00",
          "--notice",
          "2025-06-18T20:30:00+08:00",
          "--engagement",
          "incident-7",
          "--json"
        )
      )
      expect(plan.warnings).toEqual([])
      expect(plan.missed).toEqual([])
      expect(task(plan, "handle").due).toBe("2025-06-19T00:00:00.000+08:00")
    })
  )

  it.effect("names the steps in zh-CN with --lang zh", () =>
    Effect.gen(function* () {
      const run = yield* liaison(
        "plan",
        "client-reception-standard",
        "--event-start",
        "2026-02-24",
        "--notice",
        "2026-02-12T09:00:00+08:00",
        "--lang",
        "zh"
      )
      expect(run.stdout).toContain(
        "2026-02-10 Tue 18:00  definition   requester         已逾期 2 个工作日        接待定案"
      )
      expect(run.stdout).toContain("计划时已逾期（2）：")
    })
  )

  it.effect("refuses an unknown procedure id with exit code 2, naming the known ids", () =>
    Effect.gen(function* () {
      const run = yield* liaison("plan", "client-reception", "--event-start", "2026-02-24", "--json")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toBe(
        `liaison: procedure-id: unknown procedure "client-reception"; known procedures: ${[...ProcedureCatalog.builtIn.keys()].join(", ")}`
      )
      expect(jsonOf(run)).toMatchObject({
        error: {
          _tag: "InvalidArgument",
          argument: "procedure-id",
          issues: [{ path: "procedure-id" }],
          exitCode: 2
        }
      })
    })
  )

  it.effect("refuses a bad --event-start even when no step of the procedure is timed from it", () =>
    Effect.gen(function* () {
      // internal-guest's two steps are timed from the notice only.
      const run = yield* liaison("plan", "internal-guest", "--event-start", "2026-02-30", "--notice", "2026-02-12")
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toBe(
        'liaison: --event-start: expected YYYY-MM-DD or an ISO 8601 instant with offset, got "2026-02-30"'
      )
      expect(run.stdout).toBe("")
    })
  )

  it.effect("refuses a bad --anchor value, naming the anchor", () =>
    Effect.gen(function* () {
      const run = yield* liaison(
        "plan",
        "client-visit-14-steps",
        "--event-start",
        "2026-02-09",
        "--anchor",
        "returnArrival=tonight",
        "--json"
      )
      expect(run.exitCode).toBe(2)
      expect(jsonOf(run)).toMatchObject({ error: { argument: "--anchor returnArrival", exitCode: 2 } })
    })
  )

  it.effect("requires --event-start (a usage error, exit code 2)", () =>
    Effect.gen(function* () {
      const run = yield* liaison("plan", "client-reception-standard", "--json")
      expect(run.exitCode).toBe(2)
      expect(jsonOf(run)).toMatchObject({ error: { _tag: "UsageError", exitCode: 2 } })
    })
  )

  it.effect(
    "leaves a task beyond the calendar's coverage unscheduled with the reason, and plans it with --provisional",
    () =>
      Effect.gen(function* () {
        // A visit on Thu 2026-12-31: the summary, the next working day, is in 2027.
        const partial = yield* liaison("plan", "client-reception-standard", "--event-start", "2026-12-31", "--json")
        expect(partial.exitCode).toBe(0)
        expect(task(planOf(partial), "summary").unscheduled).toContain("2027-01-01 is beyond it")
        expect(task(planOf(partial), "definition").dueDate).toBe("2026-12-24")
        const text = yield* liaison("plan", "client-reception-standard", "--event-start", "2026-12-31")
        expect(text.stdout).toContain("unscheduled: calendar cn-mainland")

        const args = ["plan", "client-reception-standard", "--event-start", "2026-12-31", "--provisional"]
        const plan = planOf(yield* liaison(...args, "--json"))
        expect(plan.provisional).toBe(true)
        expect(task(plan, "summary").dueDate).toBe("2027-01-01")
        expect((yield* liaison(...args)).stdout).toContain("Provisional: beyond 2004-01-01–2026-12-31")
      })
  )

  it.effect("plans a host's procedure from --procedure-file, replacing the built-in of the same id", () =>
    Effect.gen(function* () {
      const path = file("standard.json", hostStandard)
      const plan = planOf(
        yield* liaison(
          "plan",
          "client-reception-standard",
          "--procedure-file",
          path,
          "--event-start",
          "2026-02-24",
          "--json"
        )
      )
      expect(plan.procedure).toMatchObject({ origin: path, source: "host app: our reception standard" })
      expect(plan.tasks.map((t) => t.step)).toEqual(["definition", "assignment", "preparation", "on-site", "wrap-up"])
    })
  )

  it.effect("names the file and the path of every problem in a bad procedure file", () =>
    Effect.gen(function* () {
      const [first, second] = ProcedureCatalog.clientReceptionStandard.steps
      const path = file("bad.json", [
        hostStandard,
        { ...hostStandard, id: "looping", steps: [{ ...first, dependsOn: ["assignment"] }, second] },
        { ...hostStandard, id: "Bad Id" }
      ])
      const run = yield* liaison("plan", "looping", "--procedure-file", path, "--event-start", "2026-02-24", "--json")
      expect(run.exitCode).toBe(2)
      expect(run.stderr.split("\n")).toEqual([
        `liaison: ${path} is not a valid procedure (2 problems)`,
        `  ${path}: [1].steps[0].dependsOn: dependency cycle: definition → assignment → definition`,
        `  ${path}: [2].id: expected lower-case words joined by hyphens`
      ])
      expect(jsonOf(run)).toMatchObject({
        error: {
          _tag: "InvalidFile",
          file: path,
          issues: [
            { file: path, path: "[1].steps[0].dependsOn" },
            { file: path, path: "[2].id" }
          ],
          exitCode: 2
        }
      })
    })
  )

  it.effect("reports a procedure file that is not JSON", () =>
    Effect.gen(function* () {
      const path = file("broken.json", "{ not json")
      const run = yield* liaison("procedures", "--procedure-file", path)
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(`${path}: not JSON`)
    })
  )
})

describe("liaison procedures", () => {
  it.effect("lists the ten built-in procedures with their names, step counts and sources", () =>
    Effect.gen(function* () {
      const run = yield* liaison("procedures", "--json")
      expect(run.exitCode).toBe(0)
      const { procedures } = jsonOf(run) as {
        procedures: ReadonlyArray<{ id: string; steps: number; origin: string; name: { en: string } }>
      }
      expect(procedures.map((p) => [p.id, p.steps])).toEqual([
        ["government-liaison", 7],
        ["holiday-relations", 7],
        ["incident-response", 6],
        ["visit-reception", 10],
        ["vip-shopping", 7],
        ["external-meeting", 8],
        ["liaison-roster", 3],
        ["internal-guest", 2],
        ["client-reception-standard", 6],
        ["client-visit-14-steps", 14]
      ])
      expect(procedures.every((p) => p.origin === "built-in")).toBe(true)
      expect(procedures[9]).toMatchObject({
        name: { "zh-CN": "客户来访接待十四步", en: "Visiting client, 14 steps" },
        source: "seed 003: 客户接待流程及注意事项（流程3）",
        anchors: ["returnArrival"]
      })
    })
  )

  it.effect("prints a table without --json", () =>
    Effect.gen(function* () {
      const lines = (yield* liaison("procedures")).stdout.split("\n")
      expect(lines[0]).toBe("id                         steps  origin    name and source")
      expect(lines).toContain(
        "client-reception-standard      6  built-in  Client reception standard 客户接待流程及标准 (seed 001: 客户接待流程及标准（综管部主导）)"
      )
      expect(lines).toHaveLength(11)
    })
  )

  it.effect("shows a host's procedure file in the catalog, with where each procedure came from", () =>
    Effect.gen(function* () {
      const path = file("own.json", [hostStandard, { ...hostStandard, id: "school-visit" }])
      const { procedures } = jsonOf(yield* liaison("procedures", "--procedure-file", path, "--json")) as {
        procedures: ReadonlyArray<{ id: string; steps: number; origin: string }>
      }
      expect(procedures).toHaveLength(11)
      expect(procedures.find((p) => p.id === "client-reception-standard")).toMatchObject({ steps: 5, origin: path })
      expect(procedures.find((p) => p.id === "school-visit")).toMatchObject({ origin: path })
      expect(procedures.find((p) => p.id === "visit-reception")).toMatchObject({ origin: "built-in" })
    })
  )
})

describe("liaison plan (spawned)", () => {
  const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

  it("prints one JSON object and exits 0, or exits 2 for an unknown procedure", () => {
    const spawn = (...args: ReadonlyArray<string>) =>
      spawnSync(process.execPath, ["--import", "tsx", bin, ...args], { encoding: "utf8", timeout: 60_000 })
    const ok = spawn("plan", "client-reception-standard", "--event-start", "2026-02-24", "--json")
    expect(ok.status).toBe(0)
    expect(ok.stderr).toBe("")
    expect(JSON.parse(ok.stdout)).toMatchObject({ procedure: { id: "client-reception-standard" } })
    const unknown = spawn("plan", "nope", "--event-start", "2026-02-24")
    expect(unknown.status).toBe(2)
    expect(unknown.stdout).toBe("")
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1)
  })
})
