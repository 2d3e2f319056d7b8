/**
 * Memory of the cn-mainland calendar index once every covered day's `YYYY-MM-DD` answer has been
 * cached in its text table: the steady state of a long-lived process.
 */
import type { BusinessCalendar as Calendar } from "@liaison/core"
import type { MemoryProbe } from "../Suite.js"

export const probe: MemoryProbe = async (mark) => {
  const { BusinessCalendar, LocalDate, OfficialCalendars } = await import("@liaison/core")
  const { from, to } = OfficialCalendars.cnMainlandData.coverage
  const start = LocalDate.toEpochDay(from)
  const end = LocalDate.toEpochDay(to)
  const fill = (calendar: Calendar.BusinessCalendar) => {
    for (let day = start; day <= end; day++) BusinessCalendar.addWorkingDays(calendar, LocalDate.fromEpochDay(day), 0)
  }
  const buildAndFill = () => {
    const calendar = BusinessCalendar.make(OfficialCalendars.cnMainlandData)
    if (calendar._tag === "Right") fill(calendar.right)
    return calendar
  }
  // A first round compiles the code on the path; nothing keeps it, so it is garbage at the baseline.
  buildAndFill()
  mark()
  return buildAndFill()
}
