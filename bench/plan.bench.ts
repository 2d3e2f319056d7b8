/**
 * Planning procedures: `Plan.make` of client-reception-standard (seed 001, six steps) and
 * visit-reception (seed 000 §4, ten steps) for engagements on varied dates, and the six deadline
 * rules of client-reception-standard evaluated on their own (`Deadline.prepare` + `Deadline.evaluate`).
 *
 * The timed rows use the built package, `packages/core/dist/index.js`, as a host app would: under
 * tsx, `@liaison/core` resolves to the TypeScript source (tsconfig `paths`), and tsx compiles it
 * with esbuild's `keepNames`, which wraps every named closure in a `__name(fn, "…")` call. Planning
 * creates closures on every call (lazy labels, `Either` callbacks), so the source through tsx is
 * measurably slower than what ships; one row per group shows by how much.
 */
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import * as Src from "@liaison/core"
import { type Group, randomInt, type Suite, type SuiteResult, seededRandom } from "./Suite.js"

const distFile = fileURLToPath(new URL("../packages/core/dist/index.js", import.meta.url))
const srcDir = fileURLToPath(new URL("../packages/core/src", import.meta.url))
if (!existsSync(distFile)) {
  throw new Error("bench/plan.bench.ts times the built core: run `npm run build --workspace @liaison/core` first")
}
/** The built package, typed as the source it is built from. */
const Dist = (await import(pathToFileURL(distFile).href)) as typeof Src

/** The newest modification time under a directory, to tell whether `dist` is older than the source. */
const newest = (dir: string): number =>
  readdirSync(dir).reduce((latest, name) => {
    const path = join(dir, name)
    const st = statSync(path)
    return Math.max(latest, st.isDirectory() ? newest(path) : st.mtimeMs)
  }, 0)
const builtAt = statSync(distFile).mtimeMs
const sourceChangedAt = newest(srcDir)

const POOL = 4096
const MASK = POOL - 1
const SEEDS = { standard: 20260224, visit: 20251009 } as const
/** Event dates drawn so every deadline of both procedures stays inside the official data. */
const FIRST = "2004-02-01"
const LAST = "2026-12-10"

/** Text as a host app receives it: through `JSON.parse`. */
const flat = <A>(values: A): A => JSON.parse(JSON.stringify(values)) as A

interface Engagements {
  readonly id: ReadonlyArray<string>
  readonly eventStart: ReadonlyArray<string>
  readonly eventEnd: ReadonlyArray<string>
  readonly notice: ReadonlyArray<string>
}

/**
 * `POOL` engagements: an event on a random day (a bare date), ending 0 to `maxLength` days later,
 * announced 1 to 20 days before at a random minute of office hours (an instant with offset).
 */
const engagements = (seed: number, maxLength: number): Engagements => {
  const random = seededRandom(seed)
  const first = Src.LocalDate.toEpochDay(FIRST)
  const last = Src.LocalDate.toEpochDay(LAST)
  const out = {
    id: [] as Array<string>,
    eventStart: [] as Array<string>,
    eventEnd: [] as Array<string>,
    notice: [] as Array<string>
  }
  for (let k = 0; k < POOL; k++) {
    const start = randomInt(random, first, last)
    const minute = randomInt(random, 9 * 60, 18 * 60 - 1)
    out.id.push(`engagement-${k}`)
    out.eventStart.push(Src.LocalDate.fromEpochDay(start))
    out.eventEnd.push(Src.LocalDate.fromEpochDay(start + randomInt(random, 0, maxLength)))
    out.notice.push(
      `${Src.LocalDate.fromEpochDay(start - randomInt(random, 1, 20))}T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00+08:00`
    )
  }
  return flat(out)
}

const standardInputs = engagements(SEEDS.standard, 2)
const visitInputs = engagements(SEEDS.visit, 3)

const dist = {
  cal: Dist.OfficialCalendars.cnMainland,
  standard: Dist.ProcedureCatalog.clientReceptionStandard,
  standardPrepared: Dist.Plan.prepare(Dist.ProcedureCatalog.clientReceptionStandard),
  visitPrepared: Dist.Plan.prepare(Dist.ProcedureCatalog.visitReception),
  rules: Dist.ProcedureCatalog.clientReceptionStandard.steps.map((s) => s.deadline)
}
const src = {
  cal: Src.OfficialCalendars.cnMainland,
  standardPrepared: Src.Plan.prepare(Src.ProcedureCatalog.clientReceptionStandard),
  visitPrepared: Src.Plan.prepare(Src.ProcedureCatalog.visitReception),
  rules: Src.ProcedureCatalog.clientReceptionStandard.steps.map((s) => s.deadline)
}

// ---------------------------------------------------------------------------------------------
// Cross-check: the built package and the source plan every engagement alike, and the six rules
// evaluated alone give the plan's due moments
// ---------------------------------------------------------------------------------------------

const inputOf = (e: Engagements, k: number): Src.Plan.PlanInput => ({
  engagementId: e.id[k]!,
  eventStart: e.eventStart[k]!,
  eventEnd: e.eventEnd[k]!,
  notice: e.notice[k]!
})

const check = (): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const signature = (plan: Src.Plan.Plan) =>
    JSON.stringify([
      plan.tasks.map((t) => [t.id, t.deadline?.dueMillis, t.deadline?.opensMillis, t.atPlanning?.status]),
      plan.missed,
      plan.warnings
    ])
  for (const [name, inputs, d, s] of [
    ["client-reception-standard", standardInputs, dist.standardPrepared, src.standardPrepared],
    ["visit-reception", visitInputs, dist.visitPrepared, src.visitPrepared]
  ] as const) {
    for (let k = 0; k < POOL; k++) {
      const a = Dist.Plan.make(d, inputOf(inputs, k), dist.cal)
      const b = Src.Plan.make(s, inputOf(inputs, k), src.cal)
      if (a._tag !== "Right" || b._tag !== "Right") {
        problems.push(`${name} ${inputs.eventStart[k]}: dist ${a._tag}, source ${b._tag}`)
        continue
      }
      if (signature(a.right) !== signature(b.right))
        problems.push(`${name} ${inputs.eventStart[k]}: dist and source differ`)
      if (a.right.tasks.some((t) => t.deadline === undefined))
        problems.push(`${name} ${inputs.eventStart[k]}: a task is unscheduled`)
    }
  }
  for (let k = 0; k < POOL; k++) {
    const plan = Dist.Plan.make(dist.standardPrepared, inputOf(standardInputs, k), dist.cal)
    const context = Dist.Deadline.prepare({
      calendar: dist.cal,
      eventStart: standardInputs.eventStart[k]!,
      eventEnd: standardInputs.eventEnd[k]!,
      notice: standardInputs.notice[k]!
    })
    const dues = dist.rules.map((rule) => {
      const r = Dist.Deadline.evaluate(rule, context)
      return r._tag === "Right" ? r.right.dueMillis : Number.NaN
    })
    const planned = plan._tag === "Right" ? plan.right.tasks.map((t) => t.deadline?.dueMillis) : []
    if (JSON.stringify(dues) !== JSON.stringify(planned)) {
      problems.push(
        `six rules ${standardInputs.eventStart[k]}: evaluated ${dues.join(",")}, planned ${planned.join(",")}`
      )
    }
  }
  return problems
}

// ---------------------------------------------------------------------------------------------
// Groups. Every row's loop is written out (see Suite.ts for why). A row folds the number of
// tasks and a bit of each plan's last due moment, so the plans cannot be dropped.
// ---------------------------------------------------------------------------------------------

const standardGroup: Group = {
  id: "plan-standard",
  name: "plan client-reception-standard (6 steps)",
  poolSize: POOL,
  note:
    `${POOL} engagements (seed ${SEEDS.standard}): an event on a random day ${FIRST}–${LAST}, ending 0–2 days later, ` +
    "announced 1–20 days before at a random office-hours minute (so every task is also judged at the notice). " +
    "One op = one `Plan.make`: six deadlines with their standing, ids, dependency warnings.",
  rows: [
    {
      id: "dist",
      name: "Plan.make(prepared, engagement, cnMainland), built dist",
      run: (from, count) => {
        const { cal, standardPrepared } = dist
        const e = standardInputs
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Dist.Plan.make(
            standardPrepared,
            { engagementId: e.id[i]!, eventStart: e.eventStart[i]!, eventEnd: e.eventEnd[i]!, notice: e.notice[i]! },
            cal
          )
          if (r._tag === "Right") acc += r.right.tasks.length + (r.right.tasks[5]!.deadline!.dueMillis & 7)
        }
        return acc
      }
    },
    {
      id: "dist-unprepared",
      name: "Plan.make(procedure, …) without Plan.prepare, built dist",
      run: (from, count) => {
        const { cal, standard } = dist
        const e = standardInputs
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Dist.Plan.make(
            standard,
            { engagementId: e.id[i]!, eventStart: e.eventStart[i]!, eventEnd: e.eventEnd[i]!, notice: e.notice[i]! },
            cal
          )
          if (r._tag === "Right") acc += r.right.tasks.length + (r.right.tasks[5]!.deadline!.dueMillis & 7)
        }
        return acc
      }
    },
    {
      id: "src-tsx",
      name: "Plan.make(prepared, …), source through tsx (__name on closures)",
      run: (from, count) => {
        const { cal, standardPrepared } = src
        const e = standardInputs
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Src.Plan.make(
            standardPrepared,
            { engagementId: e.id[i]!, eventStart: e.eventStart[i]!, eventEnd: e.eventEnd[i]!, notice: e.notice[i]! },
            cal
          )
          if (r._tag === "Right") acc += r.right.tasks.length + (r.right.tasks[5]!.deadline!.dueMillis & 7)
        }
        return acc
      }
    }
  ]
}

const visitGroup: Group = {
  id: "plan-visit",
  name: "plan visit-reception (10 steps)",
  poolSize: POOL,
  note:
    `${POOL} engagements (seed ${SEEDS.visit}): an event on a random day ${FIRST}–${LAST}, ending 0–3 days later, ` +
    "announced 1–20 days before at a random office-hours minute. Ten deadlines: hours after notice, " +
    "calendar days and windows before the event, working days and a week after it.",
  rows: [
    {
      id: "dist",
      name: "Plan.make(prepared, engagement, cnMainland), built dist",
      run: (from, count) => {
        const { cal, visitPrepared } = dist
        const e = visitInputs
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Dist.Plan.make(
            visitPrepared,
            { engagementId: e.id[i]!, eventStart: e.eventStart[i]!, eventEnd: e.eventEnd[i]!, notice: e.notice[i]! },
            cal
          )
          if (r._tag === "Right") acc += r.right.tasks.length + (r.right.tasks[9]!.deadline!.dueMillis & 7)
        }
        return acc
      }
    },
    {
      id: "src-tsx",
      name: "Plan.make(prepared, …), source through tsx (__name on closures)",
      run: (from, count) => {
        const { cal, visitPrepared } = src
        const e = visitInputs
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Src.Plan.make(
            visitPrepared,
            { engagementId: e.id[i]!, eventStart: e.eventStart[i]!, eventEnd: e.eventEnd[i]!, notice: e.notice[i]! },
            cal
          )
          if (r._tag === "Right") acc += r.right.tasks.length + (r.right.tasks[9]!.deadline!.dueMillis & 7)
        }
        return acc
      }
    }
  ]
}

const rulesGroup: Group = {
  id: "six-rules",
  name: "the six rules of client-reception-standard",
  poolSize: POOL,
  note:
    `The engagements of the client-reception-standard group. One op = the procedure's six deadline rules ` +
    "(5, 4 and 2 working days before, the day, the end's day, the working day after) evaluated for one " +
    "engagement, without a plan around them.",
  rows: [
    {
      id: "dist",
      name: "Deadline.prepare + 6 × Deadline.evaluate, built dist",
      run: (from, count) => {
        const { cal, rules } = dist
        const e = standardInputs
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const context = Dist.Deadline.prepare({
            calendar: cal,
            eventStart: e.eventStart[i]!,
            eventEnd: e.eventEnd[i]!,
            notice: e.notice[i]!
          })
          for (let j = 0; j < 6; j++) {
            const r = Dist.Deadline.evaluate(rules[j]!, context)
            if (r._tag === "Right") acc += r.right.dueMillis & 7
          }
        }
        return acc
      }
    },
    {
      id: "dist-plain",
      name: "6 × Deadline.evaluate on a plain context (each rule reads the moments again), built dist",
      run: (from, count) => {
        const { cal, rules } = dist
        const e = standardInputs
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const context = {
            calendar: cal,
            eventStart: e.eventStart[i]!,
            eventEnd: e.eventEnd[i]!,
            notice: e.notice[i]!
          }
          for (let j = 0; j < 6; j++) {
            const r = Dist.Deadline.evaluate(rules[j]!, context)
            if (r._tag === "Right") acc += r.right.dueMillis & 7
          }
        }
        return acc
      }
    },
    {
      id: "src-tsx",
      name: "Deadline.prepare + 6 × Deadline.evaluate, source through tsx",
      run: (from, count) => {
        const { cal, rules } = src
        const e = standardInputs
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const context = Src.Deadline.prepare({
            calendar: cal,
            eventStart: e.eventStart[i]!,
            eventEnd: e.eventEnd[i]!,
            notice: e.notice[i]!
          })
          for (let j = 0; j < 6; j++) {
            const r = Src.Deadline.evaluate(rules[j]!, context)
            if (r._tag === "Right") acc += r.right.dueMillis & 7
          }
        }
        return acc
      }
    }
  ]
}

// ---------------------------------------------------------------------------------------------
// Reading against issue 4's goal: 100,000 plans in at most a second
// ---------------------------------------------------------------------------------------------

const GOAL_PLANS = 100_000

const summarize = (result: SuiteResult): ReadonlyArray<string> => {
  const lines: Array<string> = []
  const row = (group: string, id: string) => result.groups.find((g) => g.id === group)?.rows.find((r) => r.id === id)
  const ms = (ns: number) => (ns * GOAL_PLANS) / 1e6
  const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(2))
  for (const [group, name] of [
    ["plan-standard", "client-reception-standard"],
    ["plan-visit", "visit-reception"]
  ] as const) {
    const d = row(group, "dist")
    const s = row(group, "src-tsx")
    if (d === undefined) continue
    const verdict = ms(d.medianNs) <= 1000 ? "met" : "MISSED"
    lines.push(
      `${name}: ${fmt(d.medianNs / 1000)} µs a plan (median; fastest sample ${fmt(d.minNs / 1000)} µs), so ` +
        `${fmt(GOAL_PLANS)} plans take ${fmt(ms(d.medianNs))} ms (goal ≤ 1,000 ms: ${verdict})`
    )
    if (s !== undefined) {
      lines.push(
        `${name}: the source through tsx takes ${fmt(s.slowdown)}× the built package's time (${fmt(s.medianNs / 1000)} µs)`
      )
    }
  }
  const u = row("plan-standard", "dist-unprepared")
  if (u !== undefined)
    lines.push(`client-reception-standard: without Plan.prepare a plan takes ${fmt(u.slowdown)}× as long`)
  const r = row("six-rules", "dist")
  const p = row("plan-standard", "dist")
  if (r !== undefined) {
    lines.push(
      `six rules: ${fmt(r.medianNs)} ns for the six (${fmt(r.medianNs / 6)} ns a rule)` +
        (p !== undefined ? `; the plan around them adds ${fmt(p.medianNs - r.medianNs)} ns` : "")
    )
  }
  return lines
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ")

export const suite: Suite = {
  name: "plan",
  description:
    "Planning the built-in procedures with `Plan.prepare` once and `Plan.make` per engagement, on the China " +
    `mainland official calendar (${dist.cal.data.version}), through the built package ` +
    "(packages/core/dist/index.js); one row per group runs the source through tsx for comparison.",
  inputs: [
    `${POOL} pre-generated engagements per procedure (mulberry32, fixed seeds), text through JSON.parse as a host app's`,
    `built package ${distFile.slice(distFile.indexOf("packages/"))} built ${iso(builtAt)} UTC; ` +
      (builtAt >= sourceChangedAt
        ? "no source file is newer"
        : `STALE: packages/core/src changed at ${iso(sourceChangedAt)} UTC, run npm run build --workspace @liaison/core`)
  ],
  check,
  groups: [standardGroup, visitGroup, rulesGroup],
  summarize
}
