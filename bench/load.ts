/**
 * Load (issue 8, item 5): 50 concurrent clerks driving random valid commands against one
 * PostgreSQL for a minute, through the built packages as a host app runs them. The driver and its
 * checks are `packages/adapters/sql/test/load.ts` (also run briefly in `npm test` by
 * `load.test.ts`): conflicts are handled as a host app would (read again, decide again), and
 * afterwards every engagement's ledger must replay to it, the acknowledged commands must be exactly
 * the ledger's, the outbox must hold each command's messages, and PostgreSQL must report no
 * deadlock. Prints throughput, latency percentiles per command, conflicts and the machine's load.
 *
 *   npm run load                                 # 50 clerks, 60 s; LIAISON_PG_URL or a throwaway server
 *   npm run load -- --seconds 10 --clerks 20     # shorter, fewer
 *   npm run load -- --connections 20 --json load.json
 *
 * Without LIAISON_PG_URL it reruns itself under `scripts/test-pg.sh` (a throwaway server; root).
 * Exits 1 when an invariant is broken. Run `npm run build` first.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, writeFileSync } from "node:fs"
import { loadavg } from "node:os"
import { fileURLToPath, pathToFileURL } from "node:url"
import type * as CoreSrc from "@liaison/core"
import type * as SqlSrc from "@liaison/sql"
import * as Effect from "effect/Effect"
import { run } from "../packages/adapters/sql/test/load.js"

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const text = (name: string) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

const url = process.env.LIAISON_PG_URL
if (!url) {
  const root = fileURLToPath(new URL("..", import.meta.url))
  console.log("load: LIAISON_PG_URL is not set; starting a throwaway PostgreSQL (scripts/test-pg.sh)")
  const child = spawnSync("bash", ["scripts/test-pg.sh", "--run", "npx", "tsx", "bench/load.ts", ...args], {
    cwd: root,
    stdio: "inherit"
  })
  process.exit(child.status ?? 1)
}

// The built packages, as a host app runs them.
const distOf = (path: string) => {
  const file = fileURLToPath(new URL(path, import.meta.url))
  if (!existsSync(file)) throw new Error(`bench/load.ts runs the built packages: run \`npm run build\` first (${file})`)
  return pathToFileURL(file).href
}
const Core = (await import(distOf("../packages/core/dist/index.js"))) as typeof CoreSrc
const Sql = (await import(distOf("../packages/adapters/sql/dist/index.js"))) as typeof SqlSrc

const uptime = () => {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim()
  } catch {
    return `load average: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")}`
  }
}

const options = {
  url: url!,
  clerks: option("--clerks", 50),
  seconds: option("--seconds", 60),
  seed: option("--seed", 1),
  maxConnections: option("--connections", 10),
  keep: args.includes("--keep"),
  log: (line: string) => console.log(line)
}
const loadBefore = uptime()
console.log(`before: ${loadBefore}`)
const report = await Effect.runPromise(run({ Core, Sql }, options))
const loadAfter = uptime()

const lines = [
  `clerks ${report.clerks}, ${report.elapsedSeconds} s, pool of ${report.maxConnections} connections`,
  `commands accepted ${report.accepted} (${report.throughput}/s), ledger reads ${report.ledgerReads}`,
  `version conflicts ${report.conflicts} (handled: read again, decide again); gave up ${report.gaveUp}`,
  `refused by the domain: ${JSON.stringify(report.refused)}`,
  `engagements ${report.engagements}, ledger entries ${report.ledgerEntries}, outbox messages ${report.outboxMessages}`,
  `deadlocks ${report.deadlocks}; storage failures ${report.failures.length}; invariant violations ${report.violations.length}`,
  "",
  "| command | attempts | p50 ms | p95 ms | p99 ms | max ms |",
  "|---|---:|---:|---:|---:|---:|",
  ...Object.entries(report.latency).map(
    ([name, l]) => `| ${name} | ${l.count} | ${l.p50} | ${l.p95} | ${l.p99} | ${l.max} |`
  ),
  "",
  `before: ${loadBefore}`,
  `after:  ${loadAfter}`
]
console.log(lines.join("\n"))
for (const f of report.failures.slice(0, 20)) console.log(`failure: ${f}`)
for (const v of report.violations.slice(0, 20)) console.log(`violation: ${v}`)
const json = text("--json")
if (json) writeFileSync(json, JSON.stringify({ ...report, loadBefore, loadAfter }, null, 2))
const ok = report.violations.length === 0 && report.failures.length === 0 && report.deadlocks === 0
console.log(ok ? "load: invariants hold (data lost = 0, deadlocks = 0)" : "load: INVARIANTS BROKEN")
process.exit(ok ? 0 : 1)
