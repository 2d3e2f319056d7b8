import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as OfficialLetter from "../src/OfficialLetter.js"

const letter = Either.getOrThrow(
  OfficialLetter.decode({
    from: "省商务厅",
    reference: "苏商函〔2026〕12号",
    date: "2026-04-10",
    guests: [
      { name: "周敏", unit: "省商务厅", title: "处长" },
      { name: "王磊", unit: "省商务厅" }
    ]
  })
)

describe("OfficialLetter", () => {
  it("reports every problem of a bad letter at its path, with its label", () => {
    const result = OfficialLetter.decode({ from: "", date: "2026-02-30", guests: [{ name: "周敏" }], note: "x" })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isRight(result)) return
    expect(result.left.problems.map((p) => [p.path, p.label?.en])).toEqual([
      ["note", undefined],
      ["from", "Sending unit"],
      ["date", "Date of the letter"],
      ["guests[0].unit", "Unit"]
    ])
  })

  it("refuses a letter that names nobody", () => {
    expect(Either.isLeft(OfficialLetter.decode({ from: "省商务厅", guests: [] }))).toBe(true)
  })

  it("names a guest of the same name and unit, ignoring case", () => {
    expect(OfficialLetter.names(letter, { name: "周敏", organisation: "省商务厅" })).toBe(true)
    expect(OfficialLetter.names(letter, { name: "周敏", organisation: "市商务局" })).toBe(false)
    const latin = { ...letter, guests: [{ name: "Anna Weber", unit: "GIZ" }] as const }
    expect(OfficialLetter.names(latin, { name: "anna weber", organisation: "giz" })).toBe(true)
  })

  it("lists the guests it does not name, in the visit's order, with a same-named entry under another unit", () => {
    expect(
      OfficialLetter.unlisted(letter, [
        { name: "赵强", organisation: "省商务厅" },
        { name: "周敏", organisation: "省商务厅" },
        { name: "王磊", organisation: "市商务局" }
      ])
    ).toEqual([
      { visitor: { name: "赵强", organisation: "省商务厅" } },
      { visitor: { name: "王磊", organisation: "市商务局" }, sameName: { name: "王磊", unit: "省商务厅" } }
    ])
  })
})

describe("laws", () => {
  it.prop("decode(encode(x)) = x for every letter", [OfficialLetter.OfficialLetter], ([x]) => {
    expect(OfficialLetter.decode(Schema.encodeSync(OfficialLetter.OfficialLetter)(x))).toEqual(Either.right(x))
  })

  it.prop("a letter names every guest it lists", [OfficialLetter.OfficialLetter], ([x]) => {
    const visitors = x.guests.map((g) => ({ name: g.name, organisation: g.unit }))
    expect(OfficialLetter.unlisted(x, visitors)).toEqual([])
  })
})
