/**
 * Writes packages/core/src/internal/data/cnMainland.ts from the chinese-days package (MIT), the
 * State Council holiday notices 2004–2026 as data. Run `npm run generate:cn-calendar` after
 * upgrading chinese-days; test/OfficialCalendars.test.ts checks the committed file against it.
 */
import { writeFileSync } from "node:fs"
import { renderCnMainland } from "./cn-calendar-source.js"

const out = renderCnMainland()
writeFileSync(new URL("../packages/core/src/internal/data/cnMainland.ts", import.meta.url), out)
const count = (name: string) =>
  (out.match(new RegExp(`^export const ${name}.*$`, "m"))?.[0].match(/\["\d{4}-/g) ?? []).length
console.log(`wrote ${count("holidays")} holidays and ${count("makeUpWorkingDays")} make-up working days`)
