/**
 * The day index behind every business calendar.
 *
 * A calendar's coverage is indexed once into typed arrays: a working flag per day, a prefix count
 * of working days, and the list of working days in order. Beyond the coverage the week repeats
 * (weekends only), which is answered arithmetically. From two total functions,
 *
 *   ordinal(x)  = working days in [start, x)   (negative before start)
 *   dayOf(k)    = the working day w with ordinal(w) = k
 *
 * every day-counting operation is O(1).
 */
import * as Either from "effect/Either"
import { epochDayOf, fromEpochDay, toEpochDay, weekdayOfEpochDay } from "../LocalDate.js"

/** @internal */
export interface CalendarIndex {
  /** First and last epoch day of the coverage (inclusive). */
  readonly start: number
  readonly end: number
  /** 1 for a working day, per day of the coverage. */
  readonly working: Uint8Array
  /** `cum[i]` = working days in [start, start + i); length = days + 1. */
  readonly cum: Int32Array
  /** Epoch days of the working days of the coverage, in order. */
  readonly workDays: Int32Array
  /** ISO text of the days of the coverage, filled on first use, so answers need no formatting. */
  readonly text: Array<string | undefined>
  /** One shared `Either.right(text)` per day of the coverage, filled on first use (an Either is immutable). */
  readonly rights: Array<Either.Either<string, never> | undefined>
  /** `workRights[k]` = `rights` of the k-th working day of the coverage (the same object), filled on first use. */
  readonly workRights: Array<Either.Either<string, never> | undefined>
  /** First year of `monthStart`, and `monthStart[(y - firstYear) * 12 + m - 1]` = epoch day of y-m-01, one past the end. */
  readonly firstYear: number
  readonly monthStart: Int32Array
  /** Months in `monthStart` (its length − 1). */
  readonly months: number
  /** Days of the coverage (`end - start + 1`). */
  readonly days: number
  /** Weekly pattern beyond the coverage. `weekWorking[w]` for ISO weekday w (index 1–7). */
  readonly weekWorking: Uint8Array
  readonly perWeek: number
  /** `weekPrefix[w0][r]` = working days among the r days starting on ISO weekday w0. */
  readonly weekPrefix: ReadonlyArray<Int32Array>
  /** `forward[w0][r]` = offset of the r-th (0-based) working day on or after a day of weekday w0. */
  readonly forward: ReadonlyArray<Int32Array>
  /** `backward[w0][r]` = offset (≥ 0) back from a day of weekday w0 to the r-th working day on or before it. */
  readonly backward: ReadonlyArray<Int32Array>
}

/** @internal */
export const buildIndex = (
  start: number,
  end: number,
  weekendDays: ReadonlySet<number>,
  overrides: ReadonlyMap<number, boolean>
): CalendarIndex => {
  const days = end - start + 1
  const working = new Uint8Array(days)
  const cum = new Int32Array(days + 1)
  const text: Array<string | undefined> = new Array(days)
  const rights: Array<Either.Either<string, never> | undefined> = new Array(days)
  let count = 0
  for (let i = 0; i < days; i++) {
    const day = start + i
    const override = overrides.get(day)
    const isWorking = override ?? !weekendDays.has(weekdayOfEpochDay(day))
    working[i] = isWorking ? 1 : 0
    cum[i] = count
    if (isWorking) count++
  }
  cum[days] = count
  const workDays = new Int32Array(count)
  for (let i = 0, k = 0; i < days; i++) if (working[i] === 1) workDays[k++] = start + i

  const weekWorking = new Uint8Array(8)
  for (let w = 1; w <= 7; w++) weekWorking[w] = weekendDays.has(w) ? 0 : 1
  const perWeek = weekWorking.reduce((a, b) => a + b, 0)
  const weekPrefix: Array<Int32Array> = []
  const forward: Array<Int32Array> = []
  const backward: Array<Int32Array> = []
  for (let w0 = 0; w0 <= 7; w0++) {
    const prefix = new Int32Array(8)
    const fwd = new Int32Array(Math.max(perWeek, 1))
    const bwd = new Int32Array(Math.max(perWeek, 1))
    if (w0 >= 1) {
      for (let r = 0, f = 0; r < 7; r++) {
        const w = ((w0 - 1 + r) % 7) + 1
        prefix[r + 1] = prefix[r]! + weekWorking[w]!
        if (weekWorking[w] === 1) fwd[f++] = r
      }
      for (let r = 0, b = 0; r < 7; r++) {
        const w = ((((w0 - 1 - r) % 7) + 7) % 7) + 1
        if (weekWorking[w] === 1) bwd[b++] = r
      }
    }
    weekPrefix.push(prefix)
    forward.push(fwd)
    backward.push(bwd)
  }
  const firstYear = Number(fromEpochDay(start).slice(0, 4))
  const lastYear = Number(fromEpochDay(end).slice(0, 4))
  const monthStart = new Int32Array((lastYear - firstYear + 1) * 12 + 1)
  for (let y = firstYear, k = 0; y <= lastYear; y++) {
    for (let m = 1; m <= 12; m++, k++) monthStart[k] = epochDayOf(y, m, 1)
  }
  monthStart[monthStart.length - 1] = epochDayOf(lastYear + 1, 1, 1)
  return {
    start,
    end,
    working,
    cum,
    workDays,
    text,
    rights,
    workRights: new Array(count),
    firstYear,
    monthStart,
    months: monthStart.length - 1,
    days,
    weekPrefix,
    weekWorking,
    perWeek,
    forward,
    backward
  }
}

/** Working days of the weekly pattern in [a, b), a ≤ b. */
const patternCount = (ix: CalendarIndex, a: number, b: number): number => {
  const span = b - a
  const rem = span % 7
  return ((span - rem) / 7) * ix.perWeek + ix.weekPrefix[weekdayOfEpochDay(a)]![rem]!
}

/** @internal Working days in [start, x): negative for x before the coverage. */
export const ordinal = (ix: CalendarIndex, x: number): number => {
  if (x < ix.start) return -patternCount(ix, x, ix.start)
  const i = x - ix.start
  if (i < ix.cum.length) return ix.cum[i]!
  return ix.cum[ix.cum.length - 1]! + patternCount(ix, ix.end + 1, x)
}

/** @internal The k-th working day (0-based from the coverage start; negative before it). */
export const dayOf = (ix: CalendarIndex, k: number): number => {
  const total = ix.workDays.length
  if (k >= 0 && k < total) return ix.workDays[k]!
  if (k >= total) {
    const j = k - total
    const r = j % ix.perWeek
    const base = ix.end + 1 + ((j - r) / ix.perWeek) * 7
    return base + ix.forward[weekdayOfEpochDay(base)]![r]!
  }
  const j = -k - 1
  const r = j % ix.perWeek
  const base = ix.start - 1 - ((j - r) / ix.perWeek) * 7
  return base - ix.backward[weekdayOfEpochDay(base)]![r]!
}

/** @internal */
export const isWorking = (ix: CalendarIndex, day: number): boolean => {
  const i = day - ix.start
  if (i >= 0 && i < ix.working.length) return ix.working[i] === 1
  return ix.weekWorking[weekdayOfEpochDay(day)] === 1
}

/**
 * @internal The day `n` working days from `day`: for n > 0 the n-th working day after it, for n < 0 the
 * |n|-th before it, for n = 0 the day itself.
 */
export const addWorking = (ix: CalendarIndex, day: number, n: number): number => {
  if (n > 0) return dayOf(ix, ordinal(ix, day + 1) + n - 1)
  if (n < 0) return dayOf(ix, ordinal(ix, day) + n)
  return day
}

/**
 * @internal Working days stepped over going from `from` to `to`: landing day counted, starting day not.
 * Forward that is (from, to]; backward it is [to, from), negated. So
 * `between(d, addWorking(d, n)) = n` for every day d and every n.
 */
export const between = (ix: CalendarIndex, from: number, to: number): number =>
  to >= from ? ordinal(ix, to + 1) - ordinal(ix, from + 1) : ordinal(ix, to) - ordinal(ix, from)

/** @internal ISO text of an epoch day, from the table inside the coverage. */
export const textOf = (ix: CalendarIndex, day: number): string => {
  const i = day - ix.start
  if (i < 0 || i >= ix.text.length) return fromEpochDay(day)
  const cached = ix.text[i]
  if (cached !== undefined) return cached
  const text = internalised(fromEpochDay(day))
  ix.text[i] = text
  return text
}

/**
 * The same text as V8's one shared copy (a property name is always kept so), so that comparing it
 * with text that is also shared (`JSON.parse` shares its short strings, a date's 10 characters
 * included) is a comparison of two pointers. Any other engine: the same text, compared as text.
 */
const internalised = (text: string): string => Object.keys({ [text]: 0 })[0] ?? text

/**
 * @internal The position in the coverage (`day - start`) of `YYYY-MM-DD` text naming a real day of
 * the coverage; -1 for anything else (not a string, not shaped like a date, a date that does not
 * exist, a day outside the coverage), which {@link parse} then answers the long way. This is the hot
 * path of every operation: a month table replaces the calendar arithmetic, every character is read
 * once, and it is kept small enough (bytecode) for V8 to inline it into its callers.
 */
export const positionOf = (ix: CalendarIndex, date: string): number => {
  if (typeof date !== "string" || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    return -1
  }
  const y0 = date.charCodeAt(0) - 48
  const y1 = date.charCodeAt(1) - 48
  const y2 = date.charCodeAt(2) - 48
  const y3 = date.charCodeAt(3) - 48
  const m0 = date.charCodeAt(5) - 48
  const m1 = date.charCodeAt(6) - 48
  const d0 = date.charCodeAt(8) - 48
  const d1 = date.charCodeAt(9) - 48
  // (c >>> 0) > 9 rejects every non-digit in one comparison.
  if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9) return -1
  if (m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return -1
  const month = m0 * 10 + m1
  const k = (y0 * 1000 + y1 * 100 + y2 * 10 + y3 - ix.firstYear) * 12 + month - 1
  // (x - 1) >>> 0 < top: 1 ≤ x ≤ top, in one comparison.
  if ((month - 1) >>> 0 >= 12 || k >>> 0 >= ix.months) return -1
  const first = ix.monthStart[k]!
  const day = d0 * 10 + d1
  if ((day - 1) >>> 0 >= ix.monthStart[k + 1]! - first) return -1
  const i = first + day - 1 - ix.start
  return i >>> 0 < ix.days ? i : -1
}

/**
 * @internal Parses `YYYY-MM-DD` to an epoch day, `NaN` when it is not a real date. Days of the
 * coverage through {@link positionOf}; any other text through {@link toEpochDay}.
 */
export const parse = (ix: CalendarIndex, date: string): number => {
  const i = positionOf(ix, date)
  return i >= 0 ? ix.start + i : toEpochDay(date)
}

/** @internal A shared `Either.right` of a day's text inside the coverage. */
export const rightOf = (ix: CalendarIndex, day: number): Either.Either<string, never> => {
  const i = day - ix.start
  if (i < 0 || i >= ix.rights.length) return Either.right(fromEpochDay(day))
  const cached = ix.rights[i]
  if (cached !== undefined) return cached
  const right = Either.right(textOf(ix, day))
  ix.rights[i] = right
  return right
}

/** @internal A shared `Either.right` of the k-th working day of the coverage (0 ≤ k < workDays.length). */
export const workRightOf = (ix: CalendarIndex, k: number): Either.Either<string, never> => {
  const right = rightOf(ix, ix.workDays[k]!)
  ix.workRights[k] = right
  return right
}

/**
 * @internal `addWorkingDays` without options where the date and the answer are both days of the
 * coverage: the shared `Either.right` of the answer, found from the ordinal of the date without
 * going through day numbers. `undefined` for anything else (text that is not the `YYYY-MM-DD` of a
 * day of the coverage, a count that is not a whole number in ±1,000,000, n = 0, an answer outside
 * the coverage): the general path answers those.
 *
 * It reads the text loosely (each character's code as if it were a digit, nothing checked) to find
 * the one day it can name, then checks the whole text at once: it must be that day's own text
 * ({@link textOf}). Text that is not exactly a date of the coverage never equals it, so this is as
 * strict as {@link positionOf}, and the tests hold the two to the same answers. It is written that
 * way to stay small: under the size (bytecode) up to which V8 inlines a function into its caller,
 * so the public function and this one are both inlined and the common case costs no call at all;
 * the character-by-character checks made it too large to inline. The comparison is of two pointers
 * when the caller's text came from `JSON.parse` (it shares short strings, and {@link textOf}'s are
 * shared too), and otherwise of 10 characters.
 */
export const addInCoverage = (ix: CalendarIndex, date: string, n: number): Either.Either<string, never> | undefined => {
  if (typeof date !== "string" || date.length !== 10) return undefined
  // 53,328 = '0' × 1,111 and 528 = '0' × 11: the character codes as digits, unchecked.
  const k =
    (date.charCodeAt(0) * 1000 +
      date.charCodeAt(1) * 100 +
      date.charCodeAt(2) * 10 +
      date.charCodeAt(3) -
      53328 -
      ix.firstYear) *
      12 +
    date.charCodeAt(5) * 10 +
    date.charCodeAt(6) -
    529
  // (x >>> 0) < top: 0 ≤ x < top in one comparison.
  if (k >>> 0 >= ix.months) return undefined
  const i = ix.monthStart[k]! + date.charCodeAt(8) * 10 + date.charCodeAt(9) - 529 - ix.start
  // (n | 0) === n: a whole number in int32 range (so neither NaN nor ±Infinity).
  if (i >>> 0 >= ix.days || (n | 0) !== n || n > 1_000_000 || n < -1_000_000) return undefined
  if ((ix.text[i] ?? textOf(ix, ix.start + i)) !== date) return undefined
  // n > 0: the n-th working day after the date is the working day of ordinal cum[i + 1] + n - 1;
  // n < 0: the |n|-th before it, of ordinal cum[i] + n.
  const w = n > 0 ? ix.cum[i + 1]! + n - 1 : n < 0 ? ix.cum[i]! + n : -1
  if (w < 0 || w >= ix.workDays.length) return undefined
  return ix.workRights[w] ?? workRightOf(ix, w)
}

/** @internal Shared answers of `isWorkingDay`. */
export const TRUE: Either.Either<boolean, never> = Either.right(true)
/** @internal */
export const FALSE: Either.Either<boolean, never> = Either.right(false)
