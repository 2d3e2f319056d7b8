/**
 * The contract every `Directory` keeps: the port a host app implements over its own HR or CRM data
 * so that plans can assign tasks. Written once: run it against your own layer with the people it
 * should serve (`directoryContract("my HR directory", layer, people)`), as it runs against
 * `Directory.layerMemory` here.
 *
 * The people given must include at least two holders of one role, one person holding two roles,
 * and one role nobody holds is used to check the empty answer.
 */
import { expect, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { Directory, type Role } from "../../src/index.js"

const role = (id: string) => id as Role.RoleId

export const directoryContract = (
  name: string,
  backend: Layer.Layer<Directory.Directory, unknown>,
  people: ReadonlyArray<Directory.Person>
): void =>
  layer(backend)(`Directory contract: ${name}`, (it) => {
    const roles = [...new Set(people.flatMap((p) => p.roles))]

    it.effect("lists exactly the holders of each role", () =>
      Effect.gen(function* () {
        const directory = yield* Directory.Directory
        for (const r of roles) {
          const holders = yield* directory.holdersOf(r)
          const expected = people.filter((p) => p.roles.includes(r)).map((p) => p.id)
          expect([...holders.map((p) => p.id)].sort()).toEqual([...expected].sort())
          for (const p of holders) expect(p.roles).toContain(r)
        }
      })
    )

    it.effect("answers a role nobody holds with no one, not an error", () =>
      Effect.gen(function* () {
        const directory = yield* Directory.Directory
        expect(yield* directory.holdersOf(role("nobody-holds-this-role"))).toEqual([])
      })
    )

    it.effect("finds every person by id with their roles, and nobody for an unknown id", () =>
      Effect.gen(function* () {
        const directory = yield* Directory.Directory
        for (const p of people) {
          const found = yield* directory.find(p.id)
          expect(found?.id).toBe(p.id)
          expect([...(found?.roles ?? [])].sort()).toEqual([...p.roles].sort())
        }
        expect(yield* directory.find("no-such-person")).toBeUndefined()
      })
    )

    it.effect("lists a person who holds two roles under both", () =>
      Effect.gen(function* () {
        const directory = yield* Directory.Directory
        const both = people.find((p) => p.roles.length >= 2)
        expect(both).toBeDefined()
        for (const r of both!.roles) {
          expect((yield* directory.holdersOf(r)).map((p) => p.id)).toContain(both!.id)
        }
      })
    )
  })
