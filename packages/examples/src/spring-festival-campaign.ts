/**
 * A Spring Festival relations campaign (春节公关): greetings and visits to key clients and liaison
 * units before the 2026 break, under the catalog's major-holiday relations procedure (重大节日公关,
 * seed 000 §2, `holiday-relations`), and what liaison says about a campaign in 2027.
 *
 * The seeds ask for the visits 10–15 days before the holiday (节假日前10-15天运作) and for the
 * procedure's contacts 1–2 weeks before it, with approval and funds before them. This script:
 *
 *   1. finds the 2026 break in the official calendar (15–23 February; New Year's Day is the 17th);
 *   2. evaluates the 10–15-day visit window and spreads the key-client visits over its working days;
 *   3. plans the procedure: every step with its window or due date, each end on a working day;
 *   4. asks the same for Spring Festival 2027, which the calendar's data (2004–2026) does not
 *      cover: refused with a typed error by default, answered provisionally only when asked;
 *   5. draws the 2026 campaign as a Mermaid Gantt chart (and an SVG timeline).
 *
 * Run it from the repository root: `npm run example:spring-festival-campaign --workspace @liaison/examples`
 * (add `-- --mermaid chart.mmd` for options). Options:
 *   --mermaid <file>  write the Mermaid chart there (default: print it at the end)
 *   --svg <file>      write the SVG timeline there
 */
import { writeFileSync } from "node:fs"
import { parseArgs } from "node:util"
import { Gantt, Timeline } from "@liaison/calendars"
import { BusinessCalendar, Deadline, LocalDate, OfficialCalendars, Plan, ProcedureCatalog } from "@liaison/core"
import * as Either from "effect/Either"

const { values: options } = parseArgs({ options: { mermaid: { type: "string" }, svg: { type: "string" } } })

/** Stops the script with the error's message (a starter script; a service would return the error). */
const orExit = <A, E extends { readonly message: string }>(result: Either.Either<A, E>): A => {
  if (Either.isRight(result)) return result.right
  console.error(result.left.message)
  return process.exit(1)
}

const calendar = OfficialCalendars.cnMainland
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const
/** "2026-02-02 Mon (working day)", as the calendar says. */
const describe = (date: LocalDate.LocalDate): string => {
  const info = orExit(BusinessCalendar.dayInfo(calendar, date))
  return `${date} ${WEEKDAYS[LocalDate.weekday(date) - 1]} (${info.working ? "working day" : info.reason})`
}

console.log("Spring Festival relations campaign (春节公关)")
console.log(`Calendar ${calendar.id}, data ${calendar.data.version}\n`)

// ---------------------------------------------------------------------------------------------
// 1. The break, from the calendar's data (never guessed)
// ---------------------------------------------------------------------------------------------
const breaks = BusinessCalendar.holidayBlocks(calendar, "春节") // by its Chinese or English name
const festival = breaks.find((b) => b.from.startsWith("2026"))!
console.log(`1. Spring Festival 2026: the break is ${festival.from} – ${festival.to} (${festival.nameZh})`)
const makeUp = calendar.data.makeUpWorkingDays.filter(
  (m) => m.compensates === "Spring Festival" && m.date.startsWith("2026")
)
console.log(`   make-up working days (调休上班): ${makeUp.map((m) => describe(m.date)).join(", ")}\n`)

// ---------------------------------------------------------------------------------------------
// 2. The key-client visits: 10–15 days before the break
// ---------------------------------------------------------------------------------------------
// A rule is data: "from 15 to 10 calendar days before Spring Festival". Each end that lands on a
// day off rolls inward, so the window only shrinks and opens and closes on working days.
const visitWindow = Deadline.window(
  Deadline.holiday("Spring Festival"),
  Deadline.before(15, "calendarDays"),
  Deadline.before(10, "calendarDays"),
  { id: "key-client-visits", label: { en: "Key-client visits", "zh-CN": "重点客户走访" } }
)
const visits = orExit(Deadline.evaluate(visitWindow, { calendar, eventStart: "2026-02-17" }))
console.log("2. Key-client visits, 10–15 days before the break")
console.log(`   opens ${describe(visits.opensDate!)}`)
console.log(`   due   ${describe(visits.dueDate)}`)
console.log(`   ${visits.explanation.sentence.en}`)
console.log(`   ${visits.explanation.sentence["zh-CN"]}`)

// Spread the visits over the window's working days, one client a day, in order of importance.
const keyClients = ["杭州湖畔家具有限公司", "宁波海景酒店集团", "苏州园林设计院", "上海申城建材"]
const workingDays: Array<LocalDate.LocalDate> = []
for (let d = visits.opensDate!; d <= visits.dueDate; d = LocalDate.unsafeAddDays(d, 1)) {
  if (orExit(BusinessCalendar.isWorkingDay(calendar, d))) workingDays.push(d)
}
console.log(`   ${workingDays.length} working days: ${workingDays.join(", ")}`)
keyClients.forEach((client, i) => {
  const day = workingDays[i % workingDays.length]!
  console.log(`   visit ${client} on ${describe(day)}`)
})

// ---------------------------------------------------------------------------------------------
// 3. The procedure: plan, approval, funds, contacts, report, ledger, reimbursement
// ---------------------------------------------------------------------------------------------
// The procedure's event is the holiday itself (T = the break's first day).
const campaign = orExit(
  Plan.make(
    ProcedureCatalog.holidayRelations,
    { engagementId: "spring-festival-2026", eventStart: festival.from },
    calendar
  )
)
console.log(`\n3. The campaign's plan (${campaign.procedure.name.en} / ${campaign.procedure.name["zh-CN"]})`)
for (const task of campaign.tasks) {
  const d = task.deadline!
  const name = `${task.name.en} / ${task.name["zh-CN"]}`
  if (d.opensDate !== undefined && d.opensDate !== d.dueDate) {
    console.log(`   window    ${name}: opens ${describe(d.opensDate)}, due ${describe(d.dueDate)}`)
  } else {
    console.log(`   deadline  ${name}: ${describe(d.dueDate)}`)
  }
  for (const roll of d.explanation.rolls) {
    console.log(`             ↳ ${roll.end} moved from ${roll.from} (${roll.reason}) to ${roll.to}`)
  }
}
for (const warning of campaign.warnings) console.log(`   warning: ${warning}`)

// ---------------------------------------------------------------------------------------------
// 4. Spring Festival 2027: beyond the calendar's data
// ---------------------------------------------------------------------------------------------
// The official data ends on 2026-12-31 until the host app loads the State Council's 2027 notice
// (BusinessCalendar.loadNotice). liaison does not guess the break.
console.log("\n4. Spring Festival 2027 (the calendar's data covers 2004–2026)")
const visits2027 = Deadline.evaluate(visitWindow, { calendar, eventStart: "2027-02-06" })
if (Either.isLeft(visits2027)) {
  const error = visits2027.left
  console.log(`   key-client visits: refused, ${error._tag}${"reason" in error ? ` ${error.reason}` : ""}`)
  console.log(`   ${error.message}`)
}
// Even opted in, a rule hung on the holiday stays refused: "no holidays" is exactly the wrong
// assumption for Spring Festival.
const provisionalVisits = Deadline.evaluate(visitWindow, {
  calendar,
  eventStart: "2027-02-06",
  beyondCoverage: "provisional"
})
console.log(
  `   opted in to provisional answers: ${Either.isLeft(provisionalVisits) ? `still refused (${provisionalVisits.left._tag})` : "answered"}`
)

// The procedure for a campaign whose date the host gives (Lunar New Year 2027 is 6 February):
// by default every step is kept unscheduled, with the reason.
const campaign2027 = orExit(
  Plan.make(
    ProcedureCatalog.holidayRelations,
    { engagementId: "spring-festival-2027", eventStart: "2027-02-06" },
    calendar
  )
)
const unscheduled = campaign2027.tasks.filter((t) => t.deadline === undefined)
console.log(`   campaign plan: ${unscheduled.length} of ${campaign2027.tasks.length} steps unscheduled`)
console.log(`   ${unscheduled[0]?.stepId}: ${unscheduled[0]?.unscheduled}`)

// Asked for a provisional plan, it answers from weekends alone, and says so on every date.
const provisional2027 = orExit(
  Plan.make(
    ProcedureCatalog.holidayRelations,
    { engagementId: "spring-festival-2027", eventStart: "2027-02-06", beyondCoverage: "provisional" },
    calendar
  )
)
console.log(`   provisional plan (provisional: ${provisional2027.provisional}):`)
for (const task of provisional2027.tasks) {
  const d = task.deadline!
  const when = d.opensDate !== undefined && d.opensDate !== d.dueDate ? `${d.opensDate} – ${d.dueDate}` : d.dueDate
  console.log(`     ${when.padEnd(23)} ${task.stepId}${d.provisional ? " (provisional)" : ""}`)
}
console.log(`   assumption: ${provisional2027.tasks[0]?.deadline?.explanation.assumptions[0]}`)

// ---------------------------------------------------------------------------------------------
// 5. The picture of the 2026 campaign
// ---------------------------------------------------------------------------------------------
const chart = orExit(Gantt.mermaid(campaign, calendar, { labels: "both" }))
if (options.svg !== undefined) {
  writeFileSync(options.svg, orExit(Timeline.svg(campaign, calendar, { labels: "both" })))
  console.log(`\nSVG timeline written to ${options.svg}`)
}
if (options.mermaid !== undefined) {
  writeFileSync(options.mermaid, chart)
  console.log(`Mermaid chart written to ${options.mermaid}`)
} else {
  console.log(`\n5. The 2026 campaign as a Mermaid Gantt chart:\n\n${chart}`)
}
