/**
 * A short load (issue 8, item 5) in `npm test` when `LIAISON_PG_URL` is set: 8 clerks for 4
 * seconds against PostgreSQL, racing on a shared pool of engagements. It asserts the invariants —
 * no lost or phantom update (every engagement's ledger replays to it, and is exactly the commands
 * acknowledged), the outbox holds each command's messages, no deadlock, no storage failure — and
 * that the clerks did race (conflicts were seen), never the speed (`npm run load` measures that).
 */

import { describe, expect, it } from "@effect/vitest"
import * as CoreSrc from "@liaison/core"
import * as SqlSrc from "@liaison/sql"
import * as Effect from "effect/Effect"
import { PG_SKIPPED, pgUrl } from "./backends.js"
import { run } from "./load.js"

describe.skipIf(pgUrl === undefined)(pgUrl === undefined ? PG_SKIPPED : "load on PostgreSQL", () => {
  it.live(
    "8 clerks for 4 seconds: no lost update, the outbox complete, no deadlock",
    () =>
      Effect.gen(function* () {
        const report = yield* run(
          { Core: CoreSrc, Sql: SqlSrc },
          { url: pgUrl!, clerks: 8, seconds: 4, seed: 8, maxConnections: 4 }
        )
        expect(report.violations).toEqual([])
        expect(report.failures).toEqual([])
        expect(report.deadlocks).toBe(0)
        expect(report.accepted).toBeGreaterThan(20)
        expect(report.engagements).toBeGreaterThan(0)
        expect(report.conflicts).toBeGreaterThan(0)
        expect(report.ledgerReads).toBeGreaterThan(0)
      }),
    120_000
  )
})
