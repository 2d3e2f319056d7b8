/**
 * Memory of the chinese-days module: its holiday data and its code.
 */
import type { MemoryProbe } from "../Suite.js"

export const probe: MemoryProbe = async (mark) => {
  mark()
  const cd = await import("chinese-days")
  cd.default.isWorkday("2026-02-14")
  return cd
}
