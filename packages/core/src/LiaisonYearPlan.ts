/**
 * The yearly liaison plan (年度外联计划): every unit contacted once a quarter, merged with a holiday where one allows.
 *
 * P1 asks that each liaison unit be contacted or visited once per quarter and, where possible,
 * that the contact be merged with a holiday, 10–15 days before it (原则上每季度联络或拜访一次；充分
 * 利用节假日合并公关，一般在节假日前10-15天运作). P2 adds the yearly holiday-relations campaigns
 * (Spring Festival mainly; New Year's Day, Christmas, Mid-Autumn).
 *
 * A quarter's contact merges with a holiday whose 10–15-day window falls due in that quarter: the
 * 2026 Q1 contact is 10–15 days before Spring Festival (2026-02-02 – 2026-02-05), Q3's before
 * Mid-Autumn. A quarter with no such holiday gets the whole quarter. The window decides the
 * quarter, not the holiday: National Day on 1 October is prepared in late September, which is Q3
 * work, and New Year's Day of the next year is prepared in December, which is Q4 work. So each
 * quarter has exactly one contact, inside it.
 *
 * Holiday dates come from the calendar's data only. Where the data end before a quarter's
 * holidays could be known (the next year's New Year's Day, for Q4), the plan says so rather than
 * guessing, and a year beyond the coverage is refused unless a provisional plan is asked for.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as BusinessCalendar from "./BusinessCalendar.js"
import * as Deadline from "./Deadline.js"
import * as LocalDate from "./LocalDate.js"
import * as Plan from "./Plan.js"
import * as ProcedureCatalog from "./ProcedureCatalog.js"
import * as Roster from "./Roster.js"

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/**
 * A unit to keep in touch with (外联单位): a government body or organisation.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LiaisonUnit = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  name: Schema.NonEmptyTrimmedString,
  category: Schema.optionalWith(Roster.Category, { exact: true })
}).annotations({ identifier: "LiaisonUnit" })

/**
 * @since 0.1.0
 * @category models
 */
export type LiaisonUnit = typeof LiaisonUnit.Type

/**
 * A holiday a P2 campaign is run for: one the calendar names (its dates come from the calendar's
 * data), or one on a fixed date every year that the official calendar does not name (Christmas).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CampaignHoliday = Schema.Union(
  Schema.Struct({ name: Schema.NonEmptyTrimmedString }),
  Schema.Struct({
    name: Schema.NonEmptyTrimmedString,
    nameZh: Schema.NonEmptyTrimmedString,
    monthDay: Schema.String.pipe(
      Schema.pattern(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: () => "expected MM-DD" })
    )
  })
).annotations({ identifier: "CampaignHoliday" })

/**
 * @since 0.1.0
 * @category models
 */
export type CampaignHoliday = typeof CampaignHoliday.Type

/**
 * The holidays a P1 contact may merge with, in order of preference when two fall in one quarter
 * (Q3 has Mid-Autumn and National Day): Spring Festival first (P2: 以春节为主), then Mid-Autumn,
 * the festival of gifts that P2 names, then National Day and New Year's Day. Names as the China
 * calendar writes them.
 *
 * @since 0.1.0
 * @category constants
 */
export const p1Holidays: ReadonlyArray<string> = [
  "Spring Festival",
  "Mid-autumn Festival",
  "National Day",
  "New Year's Day"
]

/**
 * P2's holidays: Spring Festival (the main one), New Year's Day, Christmas (25 December, which
 * the official calendar does not name) and Mid-Autumn.
 *
 * @since 0.1.0
 * @category constants
 */
export const p2Holidays: ReadonlyArray<CampaignHoliday> = [
  { name: "Spring Festival" },
  { name: "New Year's Day" },
  { name: "Christmas", nameZh: "圣诞节", monthDay: "12-25" },
  { name: "Mid-autumn Festival" }
]

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Holidays a quarter's contact may merge with, most preferred first. Default {@link p1Holidays}. */
  readonly holidays?: ReadonlyArray<string>
  /** P2 campaigns; the first is the main one. Default {@link p2Holidays}. */
  readonly campaigns?: ReadonlyArray<CampaignHoliday>
  /** Refuse (default) or plan provisionally a year beyond the calendar's coverage. */
  readonly beyondCoverage?: "fail" | "provisional"
}

/**
 * P1's contact rule for a holiday: every quarter, from 15 to 10 days before the break of that
 * name that starts in the quarter, each end rolled inward onto a working day.
 *
 * @since 0.1.0
 * @category rules
 */
export const contactRule = (holiday: string): Deadline.Rule => ({
  _tag: "Recurring",
  id: "government-liaison/contact",
  label: { en: "Contact (merged with a holiday)", "zh-CN": "联络（节前合并公关）" },
  every: "quarter",
  rule: Deadline.window(
    Deadline.holiday(holiday, { which: "inPeriod" }),
    Deadline.before(15, "calendarDays"),
    Deadline.before(10, "calendarDays")
  )
})

/**
 * P1's contact rule for a quarter without a holiday: any working day of the quarter.
 *
 * @since 0.1.0
 * @category rules
 */
export const quarterRule: Deadline.Rule = {
  _tag: "During",
  id: "government-liaison/contact",
  label: { en: "Contact (once this quarter)", "zh-CN": "联络（本季度一次）" },
  period: "quarter"
}

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

/**
 * A holiday break as the calendar gives it.
 *
 * @since 0.1.0
 * @category models
 */
export interface HolidayBreak {
  readonly name: string
  readonly nameZh: string
  readonly from: LocalDate.LocalDate
  readonly to: LocalDate.LocalDate
}

/**
 * The contact window of one quarter, the same for every unit.
 *
 * @since 0.1.0
 * @category models
 */
export interface QuarterWindow {
  readonly year: number
  readonly quarter: 1 | 2 | 3 | 4
  /** `holiday`: merged with {@link holiday}; `quarter`: any working day of the quarter. */
  readonly kind: "holiday" | "quarter"
  readonly holiday: HolidayBreak | undefined
  /** Other holidays whose windows fall in this quarter too, with their own windows. */
  readonly alsoInQuarter: ReadonlyArray<
    HolidayBreak & { readonly opensDate: LocalDate.LocalDate; readonly dueDate: LocalDate.LocalDate }
  >
  readonly opensDate: LocalDate.LocalDate
  readonly dueDate: LocalDate.LocalDate
  readonly provisional: boolean
  /** The evaluated window, with the deadline engine's explanation. */
  readonly window: Deadline.Evaluation
  /** Why the window is where it is. */
  readonly reason: Deadline.Text
  /** What the calendar's data cannot tell about this quarter. */
  readonly unknown: ReadonlyArray<Deadline.Text>
}

/**
 * One unit's contact in one quarter.
 *
 * @since 0.1.0
 * @category models
 */
export interface Contact {
  /** `YYYY-Qn/<unit id>`. */
  readonly id: string
  readonly unit: LiaisonUnit
  readonly quarter: 1 | 2 | 3 | 4
  readonly window: QuarterWindow
}

/**
 * A P2 holiday-relations campaign: the procedure planned for one holiday.
 *
 * @since 0.1.0
 * @category models
 */
export interface Campaign {
  /** `holiday-relations/<holiday>/<first day>`. */
  readonly id: string
  readonly holiday: HolidayBreak & { readonly fixedDate: boolean }
  /** The main holiday of P2 (Spring Festival, 以春节为主). */
  readonly main: boolean
  /** The contacts' window: 1–2 weeks before the holiday. */
  readonly contact: { readonly opensDate: LocalDate.LocalDate; readonly dueDate: LocalDate.LocalDate }
  readonly plan: Plan.Plan
}

/**
 * A year's liaison plan.
 *
 * @since 0.1.0
 * @category models
 */
export interface YearPlan {
  readonly year: number
  readonly calendar: { readonly id: string; readonly version: string }
  readonly provisional: boolean
  readonly quarters: ReadonlyArray<QuarterWindow>
  /** Every unit in every quarter, by quarter then in the order the units were given. */
  readonly contacts: ReadonlyArray<Contact>
  /** P2 campaigns whose contacts fall due in the year, by date. */
  readonly campaigns: ReadonlyArray<Campaign>
  /** Everything the calendar's data cannot tell yet. */
  readonly unknown: ReadonlyArray<Deadline.Text>
}

/**
 * @since 0.1.0
 * @category errors
 */
export type YearPlanError = Deadline.EvaluationError | Plan.PlanError

// ---------------------------------------------------------------------------------------------
// Making it
// ---------------------------------------------------------------------------------------------

const yearText = (y: number) => String(y).padStart(4, "0")
const dayOf = (y: number, m: number, d: number) => LocalDate.epochDayOf(y, m, d)
const dateOf = (day: number) => LocalDate.fromEpochDay(day)

/** A holiday's names as the calendar writes them; the name as given when it does not know it. */
const namesOf = (calendar: BusinessCalendar.BusinessCalendar, name: string): { en: string; "zh-CN": string } => {
  const wanted = name.trim().toLowerCase()
  const h = calendar.data.holidays.find((h) => h.name.toLowerCase() === wanted || h.nameZh?.toLowerCase() === wanted)
  return h ? { en: h.name, "zh-CN": h.nameZh ?? h.name } : { en: name, "zh-CN": name }
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9\u4e00-\u9fff]+/g, "-")
    .replace(/^-|-$/g, "")

/** Breaks of a holiday starting between two days (both included). */
const breaksBetween = (
  calendar: BusinessCalendar.BusinessCalendar,
  name: string,
  from: number,
  to: number
): ReadonlyArray<HolidayBreak> =>
  BusinessCalendar.holidayBlocks(calendar, name)
    .filter((b) => {
      const day = LocalDate.toEpochDay(b.from)
      return day >= from && day <= to
    })
    .map((b) => ({ name: b.name, nameZh: b.nameZh ?? b.name, from: b.from, to: b.to }))

const orList = (names: ReadonlyArray<string>) =>
  names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`

const range = (b: HolidayBreak) => (b.from === b.to ? b.from : `${b.from} – ${b.to}`)
const rangeZh = (b: HolidayBreak) => (b.from === b.to ? b.from : `${b.from}至${b.to}`)

/**
 * What the data cannot tell about holidays starting in [from, to]: the part beyond the coverage,
 * if any, as a sentence about what it could change.
 */
const unknownHolidays = (
  calendar: BusinessCalendar.BusinessCalendar,
  from: number,
  to: number,
  consequence: Deadline.Text
): ReadonlyArray<Deadline.Text> => {
  const cov = calendar.data.coverage
  const covFrom = LocalDate.toEpochDay(cov.from)
  const covTo = LocalDate.toEpochDay(cov.to)
  const out: Array<Deadline.Text> = []
  const data = `calendar ${calendar.id}'s data (${calendar.data.version}, ${cov.from} – ${cov.to})`
  const dataZh = `日历 ${calendar.id} 的数据（${calendar.data.version}，${cov.from}至${cov.to}）`
  if (to > covTo) {
    const first = Math.max(from, covTo + 1)
    const years = [...new Set([dateOf(first).slice(0, 4), dateOf(to).slice(0, 4)])]
    out.push({
      en: `holidays starting ${dateOf(first)} – ${dateOf(to)} are not in ${data}: ${consequence.en}; load the ${years.join(" and ")} holiday notice${years.length > 1 ? "s" : ""} and plan again`,
      "zh-CN": `${dateOf(first)}至${dateOf(to)}开始的节假日不在${dataZh}内：${consequence["zh-CN"]}；请载入${years.join("、")}年节假日安排通知后重新编制`
    })
  }
  if (from < covFrom) {
    const last = Math.min(to, covFrom - 1)
    out.push({
      en: `holidays starting ${dateOf(from)} – ${dateOf(last)} are not in ${data}: ${consequence.en}`,
      "zh-CN": `${dateOf(from)}至${dateOf(last)}开始的节假日不在${dataZh}内：${consequence["zh-CN"]}`
    })
  }
  return out
}

const quarterOf = (date: LocalDate.LocalDate) =>
  (Math.floor((LocalDate.parts(date).month - 1) / 3) + 1) as 1 | 2 | 3 | 4

interface Candidate {
  readonly holiday: HolidayBreak
  readonly preference: number
  readonly window: Deadline.Evaluation
}

/**
 * The liaison plan of a year for a list of units: one contact window per quarter (P1), and the
 * P2 holiday-relations campaigns whose contacts fall due in the year, each planned with the
 * catalog's procedure. A year beyond the calendar's coverage fails with `OutsideCoverage` unless
 * `beyondCoverage: "provisional"`; then windows count only weekends as days off, no holiday can
 * be merged with, and the plan says so.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  year: number,
  units: ReadonlyArray<LiaisonUnit>,
  calendar: BusinessCalendar.BusinessCalendar,
  options?: Options
): Either.Either<YearPlan, YearPlanError> => {
  if (!Number.isInteger(year) || year < 1 || year > 9998) {
    return Either.left(
      new BusinessCalendar.InvalidArgument({ argument: "year", message: `year: expected 1–9998, got ${year}` })
    )
  }
  const seen = new Set<string>()
  for (const unit of units) {
    if (seen.has(unit.id)) {
      return Either.left(
        new BusinessCalendar.InvalidArgument({ argument: "units", message: `units: unit id ${unit.id} given twice` })
      )
    }
    seen.add(unit.id)
  }
  const provisionalAsked = options?.beyondCoverage === "provisional"
  const cov = calendar.data.coverage
  const covFrom = LocalDate.toEpochDay(cov.from)
  const covTo = LocalDate.toEpochDay(cov.to)
  const y0 = dayOf(year, 1, 1)
  const y1 = dayOf(year, 12, 31)
  if ((y0 < covFrom || y1 > covTo) && !provisionalAsked) {
    return Either.left(
      new BusinessCalendar.OutsideCoverage({
        calendarId: calendar.id,
        version: calendar.data.version,
        date: dateOf(y0 < covFrom ? y0 : Math.max(y0, covTo + 1)),
        coverageFrom: cov.from,
        coverageTo: cov.to
      })
    )
  }
  const context = (eventStart: string): Deadline.Context => ({
    calendar,
    eventStart,
    ...(provisionalAsked ? { beyondCoverage: "provisional" as const } : {})
  })

  // P1: every break of a candidate holiday whose window can fall due in the year.
  const preferred = options?.holidays ?? p1Holidays
  const candidates: Array<Candidate> = []
  const skipped: Array<Deadline.Text> = []
  for (const [preference, name] of preferred.entries()) {
    for (const holiday of breaksBetween(calendar, name, y0, dayOf(year + 1, 1, 31))) {
      const evaluated = Deadline.evaluate(contactRule(name), context(holiday.from))
      if (Either.isLeft(evaluated)) {
        if (evaluated.left._tag !== "OutsideCoverage") return Either.left(evaluated.left)
        skipped.push({
          en: `${holiday.name} (${range(holiday)}): its 10–15-day window reaches beyond the calendar's data`,
          "zh-CN": `${holiday.nameZh}（${rangeZh(holiday)}）：节前10-15天超出日历数据范围`
        })
        continue
      }
      if (evaluated.right.dueDate.slice(0, 4) !== yearText(year)) continue
      candidates.push({ holiday, preference, window: evaluated.right })
    }
  }

  const names = preferred.map((n) => namesOf(calendar, n))
  const quarters: Array<QuarterWindow> = []
  for (const quarter of [1, 2, 3, 4] as const) {
    const q0 = dayOf(year, quarter * 3 - 2, 1)
    const q1 = dayOf(year, quarter * 3, LocalDate.daysInMonth(year, quarter * 3))
    const here = candidates
      .filter((c) => quarterOf(c.window.dueDate) === quarter)
      .sort((a, b) => a.preference - b.preference || a.window.dueMillis - b.window.dueMillis)
    // A holiday starting within 10 days after a day of the quarter could put its window here.
    const unknown = unknownHolidays(calendar, q0 + 10, q1 + 10, {
      en: "if one falls there, this quarter's contact moves to 10–15 days before it",
      "zh-CN": "如有，本季度联络应改在其节前10-15天"
    })
    const chosen = here[0]
    if (chosen !== undefined) {
      const also = here.slice(1)
      const alsoEn = also
        .map(
          (c) =>
            `; ${c.holiday.name} (${c.holiday.from}) has its window in this quarter too (${c.window.opensDate} – ${c.window.dueDate})`
        )
        .join("")
      const alsoZh = also
        .map(
          (c) =>
            `；${c.holiday.nameZh}（${c.holiday.from}）节前窗口${c.window.opensDate}至${c.window.dueDate}亦在本季度`
        )
        .join("")
      quarters.push({
        year,
        quarter,
        kind: "holiday",
        holiday: chosen.holiday,
        alsoInQuarter: also.map((c) => ({ ...c.holiday, opensDate: c.window.opensDate!, dueDate: c.window.dueDate })),
        opensDate: chosen.window.opensDate!,
        dueDate: chosen.window.dueDate,
        provisional: chosen.window.provisional,
        window: chosen.window,
        reason: {
          en: `merged with ${chosen.holiday.name} (${range(chosen.holiday)}): contact 10–15 days before it${alsoEn}`,
          "zh-CN": `与${chosen.holiday.nameZh}（${rangeZh(chosen.holiday)}）合并公关：节前10-15天联络${alsoZh}`
        },
        unknown
      })
      continue
    }
    const evaluated = Deadline.evaluate(quarterRule, context(dateOf(q0)))
    if (Either.isLeft(evaluated)) return Either.left(evaluated.left)
    const window = evaluated.right
    quarters.push({
      year,
      quarter,
      kind: "quarter",
      holiday: undefined,
      alsoInQuarter: [],
      opensDate: window.opensDate ?? window.dueDate,
      dueDate: window.dueDate,
      provisional: window.provisional,
      window,
      reason:
        unknown.length > 0
          ? {
              en: "no holiday the calendar knows has its 10–15-day window in this quarter (see unknown): contact on any working day of it",
              "zh-CN": "日历数据中本季度无可合并的节假日（见未知项）：季度内任一工作日联络"
            }
          : {
              en: `no holiday (${orList(names.map((n) => n.en))}) has its 10–15-day window in this quarter: contact on any working day of it`,
              "zh-CN": `本季度无可合并的节假日（${names.map((n) => n["zh-CN"]).join("、")}）：季度内任一工作日联络`
            },
      unknown
    })
  }

  const contacts: Array<Contact> = quarters.flatMap((window) =>
    units.map((unit) => ({
      id: `${yearText(year)}-Q${window.quarter}/${unit.id}`,
      unit,
      quarter: window.quarter,
      window
    }))
  )

  // P2: campaigns whose contacts fall due in the year.
  const campaignHolidays = options?.campaigns ?? p2Holidays
  const campaigns: Array<Campaign> = []
  const campaignUnknown: Array<string> = []
  for (const [index, holiday] of campaignHolidays.entries()) {
    const breaks: ReadonlyArray<HolidayBreak & { readonly fixedDate: boolean }> =
      "monthDay" in holiday
        ? [year, year + 1].flatMap((y) => {
            const date = `${yearText(y)}-${holiday.monthDay}`
            return LocalDate.isLocalDate(date)
              ? [{ name: holiday.name, nameZh: holiday.nameZh, from: date, to: date, fixedDate: true }]
              : []
          })
        : breaksBetween(calendar, holiday.name, y0, dayOf(year + 1, 1, 31)).map((b) => ({ ...b, fixedDate: false }))
    if (!("monthDay" in holiday)) campaignUnknown.push(holiday.name)
    for (const b of breaks) {
      const planned = Plan.make(
        ProcedureCatalog.holidayRelations,
        {
          engagementId: `${ProcedureCatalog.holidayRelations.id}/${slug(b.name)}/${b.from}`,
          eventStart: b.from,
          ...(provisionalAsked ? { beyondCoverage: "provisional" as const } : {})
        },
        calendar
      )
      if (Either.isLeft(planned)) {
        const cause = planned.left.cause as { readonly _tag?: string } | undefined
        if (cause?._tag !== "OutsideCoverage" || provisionalAsked) return Either.left(planned.left)
        // Next year's holidays are planned next year; this year's that the data cannot reach are said.
        if (b.from.slice(0, 4) === yearText(year)) {
          skipped.push({
            en: `${b.name} (${range(b)}): its P2 campaign reaches beyond the calendar's data`,
            "zh-CN": `${b.nameZh}（${rangeZh(b)}）：节日公关安排超出日历数据范围`
          })
        }
        continue
      }
      const contact = planned.right.tasks.find((t) => t.stepId === "contact")?.deadline
      if (contact === undefined || contact.dueDate.slice(0, 4) !== yearText(year)) continue
      campaigns.push({
        id: planned.right.engagementId,
        holiday: b,
        main: index === 0,
        contact: { opensDate: contact.opensDate ?? contact.dueDate, dueDate: contact.dueDate },
        plan: planned.right
      })
    }
  }
  campaigns.sort((a, b) => (a.contact.dueDate < b.contact.dueDate ? -1 : a.contact.dueDate > b.contact.dueDate ? 1 : 0))
  // A campaign's contacts are due 1 week before its holiday: breaks starting up to 7 days after
  // the year count, and those the data do not reach are unknown.
  const campaignNotes =
    campaignUnknown.length === 0
      ? []
      : unknownHolidays(calendar, y0 + 7, dayOf(year + 1, 1, 7), {
          en: `a ${orList(campaignUnknown.map((n) => namesOf(calendar, n).en))} break starting there would have its P2 campaign in ${yearText(year)}`,
          "zh-CN": `如有${campaignUnknown.map((n) => namesOf(calendar, n)["zh-CN"]).join("、")}假期在此期间开始，其节日公关应列入${yearText(year)}年`
        })

  const unknown = [...quarters.flatMap((q) => q.unknown), ...skipped, ...campaignNotes]
  return Either.right({
    year,
    calendar: { id: calendar.id, version: calendar.data.version },
    provisional: quarters.some((q) => q.provisional) || campaigns.some((c) => c.plan.provisional),
    quarters,
    contacts,
    campaigns,
    unknown
  })
}

/**
 * The JSON form of a year plan: dates, reasons and what is unknown; explanations on request.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toJson = (plan: YearPlan, options?: { readonly explanations?: boolean }) => ({
  year: plan.year,
  calendar: plan.calendar,
  provisional: plan.provisional,
  quarters: plan.quarters.map((q) => ({
    quarter: q.quarter,
    kind: q.kind,
    ...(q.holiday ? { holiday: q.holiday } : {}),
    ...(q.alsoInQuarter.length > 0 ? { alsoInQuarter: q.alsoInQuarter } : {}),
    opensDate: q.opensDate,
    dueDate: q.dueDate,
    provisional: q.provisional,
    reason: q.reason,
    ...(q.unknown.length > 0 ? { unknown: q.unknown } : {}),
    ...(options?.explanations === true ? { explanation: q.window.explanation.sentence } : {})
  })),
  contacts: plan.contacts.map((c) => ({
    id: c.id,
    unit: c.unit.name,
    quarter: c.quarter,
    opensDate: c.window.opensDate,
    dueDate: c.window.dueDate
  })),
  campaigns: plan.campaigns.map((c) => ({
    id: c.id,
    holiday: c.holiday,
    main: c.main,
    contact: c.contact,
    provisional: c.plan.provisional,
    tasks: c.plan.tasks.map((t) => ({
      step: t.stepId,
      ...(t.deadline?.opensDate !== undefined ? { opensDate: t.deadline.opensDate } : {}),
      dueDate: t.deadline?.dueDate
    }))
  })),
  unknown: plan.unknown
})
