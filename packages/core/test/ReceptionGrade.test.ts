import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Money from "../src/Money.js"
import * as ReceptionGrade from "../src/ReceptionGrade.js"

const { ordinary, senior, special } = ReceptionGrade
const cap = (
  level: ReceptionGrade.VisitorLevel,
  category: "meals" | "entertainment",
  meal: "lunch" | "dinner" | undefined,
  guests: number
) => Option.map(ReceptionGrade.capOf(level, category, meal, guests), (c) => c.limit.minor / 100)

describe("ReceptionGrade", () => {
  it("recommends 50, 80 and 150 CNY a head for the simple, business and premium types", () => {
    expect(ReceptionGrade.seed.receptionTypes.map((t) => [t.id, t.label["zh-CN"], t.perHead.minor])).toEqual([
      ["simple", "简约", 5000],
      ["business", "商务", 8000],
      ["premium", "高端", 15000]
    ])
    expect(ReceptionGrade.perHeadAmount(ReceptionGrade.premium, 6)).toEqual(Money.yuan(900))
    expect(ReceptionGrade.perHeadAmount(ReceptionGrade.simple, 3)).toEqual(Money.yuan(150))
  })

  it("caps an ordinary visitor's lunch at 300 and dinner at 400 for 2 guests, with nothing for entertainment", () => {
    expect(cap(ordinary, "meals", "lunch", 2)).toEqual(Option.some(300))
    expect(cap(ordinary, "meals", "dinner", 2)).toEqual(Option.some(400))
    expect(cap(ordinary, "entertainment", undefined, 2)).toEqual(Option.none())
    expect(ordinary.notOffered).toEqual(["entertainment", "gifts"])
  })

  it("caps a senior visitor's lunch and dinner at 500 and entertainment at 700 for 2 guests", () => {
    expect(cap(senior, "meals", "lunch", 2)).toEqual(Option.some(500))
    expect(cap(senior, "meals", "dinner", 2)).toEqual(Option.some(500))
    expect(cap(senior, "entertainment", undefined, 2)).toEqual(Option.some(700))
  })

  it("caps a special visitor's lunch and dinner at 1000 and entertainment at 1200 for 2 guests", () => {
    expect(cap(special, "meals", "lunch", 2)).toEqual(Option.some(1000))
    expect(cap(special, "meals", "dinner", 2)).toEqual(Option.some(1000))
    expect(cap(special, "entertainment", undefined, 2)).toEqual(Option.some(1200))
  })

  it("raises the caps for each guest beyond 2: +50 meals (ordinary), +100 / +200 (senior), +100 / +250 (special)", () => {
    expect(cap(ordinary, "meals", "dinner", 5)).toEqual(Option.some(400 + 3 * 50))
    expect(cap(senior, "meals", "lunch", 4)).toEqual(Option.some(500 + 2 * 100))
    expect(cap(senior, "entertainment", undefined, 4)).toEqual(Option.some(700 + 2 * 200))
    expect(cap(special, "meals", "dinner", 3)).toEqual(Option.some(1000 + 100))
    expect(cap(special, "entertainment", undefined, 6)).toEqual(Option.some(1200 + 4 * 250))
  })

  it("does not lower a cap below the base for fewer than 2 guests", () => {
    expect(cap(ordinary, "meals", "dinner", 1)).toEqual(Option.some(400))
  })

  it("says how a cap was derived", () => {
    const derived = Option.getOrThrow(ReceptionGrade.capOf(ordinary, "meals", "dinner", 5))
    expect(derived.derivation).toBe("400 + 3 × 50 for the guests beyond 2 = 550 CNY")
    expect(Option.getOrThrow(ReceptionGrade.capOf(ordinary, "meals", "dinner", 2)).derivation).toBe(
      "400 CNY for up to 2 guests"
    )
  })

  it("has the company pay lodging only at the special level, 4-star or better at 400–700 a room-night", () => {
    expect(ordinary.lodging).toEqual({ payer: "guest" })
    expect(senior.lodging).toEqual({ payer: "guest" })
    expect(special.lodging).toEqual({
      payer: "company",
      minimumStars: 4,
      ratePerRoomNight: { min: Money.yuan(400), max: Money.yuan(700) }
    })
  })

  it("lists vehicles and accompanying roles per level", () => {
    expect(ordinary.vehicles.map((v) => v.en)).toEqual(["4WD", "taxi"])
    expect(senior.vehicles.map((v) => v.en)).toEqual(["4WD", "business van", "taxi"])
    expect(special.vehicles.map((v) => v.en)).toEqual(["business van", "rented premium car"])
    expect(ordinary.accompanyingRoles.map((r) => r.id)).toEqual(["junior-salesperson", "regional-manager"])
    expect(special.accompanyingRoles.map((r) => r.id)).toEqual([
      "regional-manager",
      "market-supervisor",
      "marketing-general-manager",
      "shareholder"
    ])
  })

  it("lets a host app add a level under a new version, replacing one with the same id", () => {
    const vip: ReceptionGrade.VisitorLevel = { ...special, id: "vip", label: { "zh-CN": "贵宾", en: "VIP" } }
    const cheaperSpecial: ReceptionGrade.VisitorLevel = { ...special, caps: special.caps.slice(0, 1) }
    const grades = ReceptionGrade.extend(ReceptionGrade.seed, { version: "host-1", levels: [vip, cheaperSpecial] })
    expect(grades.levels.map((l) => l.id)).toEqual(["ordinary", "senior", "vip", "special"])
    expect(Option.getOrThrow(ReceptionGrade.findLevel(grades, "special")).caps).toHaveLength(1)
    expect(Option.isSome(ReceptionGrade.findReceptionType(grades, "premium"))).toBe(true)
  })

  it("rejects a lodging range whose minimum is above its maximum", () => {
    const encoded = Schema.encodeSync(ReceptionGrade.Lodging)(special.lodging)
    const swapped = {
      ...encoded,
      ratePerRoomNight: { min: { amount: "800", currency: "CNY" }, max: { amount: "700", currency: "CNY" } }
    }
    expect(Either.isLeft(Schema.decodeUnknownEither(ReceptionGrade.Lodging)(swapped))).toBe(true)
  })
})

describe("laws", () => {
  it.prop("decode(encode(x)) = x for every grade table", [ReceptionGrade.Grades], ([grades]) => {
    expect(Schema.decodeUnknownEither(ReceptionGrade.Grades)(Schema.encodeSync(ReceptionGrade.Grades)(grades))).toEqual(
      Either.right(grades)
    )
  })

  it.prop(
    "a cap never decreases as guests are added",
    [ReceptionGrade.VisitorLevel, Schema.Int.pipe(Schema.between(0, 200)), Schema.Int.pipe(Schema.between(0, 50))],
    ([level, guests, more]) => {
      for (const c of level.caps) {
        const before = Option.getOrThrow(ReceptionGrade.capOf(level, c.category, c.meal, guests))
        const after = Option.getOrThrow(ReceptionGrade.capOf(level, c.category, c.meal, guests + more))
        expect(after.limit.minor).toBeGreaterThanOrEqual(before.limit.minor)
      }
    }
  )
})
