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
