/**
 * Runs `BudgetPolicy.check` of 20-line expense lists in a loop, for a CPU profile of where a check
 * spends its time (the inputs of `bench/budget.bench.ts`).
 *
 *   npx esbuild bench/profile/budgetCheck.ts --bundle --platform=node --format=esm --outfile=/tmp/liaison-budget.mjs
 *   node --cpu-prof --cpu-prof-dir=/tmp/liaison-budget-prof /tmp/liaison-budget.mjs [--official] [--text] [--seconds 5]
 *   npx tsx bench/profile/topFunctions.ts /tmp/liaison-budget-prof/*.cpuprofile 25
 *
 * Bundled (not run through tsx) so the core's functions keep their names and carry no `__name` wrappers.
 */
import { parseArgs } from "node:util"
import { BudgetPolicy, Expense } from "@liaison/core"
import * as Schema from "effect/Schema"
import { engagements } from "../budgetInputs.js"

const { values } = parseArgs({
  options: {
    official: { type: "boolean", default: false },
    text: { type: "boolean", default: false },
    seconds: { type: "string", default: "5" }
  }
})

const POOL = 1024
const json = engagements(20260310, POOL, 20)
const decodeFacts = Schema.decodeUnknownSync(BudgetPolicy.EngagementFacts)
const decodeLines = Schema.decodeUnknownSync(Expense.ExpenseLines)
const facts = json.map((e) => decodeFacts(values.official ? e.official : e.seed))
const lines = json.map((e) => decodeLines(e.lines))
const ruleSet = values.official ? BudgetPolicy.officialExample : BudgetPolicy.seedRuleSet
const stage = { stage: "expenses" } as const

const until = Date.now() + Number(values.seconds) * 1000
let checks = 0
let acc = 0
while (Date.now() < until) {
  for (let i = 0; i < POOL; i++) {
    const r = BudgetPolicy.check(ruleSet, facts[i]!, lines[i]!, stage)
    if (r._tag !== "Right") continue
    if (values.text) for (const v of r.right.verdicts) acc += v.derivation.length + v.message.length
    else acc += r.right.verdicts.length
  }
  checks += POOL
}
console.log(
  `${checks} checks of ${ruleSet.id} in ${values.seconds} s: ${Math.round(checks / Number(values.seconds))}/s (${acc})`
)
