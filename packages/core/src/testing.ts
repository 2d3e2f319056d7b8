/**
 * fast-check arbitraries for property-testing code built on liaison: dates, business calendars
 * (consistent random {@link BusinessCalendar.CalendarData}, with weekends, holiday blocks, make-up
 * working days 调休, half-day holidays, working hours and time zones), and offsets in working days.
 *
 * `fast-check` (4.x) is an optional peer dependency of `@liaison/core`: install it in the host app
 * to use this entry point.
 *
 * @example
 * import fc from "fast-check"
 * import { BusinessCalendar } from "@liaison/core"
 * import * as Arb from "@liaison/core/testing"
 * import * as Either from "effect/Either"
 *
 * // "our reply deadline (3 working days after receipt) never falls on a day off", on any calendar
 * fc.assert(
 *   fc.property(Arb.calendar(), Arb.localDate(), (calendar, received) => {
 *     const due = BusinessCalendar.addWorkingDays(calendar, received, 3, { beyondCoverage: "provisional" })
 *     return Either.isRight(due) && Either.getOrThrow(BusinessCalendar.isWorkingDay(calendar, due.right.value, {
 *       beyondCoverage: "provisional"
 *     })).value
 *   })
 * )
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import fc from "fast-check"
import * as BusinessCalendar from "./BusinessCalendar.js"
import type * as Deadline from "./Deadline.js"
import * as LocalDate from "./LocalDate.js"

const DEFAULT_MIN = "2000-01-01" as LocalDate.LocalDate
const DEFAULT_MAX = "2049-12-31" as LocalDate.LocalDate

const epochDayOrThrow = (argument: string, date: string): number => {
  const day = LocalDate.toEpochDay(date)
  // Arbitraries are built by test code: a bad literal there is a bug in the test, so it throws.
  if (Number.isNaN(day)) throw new RangeError(`${argument}: not a date written YYYY-MM-DD that exists: ${date}`)
  return day
}

/**
 * Options of {@link localDate}: the inclusive range of dates to draw from.
 *
 * @since 0.1.0
 * @category models
 */
export interface LocalDateOptions {
  /** Earliest date (default 2000-01-01). */
  readonly min?: LocalDate.LocalDate
  /** Latest date (default 2049-12-31). */
  readonly max?: LocalDate.LocalDate
}

/**
 * Dates in a range, inclusive (default 2000-01-01 to 2049-12-31). Shrinks towards `min`.
 *
 * @example
 * import fc from "fast-check"
 * import { LocalDate } from "@liaison/core"
 * import * as Arb from "@liaison/core/testing"
 *
 * fc.assert(
 *   fc.property(Arb.localDate({ min: LocalDate.unsafeMake("2026-01-01") }), (date) => date >= "2026-01-01")
 * )
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const localDate = (options: LocalDateOptions = {}): fc.Arbitrary<LocalDate.LocalDate> => {
  const min = epochDayOrThrow("min", options.min ?? DEFAULT_MIN)
  const max = epochDayOrThrow("max", options.max ?? DEFAULT_MAX)
  if (min > max) throw new RangeError(`localDate: min ${options.min} is after max ${options.max}`)
  return fc.integer({ min, max }).map(LocalDate.fromEpochDay)
}

/**
 * Options of {@link workingDayOffset}.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkingDayOffsetOptions {
  /** Largest offset in absolute value (default 400, about a year and a half of working days). */
  readonly max?: number
}

/**
 * A whole number of working days to add, positive or negative, often small (0, ±1, ±5 are where
 * off-by-one mistakes live) and sometimes up to `max`.
 *
 * @example
 * import fc from "fast-check"
 * import { BusinessCalendar, OfficialCalendars } from "@liaison/core"
 * import * as Arb from "@liaison/core/testing"
 * import * as Either from "effect/Either"
 *
 * const cal = OfficialCalendars.cnMainland
 * fc.assert(
 *   fc.property(Arb.localDate({ min: cal.data.coverage.from, max: cal.data.coverage.to }), Arb.workingDayOffset(), (d, n) =>
 *     Either.isRight(BusinessCalendar.addWorkingDays(cal, d, n, { beyondCoverage: "provisional" }))
 *   )
 * )
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const workingDayOffset = (options: WorkingDayOffsetOptions = {}): fc.Arbitrary<number> => {
  const max = options.max ?? 400
  if (!Number.isInteger(max) || max < 0)
    throw new RangeError(`workingDayOffset: max must be a whole number ≥ 0, got ${max}`)
  const small = Math.min(max, 10)
  return fc.oneof(fc.integer({ min: -small, max: small }), fc.integer({ min: -max, max }))
}

/**
 * Options of {@link calendarData} and {@link calendar}.
 *
 * @since 0.1.0
 * @category models
 */
export interface CalendarDataOptions {
  /** Earliest first day of the coverage (default 2000-01-01). */
  readonly min?: LocalDate.LocalDate
  /** Latest last day of the coverage (default 2049-12-31). */
  readonly max?: LocalDate.LocalDate
  /** Longest coverage in days (default 1100, three years). */
  readonly maxCoverageDays?: number
  /** Time zones to choose from (default Asia/Shanghai, UTC, America/New_York, Europe/London). */
  readonly timeZones?: ReadonlyArray<string>
  /** Whether the calendar has working hours: always, never, or sometimes (the default). */
  readonly workingHours?: "always" | "never" | "sometimes"
  /** Whether some holidays may be half-day holidays (default true). */
  readonly halfDayHolidays?: boolean
  /** Most blocks of consecutive holidays (default 12). */
  readonly maxHolidayBlocks?: number
  /** Most make-up working days (default 8). */
  readonly maxMakeUpWorkingDays?: number
}

const HOLIDAY_NAMES: ReadonlyArray<readonly [string, string | undefined]> = [
  ["Spring Festival", "春节"],
  ["National Day", "国庆节"],
  ["Labour Day", "劳动节"],
  ["Mid-autumn Festival", "中秋节"],
  ["Founders' Day", undefined],
  ["Company Anniversary", "司庆"]
]

const holidayName = fc.constantFrom(...HOLIDAY_NAMES)

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`

/** 1 to 3 disjoint working intervals on a 15-minute grid, in order, e.g. 09:00–12:00 and 13:30–18:00. */
const workingIntervals: fc.Arbitrary<ReadonlyArray<BusinessCalendar.WorkingInterval>> = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 })
  .map((cuts) => {
    // Sorted cut points taken in pairs; an odd last one is dropped.
    const sorted = [...cuts].sort((a, b) => a - b)
    const out: Array<BusinessCalendar.WorkingInterval> = []
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      out.push({ start: hhmm(sorted[i]! * 15), end: hhmm(sorted[i + 1]! * 15) })
    }
    return out
  })

/**
 * Consistent random calendar data, as a host app might store it: a coverage within
 * `[min, max]`, a weekend of 0 to 6 days, blocks of up to 10 consecutive holidays (some of them
 * half-day holidays), make-up working days (some on a holiday's date, which they outrank),
 * sometimes working hours, and a time zone. {@link BusinessCalendar.make} accepts every value.
 *
 * @example
 * import fc from "fast-check"
 * import { BusinessCalendar } from "@liaison/core"
 * import * as Arb from "@liaison/core/testing"
 * import * as Either from "effect/Either"
 *
 * // a calendar stored as JSON reads back unchanged
 * fc.assert(
 *   fc.property(Arb.calendarData(), (data) => {
 *     const back = BusinessCalendar.fromJson(JSON.stringify(data))
 *     return Either.isRight(back) && JSON.stringify(back.right.data) === JSON.stringify(data)
 *   })
 * )
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const calendarData = (options: CalendarDataOptions = {}): fc.Arbitrary<BusinessCalendar.CalendarData> => {
  const min = epochDayOrThrow("min", options.min ?? DEFAULT_MIN)
  const max = epochDayOrThrow("max", options.max ?? DEFAULT_MAX)
  if (min > max) throw new RangeError(`calendarData: min ${options.min} is after max ${options.max}`)
  const maxDays = Math.max(1, options.maxCoverageDays ?? 1100)
  const zones = options.timeZones ?? ["Asia/Shanghai", "UTC", "America/New_York", "Europe/London"]
  if (zones.length === 0) throw new RangeError("calendarData: timeZones must not be empty")
  const halfDays = options.halfDayHolidays ?? true
  const hours =
    options.workingHours === "always"
      ? workingIntervals.map((h): ReadonlyArray<BusinessCalendar.WorkingInterval> | undefined => h)
      : options.workingHours === "never"
        ? fc.constant(undefined)
        : fc.option(workingIntervals, { nil: undefined })

  const coverage = fc
    .integer({ min, max })
    .chain((from) => fc.integer({ min: from, max: Math.min(max, from + maxDays - 1) }).map((to) => ({ from, to })))

  return coverage.chain(({ from, to }) => {
    const days = to - from + 1
    const offset = fc.integer({ min: 0, max: days - 1 })
    const holidayBlock = fc.record({
      start: offset,
      length: fc.integer({ min: 1, max: 10 }),
      name: holidayName,
      halfDay: halfDays
        ? fc.oneof(
            { weight: 4, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constantFrom("morning" as const, "afternoon" as const) }
          )
        : fc.constant(undefined)
    })
    return fc
      .record({
        id: fc.constantFrom("test-calendar", "desk", "branch-office"),
        name: fc.constantFrom("Test calendar", "Trading desk", "分公司"),
        timeZone: fc.constantFrom(...zones),
        weekendDays: fc.uniqueArray(fc.constantFrom<LocalDate.Weekday>(1, 2, 3, 4, 5, 6, 7), { maxLength: 6 }),
        holidayBlocks: fc.array(holidayBlock, { maxLength: options.maxHolidayBlocks ?? 12 }),
        makeUp: fc.array(fc.record({ at: offset, onHoliday: fc.boolean(), name: holidayName }), {
          maxLength: options.maxMakeUpWorkingDays ?? 8
        }),
        workingHours: hours,
        version: fc.constantFrom("1", "2026.1", "test-v2"),
        source: fc.constantFrom("generated by @liaison/core/testing", "test data")
      })
      .map((r): BusinessCalendar.CalendarData => {
        const holidays = new Map<number, BusinessCalendar.Holiday>()
        for (const block of r.holidayBlocks) {
          // A half-day holiday is a single day; a full holiday block runs up to 10 days.
          const length = block.halfDay === undefined ? block.length : 1
          for (let day = from + block.start; day < from + block.start + length && day <= to; day++) {
            if (holidays.has(day)) continue
            const [name, nameZh] = block.name
            holidays.set(day, {
              date: LocalDate.fromEpochDay(day),
              name,
              ...(nameZh === undefined ? {} : { nameZh }),
              ...(block.halfDay === undefined ? {} : { halfDay: block.halfDay })
            })
          }
        }
        const holidayDays = [...holidays.keys()].sort((a, b) => a - b)
        const makeUp = new Map<number, BusinessCalendar.MakeUpWorkingDay>()
        for (const m of r.makeUp) {
          // Half the time on a holiday's date, to exercise "make-up working day outranks holiday".
          const onHoliday = m.onHoliday && holidayDays.length > 0 ? holidayDays[m.at % holidayDays.length] : undefined
          const day = onHoliday ?? from + m.at
          if (makeUp.has(day)) continue
          const [compensates, compensatesZh] = m.name
          makeUp.set(day, {
            date: LocalDate.fromEpochDay(day),
            compensates,
            ...(compensatesZh === undefined ? {} : { compensatesZh })
          })
        }
        const byDate = <A extends { readonly date: string }>(a: A, b: A) => (a.date < b.date ? -1 : 1)
        return {
          id: r.id,
          name: r.name,
          timeZone: r.timeZone,
          weekendDays: r.weekendDays,
          holidays: [...holidays.values()].sort(byDate),
          makeUpWorkingDays: [...makeUp.values()].sort(byDate),
          ...(r.workingHours === undefined ? {} : { workingHours: r.workingHours }),
          coverage: { from: LocalDate.fromEpochDay(from), to: LocalDate.fromEpochDay(to) },
          version: r.version,
          source: r.source
        }
      })
  })
}

/**
 * Random indexed calendars, from {@link calendarData}.
 *
 * @example
 * import fc from "fast-check"
 * import { BusinessCalendar } from "@liaison/core"
 * import * as Arb from "@liaison/core/testing"
 * import * as Either from "effect/Either"
 *
 * // "counting the working days to a deadline gives back the offset", on any calendar and date
 * fc.assert(
 *   fc.property(Arb.calendar(), Arb.localDate(), Arb.workingDayOffset(), (cal, d, n) => {
 *     const p = { beyondCoverage: "provisional" } as const
 *     const due = Either.getOrThrow(BusinessCalendar.addWorkingDays(cal, d, n, p)).value
 *     return Either.getOrThrow(BusinessCalendar.workingDaysBetween(cal, d, due, p)).value === n
 *   })
 * )
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const calendar = (options: CalendarDataOptions = {}): fc.Arbitrary<BusinessCalendar.BusinessCalendar> =>
  calendarData(options).map((data) =>
    Either.getOrThrowWith(
      BusinessCalendar.make(data),
      (e) => new Error(`@liaison/core/testing generated inconsistent calendar data: ${e.message}`)
    )
  )

// ---------------------------------------------------------------------------------------------
// Deadline rules
// ---------------------------------------------------------------------------------------------

const UNITS: ReadonlyArray<Deadline.Unit> = [
  "workingDays",
  "calendarDays",
  "weeks",
  "hours",
  "minutes",
  "workingHours",
  "workingMinutes"
]

/** Largest amount drawn per unit: about a month or two of each, where real procedures live. */
const MAX_AMOUNT: Record<Deadline.Unit, number> = {
  workingDays: 30,
  calendarDays: 60,
  weeks: 8,
  hours: 72,
  minutes: 600,
  workingHours: 40,
  workingMinutes: 600
}

/**
 * Options of {@link offset}.
 *
 * @since 0.1.0
 * @category models
 */
export interface OffsetOptions {
  /** Units to draw from (default: every unit). */
  readonly units?: ReadonlyArray<Deadline.Unit>
  /** Directions to draw from (default: both). */
  readonly directions?: ReadonlyArray<"before" | "after">
  /**
   * Largest amount, for every unit (default per unit: 30 working days, 60 calendar days, 8 weeks,
   * 72 hours, 600 minutes, 40 working hours, 600 working minutes).
   */
  readonly maxAmount?: number
}

const nonEmpty = <A>(argument: string, values: ReadonlyArray<A>): ReadonlyArray<A> => {
  if (values.length === 0) throw new RangeError(`${argument} must not be empty`)
  return values
}

/** An amount up to `max`, most often small (0 is "same day", 1 and 2 are where off-by-ones live). */
const amount = (max: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: Math.min(max, 5) }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max }) }
  )

const amountFor = (options: OffsetOptions, unit: Deadline.Unit): fc.Arbitrary<number> => {
  const max = options.maxAmount ?? MAX_AMOUNT[unit]
  if (!Number.isInteger(max) || max < 0 || max > 100_000) {
    throw new RangeError(`offset: maxAmount must be a whole number from 0 to 100000, got ${max}`)
  }
  return amount(max)
}

/**
 * Offsets from an anchor (`{ amount, unit, direction }`), as {@link Deadline.Offset} decodes
 * them: an amount from 0 ("same day") up to a unit's `maxAmount`, mostly small, in any of the
 * given units and directions.
 *
 * @example
 * import fc from "fast-check"
 * import { Deadline } from "@liaison/core"
 * import * as Arb from "@liaison/core/testing"
 *
 * // "N working days before" is described in both languages
 * fc.assert(
 *   fc.property(Arb.offset({ units: ["workingDays"], directions: ["before"] }), (o) =>
 *     Deadline.describe(Deadline.point(Deadline.eventStart, o))["zh-CN"].startsWith("活动开始")
 *   )
 * )
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const offset = (options: OffsetOptions = {}): fc.Arbitrary<Deadline.Offset> => {
  const units = nonEmpty("offset: units", options.units ?? UNITS)
  const directions = nonEmpty("offset: directions", options.directions ?? (["before", "after"] as const))
  return fc.constantFrom(...units).chain((unit) =>
    fc.record({
      amount: amountFor(options, unit),
      unit: fc.constant(unit),
      direction: fc.constantFrom(...directions)
    })
  )
}

const ANCHOR_KINDS: ReadonlyArray<Deadline.Anchor["_tag"]> = [
  "EventStart",
  "EventEnd",
  "NoticeReceived",
  "Holiday",
  "PeriodBoundary",
  "Named",
  "Shifted"
]

const PERIODS: ReadonlyArray<Deadline.Period> = ["month", "quarter", "half-year", "year"]

/**
 * Options of {@link anchor}.
 *
 * @since 0.1.0
 * @category models
 */
export interface AnchorOptions {
  /** Kinds of anchor to draw (default: all seven). */
  readonly kinds?: ReadonlyArray<Deadline.Anchor["_tag"]>
  /**
   * Holiday names for `Holiday` anchors (default: the names {@link calendarData} gives its holidays,
   * in English and Chinese, e.g. "Spring Festival" and "春节").
   */
  readonly holidayNames?: ReadonlyArray<string>
  /** Names for `Named` anchors (default "arrival" and "departure"): give them values in the context. */
  readonly names?: ReadonlyArray<string>
  /** How deep `Shifted` anchors nest (default 2; 0 draws no `Shifted` anchor). */
  readonly maxDepth?: number
  /** Offsets of `Shifted` anchors (default: hours, minutes and calendar days, either way). */
  readonly shift?: OffsetOptions
}

const DEFAULT_HOLIDAY_NAMES: ReadonlyArray<string> = HOLIDAY_NAMES.flatMap(([en, zh]) =>
  zh === undefined ? [en] : [en, zh]
)

/**
 * Anchors a deadline hangs on, as {@link Deadline.Anchor} decodes them: the event's start or
 * end, the notice, a named holiday (with or without `which` and `edge`), a period boundary, a
 * `Named` anchor from `names`, and `Shifted` anchors moving any of these (e.g. arrival =
 * departure + 5 hours), nested up to `maxDepth`.
 *
 * A `Holiday` anchor fails with `UnknownHoliday` where the calendar has no such break near the
 * event, and a `Named` one with `MissingAnchor` unless the context gives its value: both are
 * typed answers a property can expect.
 *
 * @example
 * import fc from "fast-check"
 * import { Deadline } from "@liaison/core"
 * import * as Arb from "@liaison/core/testing"
 * import * as Either from "effect/Either"
 *
 * // every anchor a host app may store reads back from JSON
 * fc.assert(
 *   fc.property(Arb.anchor(), (a) => {
 *     const rule = Deadline.point(a, Deadline.before(1, "workingDays"))
 *     return Either.isRight(Deadline.decodeRule(JSON.parse(JSON.stringify(rule))))
 *   })
 * )
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const anchor = (options: AnchorOptions = {}): fc.Arbitrary<Deadline.Anchor> => {
  const maxDepth = options.maxDepth ?? 2
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new RangeError(`anchor: maxDepth must be a whole number ≥ 0, got ${maxDepth}`)
  }
  const holidayNames = nonEmpty("anchor: holidayNames", options.holidayNames ?? DEFAULT_HOLIDAY_NAMES)
  const names = nonEmpty("anchor: names", options.names ?? ["arrival", "departure"])
  const kinds = nonEmpty("anchor: kinds", options.kinds ?? ANCHOR_KINDS)
  const shift = offset(options.shift ?? { units: ["hours", "minutes", "calendarDays"], maxAmount: 48 })
  const byKind = (kind: Deadline.Anchor["_tag"], depth: number): fc.Arbitrary<Deadline.Anchor> => {
    switch (kind) {
      case "EventStart":
      case "EventEnd":
      case "NoticeReceived":
        return fc.constant({ _tag: kind })
      case "Holiday":
        return fc.record(
          {
            _tag: fc.constant("Holiday" as const),
            name: fc.constantFrom(...holidayNames),
            which: fc.constantFrom("nearest" as const, "next" as const, "previous" as const, "inPeriod" as const),
            edge: fc.constantFrom("start" as const, "end" as const)
          },
          { requiredKeys: ["_tag", "name"] }
        )
      case "PeriodBoundary":
        return fc.record({
          _tag: fc.constant("PeriodBoundary" as const),
          period: fc.constantFrom(...PERIODS),
          edge: fc.constantFrom("start" as const, "end" as const)
        })
      case "Named":
        return fc.record({ _tag: fc.constant("Named" as const), name: fc.constantFrom(...names) })
      case "Shifted":
        return fc.record({ _tag: fc.constant("Shifted" as const), base: at(depth - 1), offset: shift })
    }
  }
  const at = (depth: number): fc.Arbitrary<Deadline.Anchor> => {
    const allowed = kinds.filter((k) => k !== "Shifted" || depth > 0)
    // Only Shifted was asked for, and the depth is spent: the base is a plain event start.
    if (allowed.length === 0) return fc.constant({ _tag: "EventStart" })
    return fc.constantFrom(...allowed).chain((k) => byKind(k, depth))
  }
  return at(maxDepth)
}

const RULE_KINDS: ReadonlyArray<Deadline.Rule["_tag"]> = ["Point", "Window", "Cutoff", "During", "Recurring"]

const ROLLS: ReadonlyArray<Deadline.DeadlineRoll> = [
  "none",
  "strict",
  "following",
  "preceding",
  "modifiedFollowing",
  "modifiedPreceding"
]

/**
 * Options of {@link rule}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RuleOptions {
  /** Kinds of rule to draw (default: all five). A `Recurring` rule's inner rule is never `Recurring`. */
  readonly kinds?: ReadonlyArray<Deadline.Rule["_tag"]>
  /** Anchors of `Point`, `Window` and `Cutoff` rules. */
  readonly anchor?: AnchorOptions
  /** Offsets of `Point` and `Window` rules. */
  readonly offset?: OffsetOptions
  /**
   * Roll conventions a `Point` rule may name; it also often names none and takes the default
   * (default: all of them, `strict` included; `[]` never names one).
   */
  readonly rolls?: ReadonlyArray<Deadline.DeadlineRoll>
  /** Whether a `Point` rule may set `at`, the time of day it falls due (default true). */
  readonly at?: boolean
  /** Whether rules carry an `id` and bilingual `label`: always, never or sometimes (the default). */
  readonly meta?: "always" | "never" | "sometimes"
}

const hhmmText = fc
  .record({ h: fc.integer({ min: 0, max: 23 }), m: fc.constantFrom(0, 0, 15, 30, 45, 59) })
  .map(({ h, m }) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`)

const LABELS: ReadonlyArray<{ readonly en: string; readonly "zh-CN": string }> = [
  { en: "Reception application", "zh-CN": "接待申请" },
  { en: "Division of labour", "zh-CN": "分工表" },
  { en: "Preparation", "zh-CN": "准备" },
  { en: "Report to the GM", "zh-CN": "向总经理汇报" },
  { en: "Holiday visit", "zh-CN": "节日走访" }
]

/** An offset's signed nominal length in minutes (a working day counts as a day): how windows order their ends. */
const nominalMinutes = (o: Deadline.Offset): number => {
  const perUnit =
    o.unit === "weeks"
      ? 7 * 1440
      : o.unit === "workingDays" || o.unit === "calendarDays"
        ? 1440
        : o.unit === "hours" || o.unit === "workingHours"
          ? 60
          : 1
  return (o.direction === "before" ? -1 : 1) * o.amount * perUnit
}

/** Month numbers in which a period of each kind starts, for `Recurring` months. */
const START_MONTHS: Record<Deadline.Period, ReadonlyArray<number>> = {
  month: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  quarter: [1, 4, 7, 10],
  "half-year": [1, 7],
  year: [1]
}

/**
 * Deadline rules, valid by construction and JSON-safe, as a host app stores them: what
 * {@link Deadline.decodeRule} accepts and {@link Deadline.evaluate} understands.
 *
 * - `Point`: an {@link anchor} and an {@link offset}, sometimes with a roll convention and a
 *   time of day (`at`);
 * - `Window`: two ends that open no later than they are due, mostly in one unit, both before
 *   the anchor ("10–15 days before"), both after, or one on each side; sometimes in two units
 *   ("from 1 day before to 16 hours before"), ordered by nominal length;
 * - `Cutoff`: a split time and two branches of 0–3 working days by a time of day;
 * - `During`: a period;
 * - `Recurring`: a period, sometimes with months in which such a period starts (June and
 *   December for months), around any of the above.
 *
 * Evaluating one may still fail with a typed error that the rule's meaning implies in a given
 * context: `EmptyWindow`, `UnknownHoliday`, `MissingAnchor`, `NotAWorkingDay` for a `strict`
 * roll, `NoWorkingHours` for working-time units on a calendar without working hours. A property
 * states what holds when evaluation succeeds, and that failures are of these kinds.
 *
 * @example
 * import fc from "fast-check"
 * import { Deadline, OfficialCalendars } from "@liaison/core"
 * import * as Arb from "@liaison/core/testing"
 * import * as Either from "effect/Either"
 *
 * // any stored rule evaluates the same after a JSON round trip
 * const calendar = OfficialCalendars.cnMainland
 * fc.assert(
 *   fc.property(Arb.rule({ kinds: ["Point", "Window"], anchor: { kinds: ["EventStart"] } }), (r) => {
 *     const context = { calendar, eventStart: "2026-05-20" }
 *     const back = Either.getOrThrow(Deadline.decodeRule(JSON.parse(JSON.stringify(r))))
 *     const a = Deadline.evaluate(r, context)
 *     const b = Deadline.evaluate(back, context)
 *     return Either.isLeft(a) ? Either.isLeft(b) : Either.isRight(b) && a.right.dueDate === b.right.dueDate
 *   })
 * )
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const rule = (options: RuleOptions = {}): fc.Arbitrary<Deadline.Rule> => {
  const kinds = nonEmpty("rule: kinds", options.kinds ?? RULE_KINDS)
  const anchors = anchor(options.anchor)
  const offsets = options.offset ?? {}
  const rolls = options.rolls ?? ROLLS
  const meta: fc.Arbitrary<Deadline.RuleMeta> =
    options.meta === "never"
      ? fc.constant({})
      : fc.record(
          { id: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), label: fc.constantFrom(...LABELS) },
          options.meta === "always" ? {} : { requiredKeys: [] }
        )
  const timeOfDay: fc.Arbitrary<typeof Deadline.TimeOfDay.Type> = fc.oneof(
    fc.constantFrom("endOfWorkingDay" as const, "startOfWorkingDay" as const),
    hhmmText
  )
  const point = fc
    .record(
      {
        anchor: anchors,
        offset: offset(offsets),
        ...(rolls.length > 0 ? { roll: fc.constantFrom(...rolls) } : {}),
        ...(options.at === false ? {} : { at: timeOfDay })
      },
      { requiredKeys: ["anchor", "offset"] }
    )
    .map((p): Deadline.Rule => ({ _tag: "Point", ...p }))
  const directions = nonEmpty("rule: offset.directions", offsets.directions ?? (["before", "after"] as const))
  const sameUnitWindow = fc
    .record({
      anchor: anchors,
      unit: fc.constantFrom(...nonEmpty("rule: offset.units", offsets.units ?? UNITS)),
      // Straddling the anchor needs both directions.
      side: fc.constantFrom(
        ...directions,
        ...(directions.includes("before") && directions.includes("after") ? (["around"] as const) : [])
      )
    })
    .chain(({ anchor, side, unit }) =>
      fc.tuple(amountFor(offsets, unit), amountFor(offsets, unit)).map(([a, b]): Deadline.Rule => {
        const [near, far] = a <= b ? [a, b] : [b, a]
        const at = (amount: number, direction: "before" | "after"): Deadline.Offset => ({ amount, unit, direction })
        return side === "before"
          ? { _tag: "Window", anchor, opens: at(far, "before"), due: at(near, "before") }
          : side === "after"
            ? { _tag: "Window", anchor, opens: at(near, "after"), due: at(far, "after") }
            : { _tag: "Window", anchor, opens: at(a, "before"), due: at(b, "after") }
      })
    )
  // Ends in two units ("from 1 day before to 16 hours before"), of about the same nominal length
  // (where a day's working hours decide which comes first), ordered by that length.
  const mixedUnitWindow = fc
    .record({
      anchor: anchors,
      x: offset(offsets),
      unit: fc.constantFrom(...nonEmpty("rule: offset.units", offsets.units ?? UNITS)),
      delta: fc.integer({ min: -12, max: 12 })
    })
    .map(({ anchor, delta, unit, x }): Deadline.Rule => {
      const per = Math.abs(nominalMinutes({ amount: 1, unit, direction: "after" }))
      const max = offsets.maxAmount ?? MAX_AMOUNT[unit]
      const amount = Math.min(max, Math.max(0, Math.round(Math.abs(nominalMinutes(x)) / per) + delta))
      const y: Deadline.Offset = { amount, unit, direction: x.direction }
      return nominalMinutes(x) <= nominalMinutes(y)
        ? { _tag: "Window", anchor, opens: x, due: y }
        : { _tag: "Window", anchor, opens: y, due: x }
    })
  const window = fc.oneof({ weight: 3, arbitrary: sameUnitWindow }, { weight: 1, arbitrary: mixedUnitWindow })
  const branch = fc.record({ workingDays: fc.integer({ min: 0, max: 3 }), by: hhmmText })
  const cutoff = fc
    .record({ anchor: anchors, cutoff: hhmmText, ifBefore: branch, ifAfter: branch })
    .map((c): Deadline.Rule => ({ _tag: "Cutoff", ...c }))
  const during = fc.constantFrom(...PERIODS).map((period): Deadline.Rule => ({ _tag: "During", period }))
  const byKind: Record<Exclude<Deadline.Rule["_tag"], "Recurring">, fc.Arbitrary<Deadline.Rule>> = {
    Point: point,
    Window: window,
    Cutoff: cutoff,
    During: during
  }
  const plainKinds = kinds.filter((k): k is Exclude<Deadline.Rule["_tag"], "Recurring"> => k !== "Recurring")
  // A Recurring rule asked for alone wraps period rules: During, or a Point at a period boundary.
  const inner =
    plainKinds.length > 0
      ? fc.constantFrom(...plainKinds).chain((k) => byKind[k])
      : fc.oneof(
          during,
          fc
            .record({
              period: fc.constantFrom(...PERIODS),
              edge: fc.constantFrom("start" as const, "end" as const),
              n: fc.integer({ min: 0, max: 10 })
            })
            .map(
              ({ edge, n, period }): Deadline.Rule => ({
                _tag: "Point",
                anchor: { _tag: "PeriodBoundary", period, edge },
                offset: { amount: n, unit: "workingDays", direction: edge === "start" ? "after" : "before" }
              })
            )
        )
  const recurring = fc.constantFrom(...PERIODS).chain((every) =>
    fc
      .record(
        {
          months: fc.subarray([...START_MONTHS[every]], { minLength: 1 }).map((ms) => [...ms].sort((a, b) => a - b)),
          rule: inner
        },
        { requiredKeys: ["rule"] }
      )
      .map((r): Deadline.Rule => ({ _tag: "Recurring", every, ...r }))
  )
  return fc
    .tuple(
      fc.constantFrom(...kinds).chain((k) => (k === "Recurring" ? recurring : byKind[k])),
      meta
    )
    .map(([r, m]) => ({ ...m, ...r }))
}
