/**
 * Memory of the chinese-days module (its holiday data and its code), loaded several times
 * through `require` with the module cache cleared in between.
 */
import { createRequire } from "node:module"
import type { MemoryProbe } from "../Suite.js"

const COPIES = 5

export const probe: MemoryProbe = async (mark) => {
  const require = createRequire(import.meta.url)
  const path = require.resolve("chinese-days")
  const load = () => {
    delete require.cache[path]
    const cd = require("chinese-days") as { isWorkday: (date: string) => boolean }
    cd.isWorkday("2026-02-14")
    return cd
  }
  // A first load compiles the loader's path; nothing keeps it.
  load()
  mark()
  return { kept: Array.from({ length: COPIES }, load), copies: COPIES }
}
