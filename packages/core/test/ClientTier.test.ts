import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as ClientTier from "../src/ClientTier.js"
import * as Label from "../src/Label.js"
import * as LocalDate from "../src/LocalDate.js"
import * as Role from "../src/Role.js"

const d = LocalDate.unsafeMake
const policy = ClientTier.seed
const tier = (id: string) => Option.getOrThrow(ClientTier.find(policy, id))

describe("ClientTier", () => {
  it("gives each seed tier its owners (seed 002, 接待分配表)", () => {
    const owners = (id: string) => Option.getOrThrow(ClientTier.ownersOf(policy, id)).map((r) => r.id)
    expect(owners("A")).toEqual(["general-manager-assistant", "marketing-business-group"])
    expect(owners("B")).toEqual(["project-department-head"])
    expect(owners("C")).toEqual(["marketing-manager", "marketing-business-group"])
    expect(owners("D")).toEqual(["admin-group", "counterpart-department"])
    expect(Option.isNone(ClientTier.ownersOf(policy, "E"))).toBe(true)
  })

  it("sets out 3 dried and 1 fresh fruit for tier A in winter", () => {
    expect(ClientTier.refreshmentsOn(tier("A"), d("2026-01-15"))).toEqual(
      Option.some({ season: "winter", freshFruit: 1, driedFruit: 3 })
    )
    expect(ClientTier.refreshmentsOn(tier("A"), d("2026-11-01"))).toEqual(
      Option.some({ season: "winter", freshFruit: 1, driedFruit: 3 })
    )
  })

  it("sets out 3 fresh and 1 dried fruit for tier A in summer", () => {
    expect(ClientTier.refreshmentsOn(tier("A"), d("2026-07-20"))).toEqual(
      Option.some({ season: "summer", freshFruit: 3, driedFruit: 1 })
    )
    expect(ClientTier.refreshmentsOn(tier("A"), d("2026-05-01"))).toEqual(
      Option.some({ season: "summer", freshFruit: 3, driedFruit: 1 })
    )
  })

  it("has no seasonal refreshments for tiers the seed does not give them", () => {
    expect(Option.isNone(ClientTier.refreshmentsOn(tier("D"), d("2026-07-20")))).toBe(true)
  })

  it("puts out cigarettes for special guests of tier A only", () => {
    expect(policy.tiers.filter((t) => t.hosting.cigarettesForSpecialGuests).map((t) => t.id)).toEqual(["A"])
  })

  it("requires a reception with a company leader to be announced at least 2 days ahead", () => {
    const visit = { date: d("2026-03-10"), needsLeader: true }
    expect(ClientTier.leaderAnnouncement(policy, visit, d("2026-03-08"))).toEqual(
      Either.right(Option.some({ due: d("2026-03-08"), inTime: true, daysLate: 0 }))
    )
    expect(ClientTier.leaderAnnouncement(policy, visit, d("2026-03-09"))).toEqual(
      Either.right(Option.some({ due: d("2026-03-08"), inTime: false, daysLate: 1 }))
    )
    expect(ClientTier.leaderAnnouncement(policy, { ...visit, needsLeader: false }, d("2026-03-10"))).toEqual(
      Either.right(Option.none())
    )
  })

  it("refuses a visit whose announcement would be due before 0001-01-01 with a typed error", () => {
    const early = ClientTier.leaderAnnouncement(policy, { date: d("0001-01-01"), needsLeader: true }, d("0001-01-01"))
    expect(Either.isLeft(early) && early.left._tag).toBe("DateOutOfRange")
  })

  it("lists what is still open after a meeting: rules not done, equipment without a named borrower or not returned", () => {
    const open = ClientTier.meetingRoomOpenPoints(
      policy,
      ["keep-clean", "lock"],
      [
        { item: "projector", borrower: "李雷", returned: true },
        { item: "laser-pointer", returned: false },
        { item: "whiteboard", returned: false }
      ]
    )
    expect(open.map((l) => l.en)).toEqual([
      "close windows, air conditioning and other equipment",
      "return the key and borrowed equipment to admin",
      "laser pointer: no named person collected it",
      "laser pointer: not returned to Admin group"
    ])
  })

  it("lets a host app add a tier and replace one, under a new version", () => {
    const vip: ClientTier.ClientTier = {
      id: "A",
      label: Label.make("集团贵宾", "Group VIP"),
      meaning: Label.make("集团领导的客人", "guests of group leadership"),
      owners: [Role.generalManager],
      hosting: { setup: [], cigarettesForSpecialGuests: false }
    }
    const government: ClientTier.ClientTier = {
      id: "G",
      label: Label.make("政府接待", "Government"),
      meaning: Label.make("政府部门来访", "government visits"),
      owners: [Role.generalManager, Role.adminGroup],
      hosting: { setup: [], cigarettesForSpecialGuests: false }
    }
    const extended = ClientTier.extend(policy, "host-1", [vip, government])
    expect(extended.version).toBe("host-1")
    expect(extended.tiers.map((t) => t.id)).toEqual(["B", "C", "D", "A", "G"])
    expect(Option.getOrThrow(ClientTier.ownersOf(extended, "A")).map((r) => r.id)).toEqual(["general-manager"])
    expect(Either.isRight(Schema.validateEither(ClientTier.TierPolicy)(extended))).toBe(true)
  })

  it("rejects a tier policy with a tier twice, or a tier without owners", () => {
    const encoded = Schema.encodeSync(ClientTier.TierPolicy)(policy)
    const twice = { ...encoded, tiers: [encoded.tiers[0], encoded.tiers[0]] }
    expect(Either.isLeft(Schema.decodeUnknownEither(ClientTier.TierPolicy)(twice))).toBe(true)
    const tiers = encoded.tiers.map((t) => (t.id === "B" ? { ...t, owners: [] } : t))
    expect(Either.isLeft(Schema.decodeUnknownEither(ClientTier.TierPolicy)({ ...encoded, tiers }))).toBe(true)
  })
})

describe("laws", () => {
  it.prop("decode(encode(x)) = x for every tier policy", [ClientTier.TierPolicy], ([p]) => {
    const back = Schema.decodeUnknownEither(ClientTier.TierPolicy)(Schema.encodeSync(ClientTier.TierPolicy)(p))
    expect(back).toEqual(Either.right(p))
  })

  it("the seed policy survives encoding", () => {
    expect(Schema.decodeUnknownEither(ClientTier.TierPolicy)(Schema.encodeSync(ClientTier.TierPolicy)(policy))).toEqual(
      Either.right(policy)
    )
  })
})
