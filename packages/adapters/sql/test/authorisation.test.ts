/**
 * Authorisation under attack, on real databases: the core's read-path suite (confidential
 * engagements read by people who may not see them whole, through every read path) against SQLite (a
 * temporary file per test) and against PostgreSQL when `LIAISON_PG_URL` is set.
 */
import { describe, it } from "@effect/vitest"
import { readPathsUnderAttack } from "../../../core/test/contracts/ReadPathsUnderAttack.js"
import { PG_SKIPPED, pg, pgUrl, sqlite } from "./backends.js"

readPathsUnderAttack("SQLite", () => sqlite())

if (pgUrl === undefined) {
  describe(PG_SKIPPED, () => {
    it.skip("the read paths under attack against PostgreSQL", () => {})
  })
} else {
  readPathsUnderAttack("PostgreSQL", () => pg())
}
