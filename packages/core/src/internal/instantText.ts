/**
 * ISO-8601 instant text, read strictly.
 *
 * `Date.parse` alone is not enough: V8 reads `2026-02-30T10:00+08:00` as 2 March and `24:00` as the
 * next day's midnight, so a date that does not exist would become a deadline on another day without a
 * word. Here the date must be a real day and the hour at most 23.
 */
import { toEpochDay } from "../LocalDate.js"

/** @internal `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z` or an offset. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** @internal The epoch milliseconds of instant text naming a real day and time of day; `NaN` for anything else. */
export const instantMillis = (text: string): number => {
  if (!ISO_INSTANT.test(text) || Number.isNaN(toEpochDay(text.slice(0, 10))) || Number(text.slice(11, 13)) > 23) {
    return Number.NaN
  }
  return Date.parse(text)
}
