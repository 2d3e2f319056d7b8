/**
 * Renders the plan pictures of docs/plan-pictures.md: the SVG timelines under docs/images/ and
 * the Mermaid blocks between the page's `<!-- picture:<name> -->` and `<!-- /picture:<name> -->`
 * markers, from the built-in procedures and the official China calendar.
 *
 *   npx tsx scripts/render-plan-pictures.ts          # write them
 *   npx tsx scripts/render-plan-pictures.ts --check  # exit 1 if a committed file is not current
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Gantt, Timeline } from "@liaison/calendars"
import { OfficialCalendars, Plan, ProcedureCatalog } from "@liaison/core"
import * as Either from "effect/Either"

const root = fileURLToPath(new URL("..", import.meta.url))
const page = join(root, "docs/plan-pictures.md")
const calendar = OfficialCalendars.cnMainland

const pictures = [
  {
    // The demo's visit: the day after the Spring Festival break, announced on 9 February.
    name: "client-reception-standard-2026-02-24",
    plan: Plan.make(
      ProcedureCatalog.clientReceptionStandard,
      { engagementId: "visit-2026-02-24", eventStart: "2026-02-24", notice: "2026-02-09T10:00:00+08:00" },
      calendar
    )
  },
  {
    // The holiday-relations campaign (P2) for Spring Festival 2026: its windows before the break.
    name: "holiday-relations-spring-festival-2026",
    plan: Plan.make(
      ProcedureCatalog.holidayRelations,
      { engagementId: "spring-festival-2026", eventStart: "2026-02-15" },
      calendar
    )
  }
] as const

const files = new Map<string, string>()
let text = readFileSync(page, "utf8")
for (const picture of pictures) {
  const plan = Either.getOrThrow(picture.plan)
  files.set(join(root, `docs/images/${picture.name}.svg`), Either.getOrThrow(Timeline.svg(plan, calendar)))
  const chart = Either.getOrThrow(Gantt.mermaid(plan, calendar))
  const begin = `<!-- picture:${picture.name} -->\n`
  const end = `<!-- /picture:${picture.name} -->`
  const from = text.indexOf(begin)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`${page}: no ${begin.trim()} … ${end} markers`)
  text = `${text.slice(0, from + begin.length)}\`\`\`mermaid\n${chart}\`\`\`\n${text.slice(to)}`
}
files.set(page, text)

const check = process.argv.includes("--check")
let stale = 0
for (const [file, content] of files) {
  let current = ""
  try {
    current = readFileSync(file, "utf8")
  } catch {}
  if (current === content) continue
  if (check) {
    console.error(`${file} is not current: run npx tsx scripts/render-plan-pictures.ts`)
    stale++
  } else {
    writeFileSync(file, content)
    console.log(`wrote ${file}`)
  }
}
if (stale > 0) process.exit(1)
