/**
 * The core storage contracts, unchanged, against SQLite (a temporary file per suite) and against
 * PostgreSQL when `LIAISON_PG_URL` is set (fresh tables per suite).
 */
import { describe, it } from "@effect/vitest"
import { engagementRepoContract } from "../../../core/test/contracts/EngagementRepoContract.js"
import { ledgerRepoContract } from "../../../core/test/contracts/LedgerRepoContract.js"
import { outboxContract } from "../../../core/test/contracts/OutboxContract.js"
import { rosterRepoContract } from "../../../core/test/contracts/RosterRepoContract.js"
import { PG_SKIPPED, pg, pgUrl, sqlite } from "./backends.js"

describe("SQLite", () => {
  engagementRepoContract("SQLite", sqlite())
  ledgerRepoContract("SQLite", sqlite())
  outboxContract("SQLite", sqlite())
  rosterRepoContract("SQLite", sqlite())
})

if (pgUrl === undefined) {
  console.warn(PG_SKIPPED)
  describe(PG_SKIPPED, () => {
    it.skip("the contract suites against PostgreSQL", () => {})
  })
} else {
  describe("PostgreSQL", () => {
    engagementRepoContract("PostgreSQL", pg())
    ledgerRepoContract("PostgreSQL", pg())
    outboxContract("PostgreSQL", pg())
    rosterRepoContract("PostgreSQL", pg())
  })
}
