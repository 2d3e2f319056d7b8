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
import { fromEpochDay, weekdayOfEpochDay } from "../LocalDate.js"

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
  return { start, end, working, cum, workDays, text, weekWorking, perWeek, weekPrefix, forward, backward }
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
  const text = fromEpochDay(day)
  ix.text[i] = text
  return text
}
