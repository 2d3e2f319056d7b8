/**
 * A calendar date without a time or a zone, written `YYYY-MM-DD` (ISO 8601).
 *
 * Business calendars count days, not instants, so every calendar operation takes and returns
 * `LocalDate`s. The value is a branded string: it prints, sorts and serialises as itself, and a
 * Schema checks it at the edge. Internally days are counted as *epoch days* (days since
 * 1970-01-01), which is what makes calendar arithmetic O(1).
 *
 * @since 0.1.0
 */
import type * as Brand from "effect/Brand"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category models
 */
export type LocalDate = string & Brand.Brand<"LocalDate">

/**
 * ISO weekday: 1 = Monday … 7 = Sunday.
 *
 * @since 0.1.0
 * @category models
 */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

const DIGIT_0 = 48

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
 *
 * @since 0.1.0
 * @category conversions
 */
export const epochDayOf = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/**
 * The number of days in a month of a year.
 *
 * @since 0.1.0
 * @category utils
 */
export const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31

/**
 * Parses `YYYY-MM-DD` to an epoch day, or `NaN` when the text is not a real date.
 * Allocation-free: this sits on the hot path of every calendar operation.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toEpochDay = (date: string): number => {
  if (typeof date !== "string" || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    return Number.NaN
  }
  let year = 0
  for (let i = 0; i < 4; i++) {
    const c = date.charCodeAt(i) - DIGIT_0
    if (c < 0 || c > 9) return Number.NaN
    year = year * 10 + c
  }
  const m1 = date.charCodeAt(5) - DIGIT_0
  const m2 = date.charCodeAt(6) - DIGIT_0
  const d1 = date.charCodeAt(8) - DIGIT_0
  const d2 = date.charCodeAt(9) - DIGIT_0
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return Number.NaN
  const month = m1 * 10 + m2
  const day = d1 * 10 + d2
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN
  return epochDayOf(year, month, day)
}

/**
 * The year, month (1–12) and day of an epoch day (H. Hinnant's `civil_from_days`).
 *
 * @since 0.1.0
 * @category conversions
 */
export const partsOfEpochDay = (
  epochDay: number
): { readonly year: number; readonly month: number; readonly day: number } => {
  const z = epochDay + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

const pad2 = (n: number): string => (n < 10 ? "0" + n : "" + n)

/** The first and last epoch days that `YYYY-MM-DD` can write (0001-01-01 … 9999-12-31). */
const MIN_EPOCH_DAY = epochDayOf(1, 1, 1)
const MAX_EPOCH_DAY = epochDayOf(9999, 12, 31)

/**
 * Whether an epoch day can be written as `YYYY-MM-DD`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRepresentable = (epochDay: number): boolean =>
  Number.isInteger(epochDay) && epochDay >= MIN_EPOCH_DAY && epochDay <= MAX_EPOCH_DAY

/**
 * Writes an epoch day as `YYYY-MM-DD`. The caller guarantees it {@link isRepresentable}.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromEpochDay = (epochDay: number): LocalDate => {
  const { day, month, year } = partsOfEpochDay(epochDay)
  return (String(year).padStart(4, "0") + "-" + pad2(month) + "-" + pad2(day)) as LocalDate
}

/**
 * ISO weekday of an epoch day (1970-01-01 was a Thursday).
 *
 * @since 0.1.0
 * @category utils
 */
export const weekdayOfEpochDay = (epochDay: number): Weekday => (((((epochDay + 3) % 7) + 7) % 7) + 1) as Weekday

/**
 * Whether a value is a real `YYYY-MM-DD` date.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLocalDate = (u: unknown): u is LocalDate => typeof u === "string" && !Number.isNaN(toEpochDay(u))

/**
 * The Schema of a `LocalDate`: a `YYYY-MM-DD` string naming a real day.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LocalDate: Schema.brand<Schema.filter<typeof Schema.String>, "LocalDate"> = Schema.String.pipe(
  Schema.filter((s) => isLocalDate(s) || `expected a date written YYYY-MM-DD that exists, got ${JSON.stringify(s)}`, {
    identifier: "LocalDate",
    jsonSchema: { type: "string", format: "date" },
    // Real dates 2000–2099, so arbitraries derived from Schemas never filter random text for dates.
    arbitrary: () => (fc) =>
      fc.integer({ min: epochDayOf(2000, 1, 1), max: epochDayOf(2099, 12, 31) }).map((day) => fromEpochDay(day))
  }),
  Schema.brand("LocalDate")
)

/**
 * The error of {@link make} for text that is not a real date.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidLocalDate extends Schema.TaggedError<InvalidLocalDate>()("InvalidLocalDate", {
  input: Schema.Unknown
}) {
  override get message(): string {
    return `not a date written YYYY-MM-DD that exists: ${JSON.stringify(this.input)}`
  }
}

/**
 * Checks text as a `LocalDate`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: string): Either.Either<LocalDate, InvalidLocalDate> =>
  isLocalDate(input) ? Either.right(input) : Either.left(new InvalidLocalDate({ input }))

/**
 * Checks text as a `LocalDate`, throwing when it is not one. For literals in tests and examples.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unsafeMake = (input: string): LocalDate => {
  if (!isLocalDate(input)) throw new InvalidLocalDate({ input })
  return input
}

/**
 * A date moved by a number of days that `YYYY-MM-DD` cannot write: before 0001-01-01 or after
 * 9999-12-31, or moved by a count that is not a whole number.
 *
 * @since 0.1.0
 * @category errors
 */
export class DateOutOfRange extends Schema.TaggedError<DateOutOfRange>()("DateOutOfRange", {
  date: Schema.String,
  days: Schema.Number
}) {
  override get message(): string {
    return Number.isInteger(this.days)
      ? `${this.date} moved by ${this.days} days falls outside 0001-01-01…9999-12-31, which YYYY-MM-DD cannot write`
      : `a date moves by whole days, got ${this.days}`
  }
}

/**
 * Moves a date by whole calendar days; a typed error when the answer is not a date `YYYY-MM-DD`
 * can write (before 0001-01-01 or after 9999-12-31) or `days` is not a whole number.
 *
 * @since 0.1.0
 * @category math
 */
export const addDays = (date: LocalDate, days: number): Either.Either<LocalDate, DateOutOfRange> => {
  const day = toEpochDay(date) + days
  return isRepresentable(day) ? Either.right(fromEpochDay(day)) : Either.left(new DateOutOfRange({ date, days }))
}

/**
 * {@link addDays} for dates known to stay within 0001-01-01…9999-12-31 (loops over a plan's days,
 * tests); throws {@link DateOutOfRange} otherwise.
 *
 * @since 0.1.0
 * @category math
 */
export const unsafeAddDays = (date: LocalDate, days: number): LocalDate => {
  const day = toEpochDay(date) + days
  if (!isRepresentable(day)) throw new DateOutOfRange({ date, days })
  return fromEpochDay(day)
}

/**
 * Calendar days from `from` to `to` (negative when `to` is earlier).
 *
 * @since 0.1.0
 * @category math
 */
export const daysBetween = (from: LocalDate, to: LocalDate): number => toEpochDay(to) - toEpochDay(from)

/**
 * ISO weekday of a date: 1 = Monday … 7 = Sunday.
 *
 * @since 0.1.0
 * @category utils
 */
export const weekday = (date: LocalDate): Weekday => weekdayOfEpochDay(toEpochDay(date))

/**
 * Year, month (1–12) and day of a date.
 *
 * @since 0.1.0
 * @category utils
 */
export const parts = (date: LocalDate): { readonly year: number; readonly month: number; readonly day: number } =>
  partsOfEpochDay(toEpochDay(date))

/**
 * The date of a year, month (1–12) and day, or an error when it does not exist.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromParts = (year: number, month: number, day: number): Either.Either<LocalDate, InvalidLocalDate> =>
  Number.isInteger(year) &&
  Number.isInteger(month) &&
  Number.isInteger(day) &&
  year >= 1 &&
  year <= 9999 &&
  month >= 1 &&
  month <= 12 &&
  day >= 1 &&
  day <= daysInMonth(year, month)
    ? Either.right(fromEpochDay(epochDayOf(year, month, day)))
    : Either.left(new InvalidLocalDate({ input: { year, month, day } }))

/**
 * Orders two dates (`-1`, `0`, `1`). ISO text sorts as dates do.
 *
 * @since 0.1.0
 * @category ordering
 */
export const compare = (a: LocalDate, b: LocalDate): -1 | 0 | 1 => (a < b ? -1 : a > b ? 1 : 0)
