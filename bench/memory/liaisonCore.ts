/**
 * Memory of loading `@liaison/core` whole (effect, Schema, every module; the cn-mainland index is
 * built on load). An ES module loads once per process, so one copy.
 */
import type { MemoryProbe } from "../Suite.js"

export const probe: MemoryProbe = async (mark) => {
  mark()
  const core = await import("@liaison/core")
  core.BusinessCalendar.isWorkingDay(core.OfficialCalendars.cnMainland, core.LocalDate.unsafeMake("2026-02-14"))
  return { kept: core, copies: 1 }
}
