/**
 * Calendar facts as JSON fields and readable text, shared by the calendar and deadline commands.
 */
import { BusinessCalendar, LocalDate } from "@liaison/core"
import * as Either from "effect/Either"

/** Short weekday names by ISO weekday (1 = Monday). */
export const WEEKDAYS = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const

/** `Sat` for 2026-02-14. */
export const weekdayName = (date: LocalDate.LocalDate): string => WEEKDAYS[LocalDate.weekday(date)]

/** `2026-02-14 (Sat)`. */
export const dayText = (date: LocalDate.LocalDate): string => `${date} (${weekdayName(date)})`

/** The calendar an answer came from, for JSON. */
export const calendarRef = (
  calendar: BusinessCalendar.BusinessCalendar
): { readonly id: string; readonly version: string } => ({
  id: calendar.id,
  version: calendar.data.version
})

/** `Calendar cn-mainland, data cn-mainland-2026.1+chinese-days-1.5.7.` */
export const calendarLine = (calendar: BusinessCalendar.BusinessCalendar): string =>
  `Calendar ${calendar.id}, data ${calendar.data.version}.`

/** `Provisional: beyond …` lines for a provisional answer. */
export const assumptionLines = (assumptions: ReadonlyArray<string>): ReadonlyArray<string> =>
  assumptions.map((a) => `Provisional: ${a}.`)

/** The fields every calendar answer ends with: the calendar, and whether the answer is provisional and why. */
export const answerJson = (
  calendar: BusinessCalendar.BusinessCalendar,
  answer: Pick<BusinessCalendar.Provisional<unknown>, "provisional" | "assumptions">
): {
  readonly calendar: { readonly id: string; readonly version: string }
  readonly provisional: boolean
  readonly assumptions: ReadonlyArray<string>
} => ({ calendar: calendarRef(calendar), provisional: answer.provisional, assumptions: answer.assumptions })

/** The lines every readable calendar answer ends with: the calendar line, then any assumptions. */
export const answerLines = (
  calendar: BusinessCalendar.BusinessCalendar,
  answer: Pick<BusinessCalendar.Provisional<unknown>, "assumptions">
): ReadonlyArray<string> => [calendarLine(calendar), ...assumptionLines(answer.assumptions)]

/** An answer beyond the coverage: refused (the default) or provisional when asked for. */
export const withCoverage = <A, E>(
  provisional: boolean,
  strict: () => Either.Either<A, E>,
  lenient: () => Either.Either<BusinessCalendar.Provisional<A>, E>
): Either.Either<BusinessCalendar.Provisional<A>, E> =>
  provisional ? lenient() : Either.map(strict(), (value) => ({ value, provisional: false, assumptions: [] }))

/** The provisional-answer option of core, when asked for. */
export const PROVISIONAL: BusinessCalendar.ProvisionalOptions = { beyondCoverage: "provisional" }

/** A notable day (weekend, holiday, make-up working day) as JSON. */
export const dayJson = (
  info: BusinessCalendar.DayInfo
): Pick<BusinessCalendar.DayInfo, "date" | "kind" | "reason" | "holiday"> => ({
  date: info.date,
  kind: info.kind,
  reason: info.reason,
  ...(info.holiday ? { holiday: info.holiday } : {})
})

const holidayName = (info: BusinessCalendar.DayInfo): string =>
  info.holiday ? `${info.holiday.name}${info.holiday.nameZh ? ` ${info.holiday.nameZh}` : ""}` : ""

/**
 * Notable days as readable lines, consecutive days of one kind and holiday in one line:
 * `2026-02-15 to 2026-02-23  holiday: Spring Festival 春节 (9 days, skipped)`.
 */
export const dayLines = (days: ReadonlyArray<BusinessCalendar.DayInfo>): ReadonlyArray<string> => {
  const runs: Array<{ from: LocalDate.LocalDate; to: LocalDate.LocalDate; day: BusinessCalendar.DayInfo; n: number }> =
    []
  for (const day of days) {
    const last = runs[runs.length - 1]
    if (
      last &&
      last.day.kind === day.kind &&
      last.day.holiday?.name === day.holiday?.name &&
      LocalDate.daysBetween(last.to, day.date) === 1
    ) {
      last.to = day.date
      last.n++
    } else runs.push({ from: day.date, to: day.date, day, n: 1 })
  }
  return runs.map(({ day, from, n, to }) => {
    const when = n === 1 ? dayText(from) : `${from} to ${to}`
    const what =
      day.kind === "weekend"
        ? "weekend"
        : day.kind === "holiday"
          ? `holiday: ${holidayName(day)}`
          : day.kind === "makeUpWorkingDay"
            ? `make-up working day for ${holidayName(day)}`
            : day.reason
    const counted = day.working ? "counted" : "skipped"
    return `  ${when}  ${what} (${n === 1 ? "" : `${n} days, `}${counted})`
  })
}

/** The notable days strictly between two dates; none listed when the span is too long to list. */
export const notableDays = (
  calendar: BusinessCalendar.BusinessCalendar,
  from: LocalDate.LocalDate,
  to: LocalDate.LocalDate
): Either.Either<ReadonlyArray<BusinessCalendar.DayInfo>, BusinessCalendar.CalendarError> =>
  Math.abs(LocalDate.daysBetween(from, to)) > MAX_LISTED_SPAN
    ? Either.right([])
    : BusinessCalendar.notableDaysBetween(calendar, from, to)

/** Core lists notable days over at most 4000 days; longer answers are given without the list. */
const MAX_LISTED_SPAN = 4000
