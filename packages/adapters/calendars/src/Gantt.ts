/**
 * Mermaid Gantt charts of plans (甘特图): tasks by owner, windows as bars, deadlines as milestones, days off excluded.
 *
 * {@link mermaid} writes the text of a Mermaid `gantt` diagram, which GitHub, GitLab and most
 * documentation tools draw where a Markdown file has a ```` ```mermaid ```` block. Windows are bars
 * from the day they open to the day they are due (`inclusiveEndDates`); point deadlines are
 * milestones on their due day; tasks already missed when the plan was made are `crit`. The
 * calendar's days off in the chart's range are Mermaid `excludes` (its weekend days by name, each
 * other day off by date) and its working weekend days (make-up working days, 调休) are `includes`,
 * so the days Mermaid shades are exactly the calendar's non-working days. A first section names
 * the event, the holiday breaks and the make-up working days.
 *
 * Texts are escaped for Mermaid's Gantt grammar: `#`, `:`, `;` and `%` would end a task's name or
 * start a comment, so they are written as Mermaid entity codes (`#58;` for `:`), which Mermaid
 * shows as the character; a name that begins like a keyword (`title`, `section`, `click`, a date)
 * has its first character written the same way; line breaks become spaces.
 *
 * @since 0.1.0
 */
import { type BusinessCalendar, LocalDate, type Plan } from "@liaison/core"
import * as Either from "effect/Either"
import * as PlanPicture from "./PlanPicture.js"

/** Characters Mermaid's Gantt lexer gives a meaning inside a line, and HTML's specials. */
const SPECIAL = /[#:;%<>&"`]/g
/** Words Mermaid's Gantt lexer reads as a statement when a line begins with them (case-insensitive). */
const KEYWORD_START =
  /^(gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|accdescription|accdescr|acctitle|section|click|href|call|displaymode|\d{4}-\d\d-\d\d)/i

const entity = (c: string) => `#${c.codePointAt(0)};`

/** Control characters, line and paragraph separators become spaces: Mermaid reads line by line. */
const oneLine = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replace(/\s+/g, " ")
    .trim()

/**
 * Writes a text so that Mermaid's Gantt grammar reads it as one task name, section or title: on
 * one line, without `#`, `:`, `;` or `%`, and not beginning like a keyword. Mermaid shows the
 * original characters.
 *
 * @since 0.1.0
 * @category utils
 */
export const escapeText = (text: string): string => {
  const line = oneLine(text)
  if (line === "") return "(no name)"
  const escaped = line.replace(SPECIAL, entity)
  return KEYWORD_START.test(escaped) ? entity(escaped[0]!) + escaped.slice(1) : escaped
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const

const word = (labels: PlanPicture.Labels, en: string, zh: string) => PlanPicture.text({ en, "zh-CN": zh }, labels)

/**
 * The Mermaid text of a picture made by {@link PlanPicture.make}.
 *
 * @since 0.1.0
 * @category rendering
 */
export const fromPicture = (picture: PlanPicture.Picture): string => {
  const { labels } = picture
  const weekend = new Set<number>(picture.calendar.weekendDays)
  // Days off that are not weekend days by their weekday, and weekend days that are worked.
  const offDates: Array<string> = []
  const workedWeekendDates: Array<string> = []
  for (const day of picture.days) {
    const onWeekend = weekend.has(LocalDate.weekday(day.date))
    if (!day.working && !onWeekend) offDates.push(day.date)
    if (day.working && onWeekend) workedWeekendDates.push(day.date)
  }
  const excludes = [...[...weekend].sort().map((w) => WEEKDAYS[w - 1]!), ...offDates]
  const lines: Array<string> = [
    "gantt",
    `    title ${escapeText(picture.title)}`,
    "    dateFormat YYYY-MM-DD",
    "    axisFormat %m-%d",
    "    inclusiveEndDates",
    "    todayMarker off"
  ]
  if (excludes.length > 0) lines.push(`    excludes ${excludes.join(", ")}`)
  if (workedWeekendDates.length > 0) lines.push(`    includes ${workedWeekendDates.join(", ")}`)
  lines.push(
    `    %% ${oneLine(
      `calendar ${picture.calendar.id} (data ${picture.calendar.version}, ${picture.calendar.timeZone}): ` +
        `excluded days are its days off from ${picture.from} to ${picture.to}` +
        (picture.provisional ? "; some dates rest on days beyond its data (provisional)" : "")
    )}`
  )
  lines.push(`    section ${escapeText(word(labels, "Calendar", "日历"))}`)
  picture.events.forEach((e, i) => {
    lines.push(`    ${escapeText(e.name)} :active, e${i + 1}, ${e.from}, ${e.to}`)
  })
  picture.holidays.forEach((h, i) => {
    lines.push(`    ${escapeText(h.name)} :h${i + 1}, ${h.from}, ${h.to}`)
  })
  picture.makeUpDays.forEach((m, i) => {
    lines.push(
      `    ${escapeText(`${word(labels, "Make-up working day", "调休上班")} (${m.name})`)} :milestone, m${i + 1}, ${m.date}, ${m.date}`
    )
  })
  let n = 0
  for (const section of picture.sections) {
    lines.push(`    section ${escapeText(section.name)}`)
    for (const row of section.rows) {
      n++
      const name = row.provisional ? `${row.name} (${word(labels, "provisional", "暂定")})` : row.name
      if (row.kind === "unscheduled" || row.due === undefined) {
        lines.push(`    %% ${oneLine(`${word(labels, "unscheduled", "未排期")}: ${row.name}: ${row.note}`)}`)
        continue
      }
      const tags = [...(row.missed ? ["crit"] : []), ...(row.kind === "point" ? ["milestone"] : [])]
      const start = row.kind === "window" ? row.opens! : row.due
      lines.push(`    ${escapeText(name)} :${tags.map((t) => `${t}, `).join("")}t${n}, ${start}, ${row.due}`)
    }
  }
  return `${lines.join("\n")}\n`
}

/**
 * A Mermaid Gantt chart of one plan or several, on the calendar they were made on.
 *
 * @example
 * import { OfficialCalendars, Plan, ProcedureCatalog } from "@liaison/core"
 * import { Gantt } from "@liaison/calendars"
 * import * as Either from "effect/Either"
 *
 * const calendar = OfficialCalendars.cnMainland
 * const plan = Either.getOrThrow(
 *   Plan.make(ProcedureCatalog.clientReceptionStandard, { engagementId: "visit-1", eventStart: "2026-02-24" }, calendar)
 * )
 * const chart = Gantt.mermaid(plan, calendar, { labels: "both" }) // Right("gantt\n    title …")
 *
 * @since 0.1.0
 * @category rendering
 */
export const mermaid = (
  plans: Plan.Plan | ReadonlyArray<Plan.Plan>,
  calendar: BusinessCalendar.BusinessCalendar,
  options?: PlanPicture.Options
): Either.Either<string, PlanPicture.PictureError> =>
  Either.map(PlanPicture.make(plans, calendar, options), fromPicture)
