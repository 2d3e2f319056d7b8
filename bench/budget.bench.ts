/**
 * Budget checks: `BudgetPolicy.check` of a 20-line expense list against the seed rule set (seeds 001
 * and 003) and against the official-reception example (`officialExample`), graded only and with every
 * verdict's text (derivation and message) read.
 *
 * Like `plan.bench.ts`, the timed rows use the built package, `packages/core/dist/index.js`, as a host
 * app would: under tsx, `@liaison/core` resolves to the TypeScript source, which tsx compiles with
 * esbuild's `keepNames` (a `__name(fn, "…")` call around every named closure), and a check makes closures
 * for its explanations. One row runs the source through tsx to show the difference.
 */
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import type * as Src from "@liaison/core"
import * as Schema from "effect/Schema"
import { engagements } from "./budgetInputs.js"
import type { Group, Suite, SuiteResult } from "./Suite.js"

const distFile = fileURLToPath(new URL("../packages/core/dist/index.js", import.meta.url))
const srcDir = fileURLToPath(new URL("../packages/core/src", import.meta.url))
if (!existsSync(distFile)) {
  throw new Error("bench/budget.bench.ts times the built core: run `npm run build --workspace @liaison/core` first")
}
/** The built package, typed as the source it is built from. */
const Dist = (await import(pathToFileURL(distFile).href)) as typeof Src
/** The source, through tsx. */
const Source = (await import("@liaison/core")) as typeof Src

const newest = (dir: string): number =>
  readdirSync(dir).reduce((latest, name) => {
    const path = join(dir, name)
    const st = statSync(path)
    return Math.max(latest, st.isDirectory() ? newest(path) : st.mtimeMs)
  }, 0)
const builtAt = statSync(distFile).mtimeMs
const sourceChangedAt = newest(srcDir)

const POOL = 1024
const MASK = POOL - 1
const LINES = 20
const SEED = 20260310

// ---------------------------------------------------------------------------------------------
// Inputs: POOL engagements (bench/budgetInputs.ts), decoded from JSON as a host app receives them
// (decoding is not timed)
// ---------------------------------------------------------------------------------------------

const json = engagements(SEED, POOL, LINES)

/** Decoded once, with the built package's Schemas; both builds take the same plain values. */
const decodeFacts = Schema.decodeUnknownSync(Dist.BudgetPolicy.EngagementFacts)
const decodeLines = Schema.decodeUnknownSync(Dist.Expense.ExpenseLines)
const seedFacts = json.map((e) => decodeFacts(e.seed))
const officialFacts = json.map((e) => decodeFacts(e.official))
const lines = json.map((e) => decodeLines(e.lines))

const EXPENSES = { stage: "expenses" } as const
const seedSet = { dist: Dist.BudgetPolicy.seedRuleSet, src: Source.BudgetPolicy.seedRuleSet }
const officialSet = { dist: Dist.BudgetPolicy.officialExample, src: Source.BudgetPolicy.officialExample }
/** Prepared once (`BudgetPolicy.prepare`), as a service checking many engagements against one policy would. */
const seedPrepared = Dist.BudgetPolicy.prepare(seedSet.dist)
const officialPrepared = Dist.BudgetPolicy.prepare(officialSet.dist)

// ---------------------------------------------------------------------------------------------
// Cross-check: the built package and the source give the same verdicts, text included, and the
// inputs exercise what they should (lines in every check, blocks and warnings, official bill rules)
// ---------------------------------------------------------------------------------------------

const encodeVerdicts = Schema.encodeSync(Schema.Array(Dist.BudgetPolicy.Verdict))
const encodeReport = Schema.encodeSync(Dist.BudgetPolicy.Report)

const check = (): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const seen = new Map<string, number>()
  for (const [name, sets, facts] of [
    ["seed", seedSet, seedFacts],
    ["official", officialSet, officialFacts]
  ] as const) {
    for (let k = 0; k < POOL; k++) {
      if (lines[k]!.length !== LINES) problems.push(`${name} #${k}: ${lines[k]!.length} lines, not ${LINES}`)
      const a = Dist.BudgetPolicy.check(sets.dist, facts[k]!, lines[k]!, EXPENSES)
      const b = Source.BudgetPolicy.check(sets.src, facts[k]!, lines[k]!, EXPENSES)
      if (a._tag !== "Right" || b._tag !== "Right") {
        problems.push(`${name} #${k}: dist ${a._tag}, source ${b._tag}`)
        continue
      }
      if (JSON.stringify(encodeVerdicts(a.right.verdicts)) !== JSON.stringify(encodeVerdicts(b.right.verdicts)))
        problems.push(`${name} #${k}: dist and source verdicts differ`)
      const p = Dist.BudgetPolicy.check(
        name === "seed" ? seedPrepared : officialPrepared,
        facts[k]!,
        lines[k]!,
        EXPENSES
      )
      if (p._tag !== "Right" || JSON.stringify(encodeReport(p.right)) !== JSON.stringify(encodeReport(a.right)))
        problems.push(`${name} #${k}: the prepared rule set's report differs`)
      seen.set(`${name} ${a.right.outcome}`, (seen.get(`${name} ${a.right.outcome}`) ?? 0) + 1)
      for (const v of a.right.verdicts) seen.set(`${name} ${v.code}`, (seen.get(`${name} ${v.code}`) ?? 0) + 1)
    }
  }
  for (const wanted of [
    "seed block",
    "seed warning",
    "official block",
    "official over-limit",
    "official split-bill",
    "official invoice-missing",
    "official repeat-visit",
    "official forbidden"
  ]) {
    if ((seen.get(wanted) ?? 0) === 0) problems.push(`no input gives ${wanted}`)
  }
  return problems
}

/** Verdicts per check on average, for the notes. */
const verdictsPerCheck = (sets: typeof seedSet, facts: ReadonlyArray<Src.BudgetPolicy.EngagementFacts>): number => {
  let n = 0
  for (let k = 0; k < POOL; k++) {
    const r = Dist.BudgetPolicy.check(sets.dist, facts[k]!, lines[k]!, EXPENSES)
    if (r._tag === "Right") n += r.right.verdicts.length
  }
  return n / POOL
}
const seedVerdicts = verdictsPerCheck(seedSet, seedFacts)
const officialVerdicts = verdictsPerCheck(officialSet, officialFacts)

// ---------------------------------------------------------------------------------------------
// The group. Every row's loop is written out (see Suite.ts for why). A row folds the number of
// verdicts and the outcome (and, reading text, the text's length), so no check can be dropped.
// ---------------------------------------------------------------------------------------------

const group: Group = {
  id: "check-20-lines",
  name: `check a ${LINES}-line expense list`,
  poolSize: POOL,
  note:
    `${POOL} engagements (seed ${SEED}): 1–16 guests, 0–6 hosts, 1–3 days, a level and reception type; ` +
    `${LINES} expense lines each (lunch and dinner with drinks for each day, then lodging, entertainment, gifts, ` +
    "work costs, transport), most with invoices. One op = one `BudgetPolicy.check(ruleSet, facts, lines, " +
    `{ stage: "expenses" })\`: the allowance and every verdict (${seedVerdicts.toFixed(1)} a check on average with ` +
    `the seed set, ${officialVerdicts.toFixed(1)} with the official example). "prepared" rows pass ` +
    '`BudgetPolicy.prepare(ruleSet)`, made once before timing; "text read" rows also read every verdict\'s ' +
    "derivation and message, which are written only when read.",
  rows: [
    {
      id: "seed",
      name: "seedRuleSet, graded only, built dist",
      run: (from, count) => {
        const ruleSet = seedSet.dist
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Dist.BudgetPolicy.check(ruleSet, seedFacts[i]!, lines[i]!, EXPENSES)
          if (r._tag === "Right") acc += r.right.verdicts.length + (r.right.outcome === "block" ? 1 : 0)
        }
        return acc
      }
    },
    {
      id: "official",
      name: "officialExample, graded only, built dist",
      run: (from, count) => {
        const ruleSet = officialSet.dist
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Dist.BudgetPolicy.check(ruleSet, officialFacts[i]!, lines[i]!, EXPENSES)
          if (r._tag === "Right") acc += r.right.verdicts.length + (r.right.outcome === "block" ? 1 : 0)
        }
        return acc
      }
    },
    {
      id: "seed-prepared",
      name: "prepare(seedRuleSet) once, graded only, built dist",
      run: (from, count) => {
        const ruleSet = seedPrepared
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Dist.BudgetPolicy.check(ruleSet, seedFacts[i]!, lines[i]!, EXPENSES)
          if (r._tag === "Right") acc += r.right.verdicts.length + (r.right.outcome === "block" ? 1 : 0)
        }
        return acc
      }
    },
    {
      id: "official-prepared",
      name: "prepare(officialExample) once, graded only, built dist",
      run: (from, count) => {
        const ruleSet = officialPrepared
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Dist.BudgetPolicy.check(ruleSet, officialFacts[i]!, lines[i]!, EXPENSES)
          if (r._tag === "Right") acc += r.right.verdicts.length + (r.right.outcome === "block" ? 1 : 0)
        }
        return acc
      }
    },
    {
      id: "seed-text",
      name: "seedRuleSet, every verdict's text read, built dist",
      run: (from, count) => {
        const ruleSet = seedSet.dist
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Dist.BudgetPolicy.check(ruleSet, seedFacts[i]!, lines[i]!, EXPENSES)
          if (r._tag !== "Right") continue
          for (const v of r.right.verdicts) acc += v.derivation.length + v.message.length
        }
        return acc
      }
    },
    {
      id: "official-text",
      name: "officialExample, every verdict's text read, built dist",
      run: (from, count) => {
        const ruleSet = officialSet.dist
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Dist.BudgetPolicy.check(ruleSet, officialFacts[i]!, lines[i]!, EXPENSES)
          if (r._tag !== "Right") continue
          for (const v of r.right.verdicts) acc += v.derivation.length + v.message.length
        }
        return acc
      }
    },
    {
      id: "seed-src-tsx",
      name: "seedRuleSet, graded only, source through tsx (__name on closures)",
      run: (from, count) => {
        const ruleSet = seedSet.src
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = Source.BudgetPolicy.check(ruleSet, seedFacts[i]!, lines[i]!, EXPENSES)
          if (r._tag === "Right") acc += r.right.verdicts.length + (r.right.outcome === "block" ? 1 : 0)
        }
        return acc
      }
    }
  ]
}

// ---------------------------------------------------------------------------------------------
// Reading against issue 3's goal: at least 200,000 checks a second against the seed rule set
// ---------------------------------------------------------------------------------------------

const GOAL = 200_000

const summarize = (result: SuiteResult): ReadonlyArray<string> => {
  const rows = result.groups.find((g) => g.id === group.id)?.rows ?? []
  const row = (id: string) => rows.find((r) => r.id === id)
  const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(2))
  const lines: Array<string> = []
  for (const [id, what] of [
    ["seed", "seed rule set"],
    ["seed-prepared", "seed rule set, prepared once"]
  ] as const) {
    const r = row(id)
    if (r === undefined) continue
    lines.push(
      `${what}: ${fmt(r.opsPerSecond)} checks/s (median; ${fmt(1e9 / r.minNs)} from the fastest sample), ` +
        `${fmt(r.medianNs / 1000)} µs a check; goal ≥ ${fmt(GOAL)}/s: ${r.opsPerSecond >= GOAL ? "met" : "MISSED"}`
    )
  }
  for (const [id, what] of [
    ["official", "the official example, graded only"],
    ["official-prepared", "the official example, prepared once"],
    ["seed-text", "the seed rule set with every verdict's text read"],
    ["official-text", "the official example with every verdict's text read"],
    ["seed-src-tsx", "the seed rule set, source through tsx"]
  ] as const) {
    const r = row(id)
    if (r === undefined) continue
    lines.push(`${what}: ${fmt(r.opsPerSecond)} checks/s, ${fmt(r.slowdown)}× the time of the seed row`)
  }
  return lines
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ")

export const suite: Suite = {
  name: "budget",
  description:
    "Budget checks (`BudgetPolicy.check`) of 20-line expense lists against the seed rule set and the " +
    "official-reception example, through the built package (packages/core/dist/index.js); one row runs the " +
    "source through tsx for comparison.",
  inputs: [
    `${POOL} pre-generated engagements (mulberry32, seed ${SEED}), JSON.parse'd and decoded once with the Schemas, as a host app's`,
    `built package ${distFile.slice(distFile.indexOf("packages/"))} built ${iso(builtAt)} UTC; ` +
      (builtAt >= sourceChangedAt
        ? "no source file is newer"
        : `STALE: packages/core/src changed at ${iso(sourceChangedAt)} UTC, run npm run build --workspace @liaison/core`)
  ],
  check,
  groups: [group],
  summarize
}
