/**
 * A year of quarterly government liaison (政府部门日常联络, seed 000 §1, `government-liaison`) in
 * 2026, merged with China's official holidays.
 *
 * The procedure asks that every government unit be contacted once a quarter and, where possible,
 * that the contact be merged with a holiday, 10–15 days before it (充分利用节假日合并公关，一般在节假日前
 * 10-15天运作). This script:
 *
 *   1. makes the year's liaison plan (LiaisonYearPlan): one contact window per quarter;
 *   2. picks a visit day in each window and plans the catalog's procedure for it (Plan.make):
 *      plan, approval, funds, contact, report, ledger, reimbursement, each with its due date;
 *   3. shows where holidays and make-up working days (调休) moved a date;
 *   4. draws the four quarters as a Mermaid Gantt chart (and an SVG timeline).
 *
 * Run it from the repository root: `npm run example:government-liaison --workspace @liaison/examples`
 * (add `-- --mermaid chart.mmd` for options). Options:
 *   --mermaid <file>  write the Mermaid chart there (default: print it at the end)
 *   --svg <file>      write the SVG timeline there
 */
import { writeFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { Gantt, Timeline } from "@liaison/calendars"
import {
  BusinessCalendar,
  type Deadline,
  LiaisonYearPlan,
  LocalDate,
  OfficialCalendars,
  Plan,
  ProcedureCatalog
} from "@liaison/core"
import * as Either from "effect/Either"

const { values: options } = parseArgs({ options: { mermaid: { type: "string" }, svg: { type: "string" } } })

/** Stops the script with the error's message (a starter script; a service would return the error). */
const orExit = <A, E extends { readonly message: string }>(result: Either.Either<A, E>): A => {
  if (Either.isRight(result)) return result.right
  console.error(result.left.message)
  return process.exit(1)
}

// The official China calendar: holidays and make-up working days from the State Council's
// notices, 2004–2026. Every date below is computed on it.
const calendar = OfficialCalendars.cnMainland
const year = 2026

// The units the liaison officer keeps in touch with (外联单位). In a host app they come from the
// liaison roster (Roster).
const units: ReadonlyArray<LiaisonYearPlan.LiaisonUnit> = [
  { id: "city-government", name: "某市人民政府", category: "cityGovernment" },
  { id: "district-psb", name: "某区公安分局", category: "publicSecurity" },
  { id: "consumer-association", name: "某市消费者协会", category: "consumerAssociation" }
]

console.log(`A year of quarterly government liaison, ${year} (政府部门日常联络)`)
console.log(`Calendar ${calendar.id}, data ${calendar.data.version}`)
console.log(`Units: ${units.map((u) => u.name).join(", ")}\n`)

/** What the calendar did to a date: rolled off a day off, holidays skipped, make-up days counted. */
const whatMoved = (d: Deadline.Evaluation): ReadonlyArray<string> => {
  const out = d.explanation.rolls.map((r) => `moved from ${r.from} (${r.reason}) to ${r.to}`)
  const holidays = [...new Set(d.explanation.days.filter((x) => x.kind === "holiday").map((x) => x.holiday?.name))]
  if (holidays.length > 0) out.push(`skipped ${holidays.join(", ")}`)
  for (const x of d.explanation.days.filter((x) => x.kind === "makeUpWorkingDay"))
    out.push(`counted ${x.date}, a make-up working day (${x.reason})`)
  return out
}

// ---------------------------------------------------------------------------------------------
// 1. The year's liaison plan: one contact window per quarter
// ---------------------------------------------------------------------------------------------
// A quarter whose holiday window (10–15 days before Spring Festival, Mid-Autumn, National Day or
// New Year's Day) falls in it is merged with that holiday; the others get the whole quarter.
const yearPlan = orExit(LiaisonYearPlan.make(year, units, calendar))

console.log("1. The year's liaison plan (年度外联计划)")
for (const q of yearPlan.quarters) {
  console.log(`Q${q.quarter}  ${q.opensDate} – ${q.dueDate}  ${q.kind === "holiday" ? "holiday" : "quarter"}`)
  console.log(`    ${q.reason.en}`)
  console.log(`    ${q.reason["zh-CN"]}`)
  for (const line of whatMoved(q.window)) console.log(`    ↳ ${line}`)
}
console.log(`${yearPlan.contacts.length} contacts: every unit once in every quarter.`)
console.log(
  `P2 holiday campaigns this year: ${yearPlan.campaigns
    .map((c) => `${c.holiday.name} (contacts ${c.contact.opensDate} – ${c.contact.dueDate})`)
    .join("; ")}`
)
// The data ends on 2026-12-31: the plan says what it cannot know yet (a holiday early in 2027).
for (const note of yearPlan.unknown) console.log(`Unknown: ${note.en}`)

// ---------------------------------------------------------------------------------------------
// 2. Each quarter's visit, planned with the catalog's procedure
// ---------------------------------------------------------------------------------------------
// The visit day is the host's choice. Here: merged with a holiday, the window's first day (the
// whole window stays free for appointments); a plain quarter, 10 working days into it (after the
// quarter's plan and a week for the approval).
const visitDay = (q: LiaisonYearPlan.QuarterWindow): LocalDate.LocalDate =>
  q.kind === "holiday" ? q.opensDate : orExit(BusinessCalendar.addWorkingDays(calendar, q.opensDate, 10))

console.log("\n2. Each quarter's visit, planned with the government-liaison procedure")
const quarterPlans: Array<Plan.Plan> = []
for (const q of yearPlan.quarters) {
  const visit = visitDay(q)
  const plan = orExit(
    Plan.make(
      ProcedureCatalog.governmentLiaison,
      { engagementId: `${year}-Q${q.quarter}`, eventStart: visit },
      calendar
    )
  )
  quarterPlans.push(plan)
  // How the visit day itself was reached: the days off and make-up days between the window's
  // opening and the visit.
  const between = orExit(BusinessCalendar.notableDaysBetween(calendar, q.opensDate, visit))
  const notes = between.filter((d) => d.kind === "holiday" || d.kind === "makeUpWorkingDay").map((d) => d.reason)
  console.log(
    `\nQ${q.quarter}: visit on ${visit} (${LocalDate.weekday(visit) <= 5 ? "weekday" : "weekend"})` +
      (notes.length > 0 ? `; on the way: ${[...new Set(notes)].join("; ")}` : "")
  )
  for (const task of plan.tasks) {
    const d = task.deadline!
    const when = d.opensDate !== undefined && d.opensDate !== d.dueDate ? `${d.opensDate} – ${d.dueDate}` : d.dueDate
    console.log(`  ${when.padEnd(23)} ${`${task.name.en} / ${task.name["zh-CN"]}`.padEnd(24)} ${task.ownerRole}`)
    for (const line of whatMoved(d)) console.log(`  ${"".padEnd(23)}   ↳ ${line}`)
  }
  for (const warning of plan.warnings) console.log(`  warning: ${warning}`)
}

// ---------------------------------------------------------------------------------------------
// 3. The picture: the four quarters in one Gantt chart
// ---------------------------------------------------------------------------------------------
// One section per quarter; the calendar's days off are Mermaid `excludes`, make-up working days
// `includes`. Paste the text into a ```mermaid block in Markdown (GitHub draws it).
const chart = orExit(Gantt.mermaid(quarterPlans, calendar, { labels: "both", title: `Government liaison ${year}` }))
if (options.svg !== undefined) {
  writeFileSync(options.svg, orExit(Timeline.svg(quarterPlans, calendar, { title: `Government liaison ${year}` })))
  console.log(`\nSVG timeline written to ${options.svg}`)
}
if (options.mermaid !== undefined) {
  writeFileSync(options.mermaid, chart)
  console.log(`Mermaid chart written to ${options.mermaid}`)
} else {
  console.log(`\n3. The year as a Mermaid Gantt chart:\n\n${chart}`)
}
