import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { EngagementRepo, MemoryStorage } from "../src/index.js"
import { engagementRepoContract } from "./contracts/EngagementRepoContract.js"
import { ledgerRepoContract } from "./contracts/LedgerRepoContract.js"
import { draft, insertion } from "./contracts/storageFixtures.js"

engagementRepoContract("memory", MemoryStorage.layer)
ledgerRepoContract("memory", MemoryStorage.layer)

describe("MemoryStorage", () => {
  it.effect("starts empty each time its layer is built", () =>
    Effect.gen(function* () {
      const e = draft("memory-1")
      yield* Effect.gen(function* () {
        yield* (yield* EngagementRepo.EngagementRepo).commit(insertion(e))
        expect(yield* (yield* EngagementRepo.EngagementRepo).get(e.id)).toEqual(e)
      }).pipe(Effect.provide(MemoryStorage.layer))
      const again = yield* Effect.flatMap(EngagementRepo.EngagementRepo, (repo) => repo.get(e.id)).pipe(
        Effect.provide(MemoryStorage.layer)
      )
      expect(again).toBeUndefined()
    })
  )
})
