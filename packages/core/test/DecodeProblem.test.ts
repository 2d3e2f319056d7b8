import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as DecodeProblem from "../src/DecodeProblem.js"
import * as Label from "../src/Label.js"

const Visit = Schema.Struct({
  host: Label.labelled(Schema.NonEmptyTrimmedString, "接待人", "Host"),
  guests: Schema.Array(
    Schema.Struct({
      name: Label.labelled(Schema.String, "姓名", "Name"),
      title: Schema.optionalWith(Label.labelled(Schema.String, "职务", "Title"), { exact: true })
    })
  ),
  "room no.": Schema.optionalWith(Schema.Number, { exact: true })
})

describe("DecodeProblem", () => {
  it("writes paths the way people read them", () => {
    expect(DecodeProblem.formatPath(["guests", 2, "title"])).toBe("guests[2].title")
    expect(DecodeProblem.formatPath([0, "amount"])).toBe("[0].amount")
    expect(DecodeProblem.formatPath(["room no."])).toBe('["room no."]')
    expect(DecodeProblem.formatPath([])).toBe("(root)")
  })

  it("reports every problem with its path, kind and label, as data and as text", () => {
    const decode = DecodeProblem.decoder("visit", Visit)
    const result = decode({ host: " ", guests: [{ name: "a" }, { name: 1, title: 2 }], "room no.": "12", extra: true })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isRight(result)) return
    expect(result.left.problems.map((p) => [p.path, p.kind, p.label?.en])).toEqual([
      ["extra", "Unexpected", undefined],
      ["host", "Refinement", "Host"],
      ["guests[1].name", "Type", "Name"],
      ["guests[1].title", "Type", "Title"],
      ['["room no."]', "Type", undefined]
    ])
    expect(result.left.message.split("\n")[0]).toBe("invalid visit:")
    expect(result.left.message).toContain("guests[1].name (姓名 / Name): Expected string, actual 1")
  })

  it("finds a field's label through arrays and optional fields", () => {
    expect(Label.at(Visit, ["guests", 5, "title"])).toEqual(Option.some({ "zh-CN": "职务", en: "Title" }))
    expect(Label.at(Visit, ["guests", 5, "nickname"])).toEqual(Option.none())
    expect(Label.fields(Visit).map((f) => f.path)).toEqual(["host", "guests[].name", "guests[].title"])
  })

  it("encodes an InvalidInput error, problems and all", () => {
    const decode = DecodeProblem.decoder("visit", Visit)
    const error = Either.getOrThrowWith(
      Either.flip(decode({ host: "x", guests: [{}] })),
      () => new Error("expected an error")
    )
    const encoded = Schema.encodeSync(DecodeProblem.InvalidInput)(error)
    expect(encoded.problems).toEqual([
      {
        path: "guests[0].name",
        segments: ["guests", 0, "name"],
        kind: "Missing",
        message: "is missing",
        label: { "zh-CN": "姓名", en: "Name" }
      }
    ])
  })

  // Found by the fuzz suite (packages/core/test/fuzz): Effect's formatters write the offending value
  // into each message and recurse into it, so `[[[[…]]]]` a few thousand levels deep threw a RangeError
  // out of every liaison decoder (JSON.parse reads such a document without complaint).
  it("refuses an input nested thousands of levels deep with a problem at its root, never a RangeError", () => {
    let deep: unknown = "2026-02-24"
    for (let i = 0; i < 5_000; i++) deep = [deep]
    const result = DecodeProblem.decoder("visit", Visit)(deep)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isRight(result)) return
    expect(result.left.problems).toEqual([
      { path: "(root)", segments: [], kind: "Type", message: expect.stringContaining("nested too deeply") }
    ])
    expect(result.left.tree).toContain("nested too deeply")
    // Arrays of structs, whose overflow comes back from Effect wrapped as a fiber failure.
    const lines = DecodeProblem.decoder("lines", Schema.Array(Visit))([deep])
    expect(Either.isLeft(lines) && lines.left.problems[0]?.message).toContain("nested too deeply")
  })

  // Found by the fuzz suite: Effect's union parser reads a tag with String(value), which throws a
  // TypeError for an object without a usable toString; the decoder threw it.
  it("refuses a tag that cannot be read as text with a problem, never a TypeError", () => {
    const Tagged = Schema.Union(Schema.TaggedStruct("A", {}), Schema.TaggedStruct("B", { n: Schema.Number }))
    const result = DecodeProblem.decoder("tagged", Tagged)(JSON.parse('{"_tag": {"toString": 1}}'))
    expect(Either.isLeft(result) && result.left.problems.map((p) => [p.path, p.kind])).toEqual([["(root)", "Type"]])
    expect(Either.isLeft(result) && result.left.message).toContain("cannot be read as text")
  })

  // Found by the fuzz suite: a million-element array of bad values made errors: "all" collect and write
  // a million problems, which took minutes; past 100,000 values only the first problem is reported.
  it("reports only the first problem of a huge input, in milliseconds not minutes", () => {
    const result = DecodeProblem.decoder("visits", Schema.Array(Visit))(Array(1_000_000).fill(null))
    expect(Either.isLeft(result) && result.left.problems.map((p) => p.path)).toEqual(["[0]"])
    const small = DecodeProblem.decoder("visits", Schema.Array(Visit))([null, null])
    expect(Either.isLeft(small) && small.left.problems.map((p) => p.path)).toEqual(["[0]", "[1]"])
  })
})
