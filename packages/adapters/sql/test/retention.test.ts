/**
 * Personal-data retention, export and erasure (the core's contract, unchanged) against SQLite (a
 * temporary file) and against PostgreSQL when `LIAISON_PG_URL` is set, where the ledger's
 * append-only triggers are in force: anonymising commits the engagement's next version and appends
 * one entry, and never updates a ledger row.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it, layer } from "@effect/vitest"
import { EngagementRepo } from "@liaison/core"
import * as Effect from "effect/Effect"
import { engagementWith, markers, retentionContract } from "../../../core/test/contracts/RetentionContract.js"
import * as SqlStorage from "../src/SqlStorage.js"
import { PG_SKIPPED, pg, pgUrl, sqlite } from "./backends.js"

describe("SQLite", () => {
  retentionContract("SQLite", sqlite())

  layer(sqlite())((it) => {
    it.effect("a StorageError never echoes personal data: a row that no longer decodes, a value it cannot encode", () =>
      Effect.gen(function* () {
        const repo = yield* EngagementRepo.EngagementRepo
        const sql = yield* SqlClient.SqlClient
        const mk = markers("storage")
        const { engagement, ledger } = engagementWith("pd-storage-1", mk, {
          status: "closed",
          finishedAt: "2026-03-01T18:00:00+08:00"
        })
        yield* repo.commit({ engagement, expectedVersion: undefined, ledger, outbox: [] })
        // Another program writes a phone number the Schema refuses, and a guest as bare text.
        const table = SqlStorage.tableNames().engagements
        const [row] = yield* sql<{ json: string }>`SELECT json FROM ${sql(table)} WHERE id = ${engagement.id}`
        const stored = JSON.parse(row!.json)
        stored.application.guests[0].phone = `call ${mk.lead}`
        stored.application.guests[1] = mk.companion
        yield* sql`UPDATE ${sql(table)} SET json = ${JSON.stringify(stored)} WHERE id = ${engagement.id}`
        const undecodable = yield* Effect.flip(repo.get(engagement.id))
        expect(undecodable.reason).toBe("undecodable")
        expect(undecodable.message).toContain("phone")
        expect(undecodable.message).not.toContain(mk.lead)
        expect(undecodable.message).not.toContain(mk.companion)

        // A value built in code past the decoder: refused before the database, without the value.
        const bad = {
          ...engagement,
          id: "pd-storage-2" as typeof engagement.id,
          application: {
            ...engagement.application!,
            guests: [{ ...engagement.application!.guests[0]!, email: `${mk.email} (private)` }] as const
          }
        }
        const refused = yield* Effect.flip(
          repo.commit({ engagement: bad, expectedVersion: undefined, ledger: [], outbox: [] })
        )
        expect(refused._tag).toBe("StorageError")
        expect(refused.message).toContain("email")
        expect(refused.message).not.toContain(mk.email)
        expect(refused.message).not.toContain(mk.lead)
      })
    )
  })
})

if (pgUrl === undefined) {
  describe(PG_SKIPPED, () => {
    it.skip("the retention contract against PostgreSQL", () => {})
  })
} else {
  describe("PostgreSQL", () => {
    retentionContract("PostgreSQL", pg())
  })
}
