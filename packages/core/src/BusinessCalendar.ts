/**
 * Business calendars: which days are working days (工作日), with holidays and make-up working days (调休).
 *
 * A calendar is data ({@link CalendarData}): weekend days, named holidays, make-up working days
 * (each with the holiday it compensates), optional working hours, an IANA time zone, the range
 * of dates the data covers, and the version and source of the data. {@link make} indexes it
 * once; after that every day operation is O(1) and allocation-free inside the coverage.
 *
 * Priority on any date: make-up working day > holiday > weekend.
 *
 * Outside its coverage a calendar refuses with {@link OutsideCoverage}. Opted in with
 * `{ beyondCoverage: "provisional" }` it answers as if only weekends were off, and says so.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Ix from "./internal/calendarIndex.js"
import * as Issues from "./internal/issues.js"
import { DAY_MS, detectFixedOffset, localToMillis, millisToLocal, type ZoneRef, zoned } from "./internal/zone.js"
import * as LocalDate from "./LocalDate.js"

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/**
 * ISO weekday: 1 = Monday … 7 = Sunday.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Weekday = Schema.Literal(1, 2, 3, 4, 5, 6, 7).annotations({
  // One message for the value, not one per literal ("Expected 1, actual 8", "Expected 2, actual 8", …).
  message: () => ({ message: "expected an ISO weekday, 1 (Monday) to 7 (Sunday)", override: true })
})

/**
 * A holiday (节假日) on one date. A `halfDay` holiday (放假半天) takes off only the morning or the
 * afternoon (e.g. the afternoon of 8 March for women staff): the day still counts as a working
 * day, but its working intervals are cut at noon, keeping those before 12:00 (afternoon off) or
 * after it (morning off). With 09:00–12:00 and 13:30–18:00 hours, 8 March keeps 3 of 7.5 hours.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Holiday = Schema.Struct({
  date: LocalDate.LocalDate,
  name: Schema.NonEmptyTrimmedString,
  nameZh: Schema.optional(Schema.NonEmptyTrimmedString),
  halfDay: Schema.optional(Schema.Literal("morning", "afternoon"))
}).annotations({ identifier: "Holiday" })

/**
 * @since 0.1.0
 * @category models
 */
export type Holiday = typeof Holiday.Type

/**
 * A make-up working day (调休上班): a weekend day worked to compensate a holiday.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MakeUpWorkingDay = Schema.Struct({
  date: LocalDate.LocalDate,
  compensates: Schema.NonEmptyTrimmedString,
  compensatesZh: Schema.optional(Schema.NonEmptyTrimmedString)
}).annotations({ identifier: "MakeUpWorkingDay" })

/**
 * @since 0.1.0
 * @category models
 */
export type MakeUpWorkingDay = typeof MakeUpWorkingDay.Type

const TimeOfDayText = Schema.String.pipe(
  Schema.pattern(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: () => "expected a time written HH:MM (00:00–24:00)" })
)

/** Minutes since midnight of `HH:MM`. */
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/**
 * One working interval of a day, local time, e.g. 09:00–12:00.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WorkingInterval = Schema.Struct({ start: TimeOfDayText, end: TimeOfDayText })
  .pipe(
    Schema.filter(
      (i) => minutesOf(i.start) < minutesOf(i.end) || `interval must end after it starts: ${i.start}–${i.end}`
    )
  )
  .annotations({ identifier: "WorkingInterval" })

/**
 * @since 0.1.0
 * @category models
 */
export type WorkingInterval = typeof WorkingInterval.Type

/**
 * An IANA time-zone name that this runtime knows (e.g. `Asia/Shanghai`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimeZoneName = Schema.String.pipe(
  Schema.filter((s) => Option.isSome(DateTime.zoneMakeNamed(s)) || `unknown IANA time zone ${JSON.stringify(s)}`, {
    identifier: "TimeZoneName",
    // Real zones, so arbitraries derived from Schemas never filter random text for zone names.
    arbitrary: () => (fc) =>
      fc.constantFrom("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Taipei", "UTC", "Europe/London")
  })
)

/**
 * The dates a calendar's data speaks for, inclusive.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Coverage = Schema.Struct({ from: LocalDate.LocalDate, to: LocalDate.LocalDate }).pipe(
  Schema.filter((c) => c.from <= c.to || `coverage must not end (${c.to}) before it starts (${c.from})`)
)

/**
 * A calendar as data: what a host app stores, ships or loads from JSON.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CalendarData = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  name: Schema.NonEmptyTrimmedString,
  timeZone: TimeZoneName,
  weekendDays: Schema.Array(Weekday),
  holidays: Schema.Array(Holiday),
  makeUpWorkingDays: Schema.Array(MakeUpWorkingDay),
  workingHours: Schema.optional(Schema.Array(WorkingInterval)),
  coverage: Coverage,
  version: Schema.NonEmptyTrimmedString,
  source: Schema.NonEmptyTrimmedString
}).annotations({ identifier: "CalendarData" })

/**
 * @since 0.1.0
 * @category models
 */
export type CalendarData = typeof CalendarData.Type

/**
 * A year's holiday notice (e.g. the State Council's 国务院办公厅关于{year}年部分节假日安排的通知), to extend
 * or correct a calendar without a new release of liaison. Its dates may reach into the year
 * before (a December make-up day for New Year's Day).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CalendarNotice = Schema.Struct({
  year: Schema.Int.pipe(Schema.between(1, 9999)),
  holidays: Schema.Array(Holiday),
  makeUpWorkingDays: Schema.Array(MakeUpWorkingDay),
  version: Schema.NonEmptyTrimmedString,
  source: Schema.NonEmptyTrimmedString
}).annotations({ identifier: "CalendarNotice" })

/**
 * @since 0.1.0
 * @category models
 */
export type CalendarNotice = typeof CalendarNotice.Type

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * One problem in calendar data, at a path such as `holidays[3].date`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DataIssue {
  readonly path: string
  readonly message: string
}

/**
 * Calendar data that cannot be used, with every problem and where it is.
 *
 * @since 0.1.0
 * @category errors
 */
export class CalendarDataError extends Schema.TaggedError<CalendarDataError>()("CalendarDataError", {
  issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message(): string {
    return `invalid calendar data:\n${this.issues.map((i) => `  ${i.path || "(root)"}: ${i.message}`).join("\n")}`
  }
}

/**
 * A question about dates the calendar's data does not speak for.
 *
 * @since 0.1.0
 * @category errors
 */
export class OutsideCoverage extends Schema.TaggedError<OutsideCoverage>()("OutsideCoverage", {
  calendarId: Schema.String,
  version: Schema.String,
  date: Schema.String,
  coverageFrom: Schema.String,
  coverageTo: Schema.String
}) {
  override get message(): string {
    return (
      `calendar ${this.calendarId} (data ${this.version}) covers ${this.coverageFrom} to ${this.coverageTo}; ` +
      `${this.date} is beyond it. Load the official notice for that year, or ask for a provisional answer.`
    )
  }
}

/**
 * A date that is not a working day where the strict roll convention needs one.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotAWorkingDay extends Schema.TaggedError<NotAWorkingDay>()("NotAWorkingDay", {
  calendarId: Schema.String,
  date: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.date} is not a working day in calendar ${this.calendarId} (${this.reason}); the strict convention does not roll`
  }
}

/**
 * An argument that is not what the operation takes (a date that does not exist, a fractional count…).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidArgument extends Schema.TaggedError<InvalidArgument>()("InvalidArgument", {
  argument: Schema.String,
  message: Schema.String
}) {}

/**
 * A working-hours question to a calendar that defines no working hours.
 *
 * @since 0.1.0
 * @category errors
 */
export class NoWorkingHours extends Schema.TaggedError<NoWorkingHours>()("NoWorkingHours", {
  calendarId: Schema.String
}) {
  override get message(): string {
    return `calendar ${this.calendarId} defines no working hours; derive one with workingHours to count working hours`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export type CalendarError = OutsideCoverage | NotAWorkingDay | InvalidArgument | NoWorkingHours

// ---------------------------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("@liaison/core/BusinessCalendar")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

interface DayNote {
  readonly holiday?: Holiday
  readonly makeUp?: MakeUpWorkingDay
}

/**
 * An indexed calendar, made by {@link make}. Its `data` is what it was made from.
 *
 * @since 0.1.0
 * @category models
 */
export interface BusinessCalendar extends ZoneRef {
  readonly [TypeId]: TypeId
  readonly id: string
  readonly data: CalendarData
  readonly zone: DateTime.TimeZone
  /** @internal */
  readonly index: Ix.CalendarIndex
  /** @internal */
  readonly notes: ReadonlyMap<number, DayNote>
  /** @internal working intervals in minutes, sorted */
  readonly hours: ReadonlyArray<readonly [number, number]>
}

/**
 * @since 0.1.0
 * @category guards
 */
export const isBusinessCalendar = (u: unknown): u is BusinessCalendar =>
  typeof u === "object" && u !== null && TypeId in u

/**
 * Every problem of a Schema decode error, each with its path written as `holidays[3].date`.
 *
 * @since 0.1.0
 * @category utils
 */
export const issuesOf = (error: ParseResult.ParseError): ReadonlyArray<DataIssue> => {
  const all = Issues.issuesOf(error).map((i) => ({
    path: pathText(i.path),
    message: i.message
  }))
  // A bad value of an optional field also fails its `undefined` alternative; saying so only misleads.
  const within = (path: string, other: string) =>
    other === path || other.startsWith(`${path}[`) || other.startsWith(`${path}.`)
  return all.filter(
    (i) => !(i.message.startsWith("Expected undefined, actual") && all.some((j) => j !== i && within(i.path, j.path)))
  )
}

/**
 * Writes a Schema issue path as `holidays[3].date`.
 *
 * @since 0.1.0
 * @category utils
 */
export const pathText = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`),
    ""
  )

const WEEKDAY_NAMES = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const

/**
 * Indexes calendar data, checking that it is consistent: every holiday and make-up day inside the
 * coverage, no date listed twice in one list, at least one working weekday.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (data: CalendarData): Either.Either<BusinessCalendar, CalendarDataError> => {
  const issues: Array<DataIssue> = []
  const start = LocalDate.toEpochDay(data.coverage.from)
  const end = LocalDate.toEpochDay(data.coverage.to)
  const weekend = new Set<number>(data.weekendDays)
  if (weekend.size === 7) issues.push({ path: "weekendDays", message: "every day of the week is a weekend day" })
  const overrides = new Map<number, boolean>()
  const notes = new Map<number, DayNote>()
  const check = (list: "holidays" | "makeUpWorkingDays", i: number, date: LocalDate.LocalDate): number | undefined => {
    const day = LocalDate.toEpochDay(date)
    if (day < start || day > end) {
      issues.push({
        path: `${list}[${i}].date`,
        message: `${date} is outside the coverage ${data.coverage.from}–${data.coverage.to}`
      })
      return undefined
    }
    return day
  }
  const seenHoliday = new Set<number>()
  data.holidays.forEach((h, i) => {
    const day = check("holidays", i, h.date)
    if (day === undefined) return
    if (seenHoliday.has(day)) issues.push({ path: `holidays[${i}].date`, message: `${h.date} is listed twice` })
    seenHoliday.add(day)
    notes.set(day, { holiday: h })
    if (h.halfDay === undefined) overrides.set(day, false)
  })
  const seenMakeUp = new Set<number>()
  data.makeUpWorkingDays.forEach((m, i) => {
    const day = check("makeUpWorkingDays", i, m.date)
    if (day === undefined) return
    if (seenMakeUp.has(day)) issues.push({ path: `makeUpWorkingDays[${i}].date`, message: `${m.date} is listed twice` })
    seenMakeUp.add(day)
    notes.set(day, { ...notes.get(day), makeUp: m })
    overrides.set(day, true) // a make-up working day outranks a holiday on the same date
  })
  const hours = (data.workingHours ?? []).map((i) => [minutesOf(i.start), minutesOf(i.end)] as const)
  const sorted = [...hours].sort((a, b) => a[0] - b[0])
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]![0] < sorted[i - 1]![1]) {
      issues.push({ path: "workingHours", message: "working intervals overlap" })
      break
    }
  }
  const zone = DateTime.zoneMakeNamed(data.timeZone)
  if (Option.isNone(zone)) issues.push({ path: "timeZone", message: `unknown IANA time zone ${data.timeZone}` })
  if (issues.length > 0 || Option.isNone(zone)) return Either.left(new CalendarDataError({ issues }))
  return Either.right({
    [TypeId]: TypeId,
    id: data.id,
    data,
    zone: zone.value,
    ...withFixedOffset(detectFixedOffset(zone.value, start, end)),
    index: Ix.buildIndex(start, end, weekend, overrides),
    notes,
    hours: sorted
  })
}

const withFixedOffset = (fixedOffset: ZoneRef["fixedOffset"]) => (fixedOffset ? { fixedOffset } : {})

/**
 * Decodes and indexes calendar data from an unknown value (parsed JSON), reporting every problem
 * with its path.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode = (input: unknown): Either.Either<BusinessCalendar, CalendarDataError> =>
  Issues.decodeUnknownEither(CalendarData, { errors: "all", onExcessProperty: "error" })(input).pipe(
    Either.mapLeft((e) => new CalendarDataError({ issues: issuesOf(e) })),
    Either.flatMap(make)
  )

/**
 * Decodes calendar data from JSON text.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromJson = (text: string): Either.Either<BusinessCalendar, CalendarDataError> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    return Either.left(new CalendarDataError({ issues: [{ path: "", message: `not JSON: ${(e as Error).message}` }] }))
  }
  return decode(parsed)
}

/**
 * The JSON-ready data of a calendar (what {@link decode} reads back unchanged).
 *
 * @since 0.1.0
 * @category conversions
 */
export const toJson = (calendar: BusinessCalendar): unknown => Schema.encodeSync(CalendarData)(calendar.data)

/**
 * A calendar where only weekend days are off: the plain Monday–Friday week by default.
 *
 * @since 0.1.0
 * @category constructors
 */
export const weekendsOnly = (options: {
  readonly id?: string
  readonly timeZone: string
  readonly from: LocalDate.LocalDate
  readonly to: LocalDate.LocalDate
  readonly weekendDays?: ReadonlyArray<LocalDate.Weekday>
  readonly workingHours?: ReadonlyArray<WorkingInterval>
}): Either.Either<BusinessCalendar, CalendarDataError> =>
  decode({
    id: options.id ?? "weekends-only",
    name: "Weekends only",
    timeZone: options.timeZone,
    weekendDays: options.weekendDays ?? [6, 7],
    holidays: [],
    makeUpWorkingDays: [],
    ...(options.workingHours ? { workingHours: options.workingHours } : {}),
    coverage: { from: options.from, to: options.to },
    version: "1",
    source: "no holidays: weekends only"
  })

/**
 * What differs in a calendar for one audience (a trading desk that does not work make-up
 * Saturdays; staff with half-day holidays; other office hours).
 *
 * @since 0.1.0
 * @category models
 */
export interface AudienceChanges {
  readonly id: string
  readonly name?: string
  /** Drop every make-up working day: those weekend days stay off. */
  readonly ignoreMakeUpWorkingDays?: boolean
  readonly addHolidays?: ReadonlyArray<Holiday>
  readonly workingHours?: ReadonlyArray<WorkingInterval>
  readonly weekendDays?: ReadonlyArray<LocalDate.Weekday>
}

/**
 * A calendar for one audience, derived from a base calendar. Added holidays replace the base's
 * entry on the same date.
 *
 * @since 0.1.0
 * @category constructors
 */
export const derive = (
  base: BusinessCalendar,
  changes: AudienceChanges
): Either.Either<BusinessCalendar, CalendarDataError> => {
  const added = changes.addHolidays ?? []
  const addedDates = new Set(added.map((h) => h.date))
  // Changes come from the host app: a bad one (an empty holiday name) is a typed error, not a throw.
  const encoded = Schema.encodeEither(CalendarData)(
    {
      ...base.data,
      id: changes.id,
      name: changes.name ?? `${base.data.name} (${changes.id})`,
      weekendDays: changes.weekendDays ?? base.data.weekendDays,
      holidays: [...base.data.holidays.filter((h) => !addedDates.has(h.date)), ...added].sort((a, b) =>
        LocalDate.compare(a.date, b.date)
      ),
      makeUpWorkingDays: changes.ignoreMakeUpWorkingDays ? [] : base.data.makeUpWorkingDays,
      ...(changes.workingHours ? { workingHours: changes.workingHours } : {}),
      source: `${base.data.source}; derived as ${changes.id} from ${base.id}`
    },
    { errors: "all" }
  )
  return Either.isLeft(encoded)
    ? Either.left(new CalendarDataError({ issues: issuesOf(encoded.left) }))
    : decode(encoded.right)
}

/**
 * Loads a year's holiday notice into a calendar: the year's entries are replaced by the notice's
 * and the coverage grows to the end of that year. The notice's year must touch the coverage
 * without a gap, after it or before it. Its dates lie in its year or the year before (a December
 * make-up working day), and problems are reported at their path in the notice.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withNotice = (
  calendar: BusinessCalendar,
  notice: CalendarNotice
): Either.Either<BusinessCalendar, CalendarDataError> => {
  const yearText = (year: number) => String(year).padStart(4, "0")
  const yearFrom = `${yearText(notice.year)}-01-01` as LocalDate.LocalDate
  const yearTo = `${yearText(notice.year)}-12-31` as LocalDate.LocalDate
  const previousYearFrom = `${yearText(notice.year - 1)}-01-01`
  const { coverage } = calendar.data
  const issues: Array<DataIssue> = []
  // Text comparison; past 9999-12-31 nothing can follow the coverage, before 0001-01-01 nothing precede it.
  if (yearFrom > Either.getOrElse(LocalDate.addDays(coverage.to, 1), () => "9999-12-31")) {
    issues.push({
      path: "year",
      message: `notice for ${notice.year} leaves a gap after the coverage ending ${coverage.to}`
    })
  }
  if (yearTo < Either.getOrElse(LocalDate.addDays(coverage.from, -1), () => "0001-01-01")) {
    issues.push({
      path: "year",
      message: `notice for ${notice.year} leaves a gap before the coverage starting ${coverage.from}`
    })
  }
  const checkDates = (list: "holidays" | "makeUpWorkingDays", dates: ReadonlyArray<LocalDate.LocalDate>) => {
    const seen = new Set<string>()
    dates.forEach((date, i) => {
      const path = `${list}[${i}].date`
      if (date < previousYearFrom || date > yearTo) {
        issues.push({ path, message: `${date} is neither in ${notice.year} nor in the year before` })
      } else if (date < yearFrom && date < coverage.from) {
        // The rest of that earlier year is not known: its own notice must come first.
        issues.push({
          path,
          message: `${date} is before the coverage starting ${coverage.from}; load the notice for ${notice.year - 1} first`
        })
      } else if (seen.has(date)) {
        issues.push({ path, message: `${date} is listed twice` })
      }
      seen.add(date)
    })
  }
  const holidayDates = notice.holidays.map((h) => h.date)
  const makeUpDates = notice.makeUpWorkingDays.map((m) => m.date)
  checkDates("holidays", holidayDates)
  checkDates("makeUpWorkingDays", makeUpDates)
  if (issues.length > 0) return Either.left(new CalendarDataError({ issues }))
  const noticeDates = new Set([...holidayDates, ...makeUpDates])
  const replaced = (date: LocalDate.LocalDate) => (date >= yearFrom && date <= yearTo) || noticeDates.has(date)
  // A notice built in code (not decoded) may be bad: a typed error, not a throw.
  const encoded = Schema.encodeEither(CalendarData)(
    {
      ...calendar.data,
      holidays: [...calendar.data.holidays.filter((h) => !replaced(h.date)), ...notice.holidays].sort((a, b) =>
        LocalDate.compare(a.date, b.date)
      ),
      makeUpWorkingDays: [
        ...calendar.data.makeUpWorkingDays.filter((m) => !replaced(m.date)),
        ...notice.makeUpWorkingDays
      ].sort((a, b) => LocalDate.compare(a.date, b.date)),
      coverage: {
        from: LocalDate.compare(yearFrom, coverage.from) < 0 ? yearFrom : coverage.from,
        to: LocalDate.compare(yearTo, coverage.to) > 0 ? yearTo : coverage.to
      },
      version: notice.version,
      source: `${calendar.data.source}; ${notice.year}: ${notice.source}`
    },
    { errors: "all" }
  )
  return Either.isLeft(encoded)
    ? Either.left(new CalendarDataError({ issues: issuesOf(encoded.left) }))
    : decode(encoded.right)
}

/**
 * Decodes a notice from an unknown value (parsed JSON) and loads it, reporting every problem
 * with its path.
 *
 * @since 0.1.0
 * @category constructors
 */
export const loadNotice = (
  calendar: BusinessCalendar,
  input: unknown
): Either.Either<BusinessCalendar, CalendarDataError> =>
  Issues.decodeUnknownEither(CalendarNotice, { errors: "all", onExcessProperty: "error" })(input).pipe(
    Either.mapLeft((e) => new CalendarDataError({ issues: issuesOf(e) })),
    Either.flatMap((notice) => withNotice(calendar, notice))
  )

// ---------------------------------------------------------------------------------------------
// Answers beyond the coverage
// ---------------------------------------------------------------------------------------------

/**
 * How to answer a question that reaches beyond the calendar's coverage: refuse (the default), or
 * answer provisionally from the weekly pattern.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProvisionalOptions {
  readonly beyondCoverage: "provisional"
}

/**
 * An answer that may rest on days beyond the coverage. When `provisional`, `assumptions` say
 * what was assumed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Provisional<A> {
  readonly value: A
  readonly provisional: boolean
  readonly assumptions: ReadonlyArray<string>
}

/**
 * The assumption a calendar makes beyond its coverage, as a sentence.
 *
 * @since 0.1.0
 * @category utils
 */
export const assumptionBeyondCoverage = (calendar: BusinessCalendar): string => {
  const off = [...calendar.data.weekendDays].sort().map((w) => WEEKDAY_NAMES[w])
  return (
    `beyond ${calendar.data.coverage.from}–${calendar.data.coverage.to} (data ${calendar.data.version}) ` +
    `only weekends (${off.join(", ") || "none"}) are assumed off: no holidays or make-up working days are known`
  )
}

const outside = (calendar: BusinessCalendar, day: number): OutsideCoverage =>
  new OutsideCoverage({
    calendarId: calendar.id,
    version: calendar.data.version,
    date: Ix.textOf(calendar.index, day),
    coverageFrom: calendar.data.coverage.from,
    coverageTo: calendar.data.coverage.to
  })

/** Wraps an answer spanning days [lo, hi] per the caller's coverage choice. */
const answer = <A>(
  calendar: BusinessCalendar,
  lo: number,
  hi: number,
  value: A,
  options: ProvisionalOptions | undefined
): Either.Either<A | Provisional<A>, OutsideCoverage> => {
  const ix = calendar.index
  const beyond = lo < ix.start || hi > ix.end
  if (options?.beyondCoverage === "provisional") {
    return Either.right({
      value,
      provisional: beyond,
      assumptions: beyond ? [assumptionBeyondCoverage(calendar)] : []
    })
  }
  return beyond ? Either.left(outside(calendar, lo < ix.start ? lo : hi)) : Either.right(value)
}

const invalidDate = (argument: string, input: unknown) =>
  Either.left(
    new InvalidArgument({
      argument,
      message: `${argument}: expected a date written YYYY-MM-DD that exists, got ${JSON.stringify(input)}`
    })
  )

const invalidCount = (argument: string, input: unknown) =>
  Either.left(
    new InvalidArgument({ argument, message: `${argument}: expected a whole number of days, got ${String(input)}` })
  )

/** Bound on a count of working days, so the index arithmetic stays in safe integers. */
const MAX_DAYS = 1_000_000

/** An answer before 0001-01-01 or after 9999-12-31 cannot be written as a `LocalDate`. */
const unrepresentable = (argument: string, day: number) =>
  Either.left(
    new InvalidArgument({
      argument,
      message: `${argument}: the answer would be ${day < 0 ? "before 0001-01-01" : "after 9999-12-31"}, which YYYY-MM-DD cannot write`
    })
  )

/** An instant (or the answer's) whose day in the calendar's zone YYYY-MM-DD cannot write. */
const unwritableDay = (argument: string, day: number) =>
  Either.left(
    new InvalidArgument({
      argument,
      message: `${argument}: falls ${day < 0 ? "before 0001-01-01" : "after 9999-12-31"} in the calendar's zone, which YYYY-MM-DD cannot write`
    })
  )

/** 400 Gregorian years, after which dates, weekdays and zone rules repeat. */
const CYCLE_DAYS = 146_097
const CYCLE_MS = CYCLE_DAYS * DAY_MS
const EDGE_LOW_MS = LocalDate.epochDayOf(2, 1, 1) * DAY_MS
const EDGE_HIGH_MS = LocalDate.epochDayOf(9998, 12, 31) * DAY_MS

/**
 * The local day of an instant in the calendar's zone, for any instant. Near and beyond the writable
 * years the zone's parts cannot be trusted (Intl writes 1 BC as year 1; near the last instant a
 * DateTime the zone's time cannot be made), so the day is read whole 400-year cycles inward, where
 * the zone keeps the same offset (its local mean time before year 402, its last rules after 9598).
 */
const localDayOf = (calendar: BusinessCalendar, millis: number): number => {
  if (millis < EDGE_LOW_MS) {
    const k = Math.ceil((EDGE_LOW_MS - millis) / CYCLE_MS)
    return millisToLocal(calendar, millis + k * CYCLE_MS).epochDay - k * CYCLE_DAYS
  }
  if (millis > EDGE_HIGH_MS) {
    const k = Math.ceil((millis - EDGE_HIGH_MS) / CYCLE_MS)
    return millisToLocal(calendar, millis - k * CYCLE_MS).epochDay + k * CYCLE_DAYS
  }
  return millisToLocal(calendar, millis).epochDay
}

// ---------------------------------------------------------------------------------------------
// Day operations
// ---------------------------------------------------------------------------------------------

/**
 * Whether a date is a working day.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isWorkingDay: {
  (calendar: BusinessCalendar, date: LocalDate.LocalDate): Either.Either<boolean, CalendarError>
  (
    calendar: BusinessCalendar,
    date: LocalDate.LocalDate,
    options: ProvisionalOptions
  ): Either.Either<Provisional<boolean>, CalendarError>
} = ((calendar: BusinessCalendar, date: LocalDate.LocalDate, options?: ProvisionalOptions) => {
  const ix = calendar.index
  const day = Ix.parse(ix, date)
  if (Number.isNaN(day)) return invalidDate("date", date)
  // The common case, no options and inside the coverage, allocates nothing.
  if (options === undefined && day >= ix.start && day <= ix.end)
    return ix.working[day - ix.start] === 1 ? Ix.TRUE : Ix.FALSE
  return answer(calendar, day, day, Ix.isWorking(ix, day), options)
}) as never

/**
 * The date `n` working days after `date` (before it when `n` is negative). The starting day is
 * not counted: 1 working day after a Friday is the next working day, whatever the Friday is;
 * with `n = 0` the date itself.
 *
 * @since 0.1.0
 * @category math
 */
export const addWorkingDays: {
  (calendar: BusinessCalendar, date: LocalDate.LocalDate, n: number): Either.Either<LocalDate.LocalDate, CalendarError>
  (
    calendar: BusinessCalendar,
    date: LocalDate.LocalDate,
    n: number,
    options: ProvisionalOptions
  ): Either.Either<Provisional<LocalDate.LocalDate>, CalendarError>
} = ((calendar: BusinessCalendar, date: LocalDate.LocalDate, n: number, options?: ProvisionalOptions) => {
  // The common case, no options and both days inside the coverage: a shared, immutable answer per
  // working day from one call. This wrapper stays small so that V8 inlines it into the caller
  // (which then calls `addInCoverage` with exactly its three arguments); see docs/benchmarks.md.
  if (options === undefined) {
    const right = Ix.addInCoverage(calendar.index, date, n)
    if (right !== undefined) return right
  }
  return addWorkingDaysAnywhere(calendar, date, n, options)
}) as never

/** `addWorkingDays` for every case (errors, options, outside the coverage, n = 0), the fast path's included. */
const addWorkingDaysAnywhere = (
  calendar: BusinessCalendar,
  date: LocalDate.LocalDate,
  n: number,
  options: ProvisionalOptions | undefined
) => {
  const ix = calendar.index
  const day = Ix.parse(ix, date)
  if (Number.isNaN(day)) return invalidDate("date", date)
  if (!Number.isInteger(n) || n > MAX_DAYS || n < -MAX_DAYS) return invalidCount("n", n)
  const target = Ix.addWorking(ix, day, n)
  if (options === undefined && day >= ix.start && day <= ix.end && target >= ix.start && target <= ix.end) {
    return Ix.rightOf(ix, target)
  }
  if (!LocalDate.isRepresentable(target)) return unrepresentable("n", target)
  return answer(calendar, Math.min(day, target), Math.max(day, target), Ix.textOf(ix, target), options)
}

/**
 * The working days stepped over going from `from` to `to`: the landing day counts, the starting
 * day does not. Negative when `to` is earlier. So `workingDaysBetween(d, addWorkingDays(d, n)) = n`.
 *
 * @since 0.1.0
 * @category math
 */
export const workingDaysBetween: {
  (calendar: BusinessCalendar, from: LocalDate.LocalDate, to: LocalDate.LocalDate): Either.Either<number, CalendarError>
  (
    calendar: BusinessCalendar,
    from: LocalDate.LocalDate,
    to: LocalDate.LocalDate,
    options: ProvisionalOptions
  ): Either.Either<Provisional<number>, CalendarError>
} = ((calendar: BusinessCalendar, from: LocalDate.LocalDate, to: LocalDate.LocalDate, options?: ProvisionalOptions) => {
  const ix = calendar.index
  const a = Ix.parse(ix, from)
  if (Number.isNaN(a)) return invalidDate("from", from)
  const b = Ix.parse(ix, to)
  if (Number.isNaN(b)) return invalidDate("to", to)
  if (options === undefined && a >= ix.start && a <= ix.end && b >= ix.start && b <= ix.end) {
    return Either.right(Ix.between(ix, a, b))
  }
  return answer(calendar, Math.min(a, b), Math.max(a, b), Ix.between(ix, a, b), options)
}) as never

/**
 * The first working day after `date`.
 *
 * @since 0.1.0
 * @category math
 */
export const nextWorkingDay: {
  (calendar: BusinessCalendar, date: LocalDate.LocalDate): Either.Either<LocalDate.LocalDate, CalendarError>
  (
    calendar: BusinessCalendar,
    date: LocalDate.LocalDate,
    options: ProvisionalOptions
  ): Either.Either<Provisional<LocalDate.LocalDate>, CalendarError>
} = ((calendar: BusinessCalendar, date: LocalDate.LocalDate, options?: ProvisionalOptions) =>
  addWorkingDays(calendar, date, 1, options as ProvisionalOptions)) as never

/**
 * The last working day before `date`.
 *
 * @since 0.1.0
 * @category math
 */
export const previousWorkingDay: {
  (calendar: BusinessCalendar, date: LocalDate.LocalDate): Either.Either<LocalDate.LocalDate, CalendarError>
  (
    calendar: BusinessCalendar,
    date: LocalDate.LocalDate,
    options: ProvisionalOptions
  ): Either.Either<Provisional<LocalDate.LocalDate>, CalendarError>
} = ((calendar: BusinessCalendar, date: LocalDate.LocalDate, options?: ProvisionalOptions) =>
  addWorkingDays(calendar, date, -1, options as ProvisionalOptions)) as never

/**
 * How a date that is not a working day moves onto one:
 * - `following`: the next working day;
 * - `preceding`: the previous working day;
 * - `modifiedFollowing`: the next, unless that is in another month, then the previous;
 * - `modifiedPreceding`: the previous, unless that is in another month, then the next;
 * - `strict` (the default): it does not move; a non-working day is an error.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RollConvention = Schema.Literal(
  "strict",
  "following",
  "preceding",
  "modifiedFollowing",
  "modifiedPreceding"
)

/**
 * @since 0.1.0
 * @category models
 */
export type RollConvention = typeof RollConvention.Type

/** @internal Rolls an epoch day; `undefined` when strict refuses. */
export const rollDay = (ix: Ix.CalendarIndex, day: number, convention: RollConvention): number | undefined => {
  if (Ix.isWorking(ix, day)) return day
  // Year and month: a roll that crosses a whole year lands in another month too.
  const month = (d: number) => {
    const p = LocalDate.partsOfEpochDay(d)
    return p.year * 12 + p.month
  }
  switch (convention) {
    case "strict":
      return undefined
    case "following":
      return Ix.addWorking(ix, day, 1)
    case "preceding":
      return Ix.addWorking(ix, day, -1)
    case "modifiedFollowing": {
      const next = Ix.addWorking(ix, day, 1)
      return month(next) === month(day) ? next : Ix.addWorking(ix, day, -1)
    }
    case "modifiedPreceding": {
      const previous = Ix.addWorking(ix, day, -1)
      return month(previous) === month(day) ? previous : Ix.addWorking(ix, day, 1)
    }
  }
}

/**
 * Moves a date onto a working day by a {@link RollConvention}; a working day stays where it is.
 *
 * @since 0.1.0
 * @category math
 */
export const roll: {
  (
    calendar: BusinessCalendar,
    date: LocalDate.LocalDate,
    convention?: RollConvention
  ): Either.Either<LocalDate.LocalDate, CalendarError>
  (
    calendar: BusinessCalendar,
    date: LocalDate.LocalDate,
    convention: RollConvention,
    options: ProvisionalOptions
  ): Either.Either<Provisional<LocalDate.LocalDate>, CalendarError>
} = ((
  calendar: BusinessCalendar,
  date: LocalDate.LocalDate,
  convention: RollConvention = "strict",
  options?: ProvisionalOptions
) => {
  const day = LocalDate.toEpochDay(date)
  if (Number.isNaN(day)) return invalidDate("date", date)
  const rolled = rollDay(calendar.index, day, convention)
  if (rolled === undefined) {
    // Beyond the coverage a weekend may yet be a make-up working day: only a provisional answer may say it is off.
    const ix = calendar.index
    if ((day < ix.start || day > ix.end) && options?.beyondCoverage !== "provisional") {
      return Either.left(outside(calendar, day))
    }
    return Either.left(new NotAWorkingDay({ calendarId: calendar.id, date, reason: describeDay(calendar, day).reason }))
  }
  if (!LocalDate.isRepresentable(rolled)) return unrepresentable("date", rolled)
  return answer(calendar, Math.min(day, rolled), Math.max(day, rolled), Ix.textOf(calendar.index, rolled), options)
}) as never

// ---------------------------------------------------------------------------------------------
// Why a day is what it is
// ---------------------------------------------------------------------------------------------

/**
 * What a date is in a calendar, and why.
 *
 * @since 0.1.0
 * @category models
 */
export interface DayInfo {
  readonly date: LocalDate.LocalDate
  readonly working: boolean
  readonly kind: "workday" | "weekend" | "holiday" | "makeUpWorkingDay" | "halfDayHoliday"
  /** The holiday, or for a make-up working day the holiday it compensates (English, Chinese). */
  readonly holiday?: { readonly name: string; readonly nameZh?: string }
  readonly provisional: boolean
  /** A short English reason, e.g. "holiday: Spring Festival". */
  readonly reason: string
}

/** @internal */
export const describeDay = (calendar: BusinessCalendar, day: number): DayInfo => {
  const ix = calendar.index
  const date = Ix.textOf(ix, day) as LocalDate.LocalDate
  const provisional = day < ix.start || day > ix.end
  const working = Ix.isWorking(ix, day)
  const note = provisional ? undefined : calendar.notes.get(day)
  const weekday = LocalDate.weekdayOfEpochDay(day)
  if (note?.makeUp) {
    const { compensates, compensatesZh } = note.makeUp
    return {
      date,
      working,
      kind: "makeUpWorkingDay",
      holiday: compensatesZh ? { name: compensates, nameZh: compensatesZh } : { name: compensates },
      provisional,
      reason: `make-up working day (${WEEKDAY_NAMES[weekday]}) for ${compensates}`
    }
  }
  if (note?.holiday) {
    const { halfDay, name, nameZh } = note.holiday
    return {
      date,
      working,
      kind: halfDay ? "halfDayHoliday" : "holiday",
      holiday: nameZh ? { name, nameZh } : { name },
      provisional,
      reason: halfDay ? `half-day holiday (${halfDay} off): ${name}` : `holiday: ${name}`
    }
  }
  return working
    ? { date, working, kind: "workday", provisional, reason: "working day" }
    : { date, working, kind: "weekend", provisional, reason: `weekend (${WEEKDAY_NAMES[weekday]})` }
}

/**
 * What a date is (working day, weekend, named holiday, make-up working day) and why.
 *
 * @since 0.1.0
 * @category utils
 */
export const dayInfo = (
  calendar: BusinessCalendar,
  date: LocalDate.LocalDate
): Either.Either<DayInfo, CalendarError> => {
  const day = LocalDate.toEpochDay(date)
  if (Number.isNaN(day)) return invalidDate("date", date)
  return Either.right(describeDay(calendar, day))
}

/**
 * Every day strictly between two dates that is not a plain working day (weekends, holidays,
 * make-up working days), in order: what a count of working days stepped over or counted in.
 *
 * @since 0.1.0
 * @category utils
 */
export const notableDaysBetween = (
  calendar: BusinessCalendar,
  from: LocalDate.LocalDate,
  to: LocalDate.LocalDate
): Either.Either<ReadonlyArray<DayInfo>, CalendarError> => {
  const a = LocalDate.toEpochDay(from)
  if (Number.isNaN(a)) return invalidDate("from", from)
  const b = LocalDate.toEpochDay(to)
  if (Number.isNaN(b)) return invalidDate("to", to)
  const out: Array<DayInfo> = []
  const lo = Math.min(a, b)
  const hi = Math.max(a, b)
  if (hi - lo > 4000) {
    return Either.left(
      new InvalidArgument({ argument: "to", message: "span too long to list day by day (over 4000 days)" })
    )
  }
  for (let d = lo + 1; d < hi; d++) {
    const info = describeDay(calendar, d)
    if (info.kind !== "workday") out.push(info)
  }
  return Either.right(out)
}

/**
 * The holidays of a calendar with a given name (English or Chinese), grouped into consecutive
 * blocks, e.g. the nine days of Spring Festival 2026. Each block is `{ name, from, to }`.
 *
 * @since 0.1.0
 * @category utils
 */
export const holidayBlocks = (
  calendar: BusinessCalendar,
  name: string
): ReadonlyArray<{
  readonly name: string
  readonly nameZh?: string
  readonly from: LocalDate.LocalDate
  readonly to: LocalDate.LocalDate
}> => {
  const wanted = name.trim().toLowerCase()
  const days = calendar.data.holidays
    .filter((h) => h.halfDay === undefined && (h.name.toLowerCase() === wanted || h.nameZh?.toLowerCase() === wanted))
    .map((h) => ({ h, day: LocalDate.toEpochDay(h.date) }))
    .sort((x, y) => x.day - y.day)
  const blocks: Array<{
    name: string
    nameZh?: string
    from: LocalDate.LocalDate
    to: LocalDate.LocalDate
    last: number
  }> = []
  for (const { day, h } of days) {
    const last = blocks[blocks.length - 1]
    // Holidays of one name within a week of each other are one break (weekends may sit between).
    if (last && day - last.last <= 7) {
      last.to = h.date
      last.last = day
    } else {
      blocks.push({ name: h.name, ...(h.nameZh ? { nameZh: h.nameZh } : {}), from: h.date, to: h.date, last: day })
    }
  }
  return blocks.map(({ last: _, ...b }) => b)
}

// ---------------------------------------------------------------------------------------------
// Working hours
// ---------------------------------------------------------------------------------------------

/** @internal The working intervals of a day in minutes, halved on half-day holidays. */
export const intervalsOf = (calendar: BusinessCalendar, day: number): ReadonlyArray<readonly [number, number]> => {
  if (!Ix.isWorking(calendar.index, day)) return []
  const half = calendar.notes.get(day)?.holiday?.halfDay
  if (half === undefined || calendar.notes.get(day)?.makeUp) return calendar.hours
  const NOON = 720
  const out: Array<readonly [number, number]> = []
  for (const [s, e] of calendar.hours) {
    const kept: readonly [number, number] = half === "afternoon" ? [s, Math.min(e, NOON)] : [Math.max(s, NOON), e]
    if (kept[0] < kept[1]) out.push(kept)
  }
  return out
}

/**
 * @internal The working intervals of a day as instants, in order and never overlapping. Where a
 * daylight-saving gap sends a local time past a later one (02:30 does not exist on the spring-forward
 * day and resolves to 03:30, after 03:00), an interval is cut to start where the one before ended.
 */
export const instantIntervalsOf = (
  calendar: BusinessCalendar,
  day: number
): ReadonlyArray<readonly [number, number]> => {
  const out: Array<readonly [number, number]> = []
  let floor = Number.NEGATIVE_INFINITY
  for (const [s, e] of intervalsOf(calendar, day)) {
    const a = Math.max(localToMillis(calendar, day, s), floor)
    const b = Math.max(localToMillis(calendar, day, e), a)
    if (b > a) out.push([a, b])
    floor = b
  }
  return out
}

/**
 * The working intervals of a date as instants (empty on a day off).
 *
 * @since 0.1.0
 * @category working hours
 */
export const workingIntervals = (
  calendar: BusinessCalendar,
  date: LocalDate.LocalDate
): Either.Either<ReadonlyArray<{ readonly start: DateTime.Zoned; readonly end: DateTime.Zoned }>, CalendarError> => {
  const day = LocalDate.toEpochDay(date)
  if (Number.isNaN(day)) return invalidDate("date", date)
  if (calendar.hours.length === 0) return Either.left(new NoWorkingHours({ calendarId: calendar.id }))
  if (day < calendar.index.start || day > calendar.index.end) return Either.left(outside(calendar, day))
  const intervals = instantIntervalsOf(calendar, day)
  const last = intervals[intervals.length - 1]
  if (last !== undefined && !LocalDate.isRepresentable(localDayOf(calendar, last[1]))) {
    return unwritableDay("date", localDayOf(calendar, last[1]))
  }
  return Either.right(intervals.map(([a, b]) => ({ start: zoned(calendar, a), end: zoned(calendar, b) })))
}

/**
 * The instant a date's working day ends: the end of its last working interval, or midnight after
 * it when the calendar defines no working hours. For "by the end of the working day".
 *
 * @since 0.1.0
 * @category working hours
 */
export const endOfWorkingDay = (
  calendar: BusinessCalendar,
  date: LocalDate.LocalDate
): Either.Either<DateTime.Zoned, CalendarError> => {
  const day = LocalDate.toEpochDay(date)
  if (Number.isNaN(day)) return invalidDate("date", date)
  const end = endOfDayMillis(calendar, day)
  // Midnight after 9999-12-31 (a calendar without working hours) is on a day YYYY-MM-DD cannot write.
  if (!LocalDate.isRepresentable(localDayOf(calendar, end))) return unwritableDay("date", localDayOf(calendar, end))
  return Either.right(zoned(calendar, end))
}

/** @internal */
export const endOfDayMillis = (calendar: BusinessCalendar, day: number): number => {
  const intervals = intervalsOf(calendar, day)
  const last = intervals[intervals.length - 1]
  return last ? localToMillis(calendar, day, last[1]) : localToMillis(calendar, day + 1, 0)
}

/** Days a working-hours walk may visit before it gives up (about 27 years). */
const MAX_WALK_DAYS = 10_000

/** @internal Adds working milliseconds to an instant; the result and the last day touched. */
export const addWorkingMillis = (
  calendar: BusinessCalendar,
  startMillis: number,
  amount: number
): { readonly millis: number; readonly lastDay: number; readonly firstDay: number } | undefined => {
  let { epochDay: day } = millisToLocal(calendar, startMillis)
  const firstDay = day
  let remaining = amount
  let cursor = startMillis
  const forward = amount >= 0
  for (let steps = 0; steps < MAX_WALK_DAYS; steps++) {
    const intervals = instantIntervalsOf(calendar, day)
    const ordered = forward ? intervals : [...intervals].reverse()
    for (const [a, b] of ordered) {
      if (forward) {
        const from = Math.max(a, cursor)
        if (from >= b) continue
        if (remaining === 0) return { millis: from, lastDay: day, firstDay }
        if (from + remaining <= b) return { millis: from + remaining, lastDay: day, firstDay }
        remaining -= b - from
        cursor = b
      } else {
        const to = Math.min(b, cursor)
        if (to <= a) continue
        if (remaining === 0) return { millis: to, lastDay: day, firstDay }
        if (to + remaining >= a) return { millis: to + remaining, lastDay: day, firstDay }
        remaining += to - a
        cursor = a
      }
    }
    day += forward ? 1 : -1
  }
  return undefined
}

/**
 * The instant after `duration` of working time from `start` (before it for a negative duration),
 * counting only the calendar's working intervals: 3 working hours from Friday 16:00 with
 * 09:00–12:00 and 13:30–18:00 hours is Monday 10:00. A start outside working hours begins at
 * the next working interval.
 *
 * @since 0.1.0
 * @category working hours
 */
export const addWorkingTime: {
  (calendar: BusinessCalendar, start: DateTime.DateTime, millis: number): Either.Either<DateTime.Zoned, CalendarError>
  (
    calendar: BusinessCalendar,
    start: DateTime.DateTime,
    millis: number,
    options: ProvisionalOptions
  ): Either.Either<Provisional<DateTime.Zoned>, CalendarError>
} = ((calendar: BusinessCalendar, start: DateTime.DateTime, millis: number, options?: ProvisionalOptions) => {
  if (calendar.hours.length === 0) return Either.left(new NoWorkingHours({ calendarId: calendar.id }))
  if (!Number.isFinite(millis)) {
    return Either.left(
      new InvalidArgument({ argument: "duration", message: `duration: not a finite duration: ${millis}` })
    )
  }
  const startDay = localDayOf(calendar, DateTime.toEpochMillis(start))
  if (!LocalDate.isRepresentable(startDay)) return unwritableDay("start", startDay)
  // No day holds 48 hours of working time, so a longer duration could never be walked: refuse at once.
  const result =
    Math.abs(millis) > MAX_WALK_DAYS * 2 * DAY_MS
      ? undefined
      : addWorkingMillis(calendar, DateTime.toEpochMillis(start), millis)
  if (result === undefined) {
    return Either.left(
      new InvalidArgument({ argument: "duration", message: "duration reaches more than 10,000 days away" })
    )
  }
  const endDay = localDayOf(calendar, result.millis)
  if (!LocalDate.isRepresentable(endDay)) return unwritableDay("duration", endDay)
  return answer(
    calendar,
    Math.min(result.firstDay, result.lastDay),
    Math.max(result.firstDay, result.lastDay),
    zoned(calendar, result.millis),
    options
  )
}) as never

/**
 * Working time between two instants, in milliseconds (negative when `to` is earlier).
 *
 * @since 0.1.0
 * @category working hours
 */
export const workingTimeBetween: {
  (calendar: BusinessCalendar, from: DateTime.DateTime, to: DateTime.DateTime): Either.Either<number, CalendarError>
  (
    calendar: BusinessCalendar,
    from: DateTime.DateTime,
    to: DateTime.DateTime,
    options: ProvisionalOptions
  ): Either.Either<Provisional<number>, CalendarError>
} = ((calendar: BusinessCalendar, from: DateTime.DateTime, to: DateTime.DateTime, options?: ProvisionalOptions) => {
  if (calendar.hours.length === 0) return Either.left(new NoWorkingHours({ calendarId: calendar.id }))
  const x = DateTime.toEpochMillis(from)
  const y = DateTime.toEpochMillis(to)
  const a = Math.min(x, y)
  const b = Math.max(x, y)
  const first = localDayOf(calendar, a)
  const last = localDayOf(calendar, b)
  if (!LocalDate.isRepresentable(first)) return unwritableDay(x <= y ? "from" : "to", first)
  if (!LocalDate.isRepresentable(last)) return unwritableDay(x <= y ? "to" : "from", last)
  if (last - first > MAX_WALK_DAYS) {
    return Either.left(new InvalidArgument({ argument: "to", message: "span longer than 10,000 days" }))
  }
  let total = 0
  for (let day = first; day <= last; day++) {
    for (const [start, end] of instantIntervalsOf(calendar, day)) {
      const lo = Math.max(a, start)
      const hi = Math.min(b, end)
      if (hi > lo) total += hi - lo
    }
  }
  return answer(calendar, first, last, y < x ? -total : total, options)
}) as never

/**
 * The local date of an instant in the calendar's zone.
 *
 * The instant must fall between 0001-01-01 and 9999-12-31 in the calendar's zone, the days
 * `YYYY-MM-DD` can write (every instant of the years 2–9998 does). For an instant outside them the
 * result is not a `LocalDate` (`10000-01-01` is written for the day after 9999-12-31). For instants
 * that come from outside, use {@link localDateOfEither}, which refuses them with `InvalidArgument`.
 *
 * @since 0.1.0
 * @category utils
 */
export const localDateOf = (calendar: BusinessCalendar, instant: DateTime.DateTime): LocalDate.LocalDate =>
  Ix.textOf(calendar.index, localDayOf(calendar, DateTime.toEpochMillis(instant))) as LocalDate.LocalDate

/**
 * The local date of an instant in the calendar's zone, or `InvalidArgument` (argument `instant`) when
 * that day is before 0001-01-01 or after 9999-12-31, which `YYYY-MM-DD` cannot write.
 *
 * @since 0.1.0
 * @category utils
 */
export const localDateOfEither = (
  calendar: BusinessCalendar,
  instant: DateTime.DateTime
): Either.Either<LocalDate.LocalDate, InvalidArgument> => {
  const day = localDayOf(calendar, DateTime.toEpochMillis(instant))
  return LocalDate.isRepresentable(day)
    ? Either.right(Ix.textOf(calendar.index, day) as LocalDate.LocalDate)
    : unwritableDay("instant", day)
}

/**
 * The instant of a local date and `HH:MM` time in the calendar's zone.
 *
 * @since 0.1.0
 * @category utils
 */
export const instantAt = (
  calendar: BusinessCalendar,
  date: LocalDate.LocalDate,
  time: string
): Either.Either<DateTime.Zoned, CalendarError> => {
  const day = LocalDate.toEpochDay(date)
  if (Number.isNaN(day)) return invalidDate("date", date)
  if (!/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(time)) {
    return Either.left(
      new InvalidArgument({ argument: "time", message: `time: expected HH:MM, got ${JSON.stringify(time)}` })
    )
  }
  const millis = localToMillis(calendar, day, minutesOf(time))
  // 24:00 of 9999-12-31 is midnight on a day YYYY-MM-DD cannot write.
  if (!LocalDate.isRepresentable(localDayOf(calendar, millis)))
    return unwritableDay("time", localDayOf(calendar, millis))
  return Either.right(zoned(calendar, millis))
}
