/**
 * Memory of the cn-mainland calendar index as `BusinessCalendar.make` builds it, with liaison and
 * its data already loaded (so only the index is counted).
 */
import type { MemoryProbe } from "../Suite.js"

const COPIES = 10

export const probe: MemoryProbe = async (mark) => {
  const { BusinessCalendar, OfficialCalendars } = await import("@liaison/core")
  // First builds compile the code on the path; nothing keeps them.
  for (let i = 0; i < 3; i++) BusinessCalendar.make(OfficialCalendars.cnMainlandData)
  mark()
  const kept = Array.from({ length: COPIES }, () => BusinessCalendar.make(OfficialCalendars.cnMainlandData))
  return { kept, copies: COPIES }
}
