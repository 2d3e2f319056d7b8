/**
 * Memory of the cn-mainland calendar index as `BusinessCalendar.make` builds it, with liaison and
 * its data already loaded (so only the index is counted).
 */
import type { MemoryProbe } from "../Suite.js"

export const probe: MemoryProbe = async (mark) => {
  const { BusinessCalendar, OfficialCalendars } = await import("@liaison/core")
  // A first build compiles the code on its path; it is garbage before the baseline.
  BusinessCalendar.make(OfficialCalendars.cnMainlandData)
  mark()
  return BusinessCalendar.make(OfficialCalendars.cnMainlandData)
}
