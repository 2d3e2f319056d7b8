import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Directory, type Role } from "../src/index.js"
import { directoryContract } from "./contracts/DirectoryContract.js"

const people: ReadonlyArray<Directory.Person> = [
  { id: "wang.fang", name: "Wang Fang 王芳", roles: ["admin-department" as Role.RoleId] },
  { id: "zhao.lei", name: "Zhao Lei 赵磊", roles: ["admin-department" as Role.RoleId, "admin-clerk" as Role.RoleId] },
  { id: "chen.gang", name: "Chen Gang 陈刚", roles: ["general-manager" as Role.RoleId], confidentialClearance: true }
]

directoryContract("layerMemory", Directory.layerMemory(people), people)

describe("Directory.layerMemory", () => {
  it.effect("keeps the order the host listed people in (its order of preference)", () =>
    Effect.gen(function* () {
      const directory = yield* Directory.Directory
      const holders = yield* directory.holdersOf("admin-department" as Role.RoleId)
      expect(holders.map((p) => p.id)).toEqual(["wang.fang", "zhao.lei"])
    }).pipe(Effect.provide(Directory.layerMemory(people)))
  )
})
