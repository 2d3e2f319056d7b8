/**
 * Memory of the cn-mainland calendar index once every covered day's `YYYY-MM-DD` answer has been
 * cached in its text table: the steady state of a long-lived process.
 */
import type { BusinessCalendar as Calendar } from "@liaison/core"
import type { MemoryProbe } from "../Suite.js"

const COPIES = 5

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
  // First rounds compile the code on the path; nothing keeps them.
  for (let i = 0; i < 2; i++) buildAndFill()
  mark()
  return { kept: Array.from({ length: COPIES }, buildAndFill), copies: COPIES }
}
