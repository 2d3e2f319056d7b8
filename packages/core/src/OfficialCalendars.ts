/**
 * Calendars shipped with liaison: the China mainland official calendar 2004–2026 and weekends-only.
 *
 * The China data are the State Council's yearly holiday notices (国务院办公厅关于部分节假日安排的通知):
 * holidays by name and the make-up working days (调休上班) with the holiday each compensates. A
 * host app loads the next year's notice with {@link BusinessCalendar.loadNotice} when it is
 * published, without a new release of liaison.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as BusinessCalendar from "./BusinessCalendar.js"
import * as cn from "./internal/data/cnMainland.js"
import type * as LocalDate from "./LocalDate.js"

/**
 * Office hours assumed by the shipped China calendar (09:00–12:00 and 13:30–18:00). Derive a
 * calendar with other `workingHours` for other offices.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultOfficeHours: ReadonlyArray<BusinessCalendar.WorkingInterval> = [
  { start: "09:00", end: "12:00" },
  { start: "13:30", end: "18:00" }
]

/**
 * The China mainland official calendar as data (id `cn-mainland`, zone Asia/Shanghai).
 *
 * @since 0.1.0
 * @category data
 */
export const cnMainlandData: BusinessCalendar.CalendarData = {
  id: "cn-mainland",
  name: "China mainland (official)",
  timeZone: "Asia/Shanghai",
  weekendDays: [6, 7],
  holidays: cn.holidays.map(([date, name, nameZh]) => ({ date: date as LocalDate.LocalDate, name, nameZh })),
  makeUpWorkingDays: cn.makeUpWorkingDays.map(([date, compensates, compensatesZh]) => ({
    date: date as LocalDate.LocalDate,
    compensates,
    compensatesZh
  })),
  workingHours: defaultOfficeHours,
  coverage: { from: cn.from as LocalDate.LocalDate, to: cn.to as LocalDate.LocalDate },
  version: cn.version,
  source: cn.source
}

/**
 * The China mainland official calendar, indexed.
 *
 * @since 0.1.0
 * @category calendars
 */
export const cnMainland: BusinessCalendar.BusinessCalendar = Either.getOrThrowWith(
  BusinessCalendar.make(cnMainlandData),
  (e) => new Error(`shipped cn-mainland calendar data is invalid: ${e.message}`)
)

/**
 * Half-day holidays for part of the staff (China): 8 March, afternoon off for women (三八妇女节);
 * 4 May, afternoon off for young people aged 14–28 (五四青年节). Each date that is a working day
 * in `base` becomes a half-day holiday; add them with {@link BusinessCalendar.derive}.
 *
 * @since 0.1.0
 * @category data
 */
export const cnHalfDayHolidays = (
  base: BusinessCalendar.BusinessCalendar,
  which: "womensDay" | "youthDay"
): ReadonlyArray<BusinessCalendar.Holiday> => {
  const [monthDay, name, nameZh] =
    which === "womensDay" ? ["03-08", "Women's Day", "妇女节"] : ["05-04", "Youth Day", "青年节"]
  const first = Number(base.data.coverage.from.slice(0, 4))
  const last = Number(base.data.coverage.to.slice(0, 4))
  const out: Array<BusinessCalendar.Holiday> = []
  for (let year = first; year <= last; year++) {
    const date = `${String(year).padStart(4, "0")}-${monthDay}` as LocalDate.LocalDate
    if (date < base.data.coverage.from || date > base.data.coverage.to) continue
    if (Either.getOrElse(BusinessCalendar.isWorkingDay(base, date), () => false)) {
      out.push({ date, name, nameZh, halfDay: "afternoon" })
    }
  }
  return out
}

/**
 * The ids of the shipped calendars.
 *
 * @since 0.1.0
 * @category calendars
 */
export const ids = ["cn-mainland", "weekends-only"] as const

/**
 * A shipped calendar by id. `weekends-only` is Monday to Friday in Asia/Shanghai, 2000–2099,
 * with the default office hours.
 *
 * @since 0.1.0
 * @category calendars
 */
export const byId = (
  id: string
): Either.Either<
  BusinessCalendar.BusinessCalendar,
  BusinessCalendar.InvalidArgument | BusinessCalendar.CalendarDataError
> => {
  switch (id) {
    case "cn-mainland":
      return Either.right(cnMainland)
    case "weekends-only":
      return BusinessCalendar.weekendsOnly({
        timeZone: "Asia/Shanghai",
        from: "2000-01-01" as LocalDate.LocalDate,
        to: "2099-12-31" as LocalDate.LocalDate,
        workingHours: defaultOfficeHours
      })
    default:
      return Either.left(
        new BusinessCalendar.InvalidArgument({
          argument: "calendar",
          message: `calendar: unknown calendar ${JSON.stringify(id)}; shipped calendars are ${ids.join(", ")}`
        })
      )
  }
}
