/**
 * Input generators for fuzzing, built on the fast-check 3 inside effect (`effect/FastCheck`) so they
 * compose with `Arbitrary.make(schema)` (see MACHINE-NOTES on the fast-check type clash): raw inputs
 * (anything, hostile text, odd numbers, deep nesting, prototype-pollution keys) and mutations of
 * valid-ish values (a field deleted, retyped, replaced by a raw input, an extra key, a blown-up array).
 */
import * as FC from "effect/FastCheck"

/** Keys that have broken JavaScript parsers and object merges before. */
export const pollutionKeys = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "toJSON",
  "then",
  "_tag",
  "length",
  ""
] as const

/** Text that looks like what fields hold, or has broken parsers: dates, instants, amounts, zones. */
export const nastyTexts: ReadonlyArray<string> = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF\uD800",
  "\uFEFF2026-02-24",
  "２０２６-０２-２４",
  "2026-02-24\u0000",
  "2026-02-24 ",
  "2026-02-24",
  "2026-02-29",
  "2028-02-29",
  "2026-02-30",
  "0000-01-01",
  "0001-01-01",
  "9999-12-31",
  "-000001-01-01",
  "+275760-09-13",
  "+10000-01-01",
  "2026-02-24T09:00:00+08:00",
  "2026-02-24T09:00:00Z",
  "2026-02-24T25:00:00+08:00",
  "2026-02-24T09:00:00+99:00",
  "9999-12-31T23:59:59+08:00",
  "0001-01-01T00:00:00-14:00",
  "2026-02-24T09:00:00.123456789+08:00",
  "Asia/Shanghai",
  "Mars/Olympus",
  "UTC",
  "Etc/GMT+14",
  "09:00",
  "24:00",
  "23:59:60",
  "-1",
  "0",
  "-0",
  "1e309",
  "NaN",
  "Infinity",
  "0x10",
  "9007199254740993",
  "99999999999999999999999",
  "1.005",
  "12.345",
  "1,000.00",
  "¥100",
  "١٢٣",
  "𝟚𝟘𝟚𝟞",
  "CNY",
  "cny",
  "USD",
  "XXX",
  "<script>alert(1)</script>",
  "'; DROP TABLE engagements; --",
  "%s%n%x",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is the input under test
  "${constructor}",
  "{{title}}",
  "\r\n\t",
  "李娜 Li Na 🎉",
  "e\u0301",
  "\u202Eevil",
  ...pollutionKeys
]

const HUGE = ["x".repeat(1_000_000), "中".repeat(200_000), "0".repeat(100_000), "2026-02-24".repeat(50_000)]

/** A nested value `depth` levels deep. */
export const nest = (depth: number, kind: "array" | "object"): unknown => {
  let value: unknown = "2026-02-24"
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value, _tag: "Named", name: "x" }
  return value
}

const DEEP = [nest(100, "array"), nest(100, "object"), nest(5_000, "array"), nest(5_000, "object")]

const special = (): ReadonlyArray<unknown> => [
  Object.create(null),
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  JSON.parse('[{"__proto__": null}]'),
  { toString: "not a function", valueOf: 42 },
  { length: 1e9 },
  Object.assign([], { 1000000: "sparse" }),
  new Date(Number.NaN),
  new Date(8.64e15),
  new Map([["a", 1]]),
  new Set([1]),
  new Uint8Array([0, 255]),
  Symbol("s"),
  10n ** 30n,
  () => 1,
  new Error("an error"),
  [undefined, null],
  { _tag: "Named" },
  { _tag: "__proto__" }
]

/** Numbers that break arithmetic. */
export const nastyNumber: FC.Arbitrary<number> = FC.oneof(
  FC.integer(),
  FC.double(),
  FC.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2 ** 31,
    -(2 ** 31) - 1,
    1e21,
    0.1,
    1.5,
    -1
  )
)

/** Hostile text: random (also lone surrogates and astral planes), listed nasty text, huge text. */
export const nastyText: FC.Arbitrary<string> = FC.oneof(
  { arbitrary: FC.string(), weight: 3 },
  { arbitrary: FC.fullUnicodeString(), weight: 2 },
  { arbitrary: FC.string16bits(), weight: 2 },
  { arbitrary: FC.constantFrom(...nastyTexts), weight: 4 },
  { arbitrary: FC.constantFrom(...HUGE), weight: 1 }
)

const key: FC.Arbitrary<string> = FC.oneof(FC.string(), FC.constantFrom(...pollutionKeys))

/** Any raw input a host app might pass: anything fast-check makes, hostile text and numbers, deep values. */
export const raw: FC.Arbitrary<unknown> = FC.oneof(
  {
    arbitrary: FC.anything({
      key,
      maxDepth: 4,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withObjectString: true,
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true
    }),
    weight: 4
  },
  { arbitrary: FC.jsonValue(), weight: 2 },
  { arbitrary: nastyText, weight: 3 },
  { arbitrary: nastyNumber, weight: 2 },
  { arbitrary: FC.constantFrom(...DEEP), weight: 1 },
  { arbitrary: FC.constantFrom(...special()), weight: 1 }
)

interface Mutation {
  readonly at: number
  readonly kind: number
  readonly value: unknown
  readonly key: string
}

const mutation: FC.Arbitrary<Mutation> = FC.record({
  at: FC.nat(),
  kind: FC.nat({ max: 8 }),
  value: raw,
  key
})

/** A copy of plain objects and arrays (other values are shared: they are never written to). */
const copy = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.map(copy)
  if (u !== null && typeof u === "object" && Object.getPrototypeOf(u) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(u)) out[k] = copy(v)
    return out
  }
  return u
}

type Container = Record<string, unknown> | Array<unknown>

/** Every (container, key) position in a value, breadth-first, at most `limit`. */
const positions = (root: { value: unknown }, limit = 2_000): Array<readonly [Container, string | number]> => {
  const out: Array<readonly [Container, string | number]> = [[root as unknown as Container, "value"]]
  for (let i = 0; i < out.length && out.length < limit; i++) {
    const [parent, k] = out[i]!
    const v = (parent as Record<string | number, unknown>)[k]
    if (Array.isArray(v)) for (let j = 0; j < v.length; j++) out.push([v, j])
    else if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      for (const kk of Object.keys(v)) out.push([v as Record<string, unknown>, kk])
    }
  }
  return out
}

const setOwn = (target: Container, k: string | number, value: unknown): void => {
  // defineProperty so that "__proto__" becomes an own key, as JSON.parse makes it.
  // An array's `length` cannot be redefined: that mutation is skipped.
  try {
    Object.defineProperty(target, k, { value, enumerable: true, writable: true, configurable: true })
  } catch {}
}

/** The values in a tree, counted deep (a shared subtree each time it appears), up to `cap`. */
const valuesIn = (root: unknown, cap: number): number => {
  let n = 0
  const stack: Array<unknown> = [root]
  while (stack.length > 0 && n < cap) {
    const v = stack.pop()
    n++
    if (v !== null && typeof v === "object") for (const x of Object.values(v as object)) stack.push(x)
  }
  return n
}

/** Applies mutations to a copy of a valid-ish value. */
export const mutate = (value: unknown, mutations: ReadonlyArray<Mutation>): unknown => {
  const root = { value: copy(value) }
  // An array is blown up once per input, to at most about a million values counted deep: its copies
  // are references to the same elements, so 2,000 copies of an element that is itself a tree of
  // 2,000 values (a division of labour's phase) make a value of four million, which decodes in
  // seconds because it is that big — slow by size, which the huge inputs of this file already
  // test, not a hang (the time guard is there to catch hangs).
  let blown = false
  for (const m of mutations) {
    const all = positions(root)
    const [parent, k] = all[m.at % all.length]!
    const current = (parent as Record<string | number, unknown>)[k]
    switch (m.kind) {
      case 0: // replace with a raw value
        setOwn(parent, k, m.value)
        break
      case 1: // delete the field / element
        if (Array.isArray(parent) && typeof k === "number") parent.splice(k, 1)
        else if (parent !== (root as unknown)) delete (parent as Record<string, unknown>)[k]
        else root.value = undefined
        break
      case 2: // an extra key in an object, an extra element in an array
        if (Array.isArray(current)) current.push(m.value)
        else if (current !== null && typeof current === "object") setOwn(current as Container, m.key, m.value)
        else setOwn(parent, k, m.value)
        break
      case 3: // type confusion: a number as text, text as a number, anything else as its tag text
        // (never String(value): joining a deeply nested or million-element array overflows or stalls)
        setOwn(
          parent,
          k,
          typeof current === "string"
            ? Number(current)
            : typeof current === "number"
              ? String(current)
              : Object.prototype.toString.call(current)
        )
        break
      case 4: // wrapped in an array
        setOwn(parent, k, [current])
        break
      case 5: // an array blown up
        if (Array.isArray(current) && !blown) {
          blown = true
          const each = Math.max(1, current.length === 0 ? 1 : valuesIn(current, 1_000_000) / current.length)
          const length = Math.max(2, Math.min(2_000, Math.floor(1_000_000 / each)))
          setOwn(
            parent,
            k,
            Array.from({ length }, (_, i) => current[i % Math.max(1, current.length)])
          )
        } else if (Array.isArray(current)) current.push(m.value)
        break
      case 6: // a hostile text
        setOwn(parent, k, nastyTexts[m.at % nastyTexts.length])
        break
      case 7: // null / undefined
        setOwn(parent, k, m.at % 2 === 0 ? null : undefined)
        break
      default: // a prototype-pollution key next to the field
        if (current !== null && typeof current === "object" && !Array.isArray(current)) {
          setOwn(current as Container, pollutionKeys[m.at % pollutionKeys.length]!, m.value)
        } else {
          const wrapper: Record<string, unknown> = {}
          setOwn(wrapper, "__proto__", current)
          setOwn(parent, k, wrapper)
        }
    }
  }
  return root.value
}

/** Mutations of values drawn from `valid`. */
export const mutated = (valid: FC.Arbitrary<unknown>): FC.Arbitrary<unknown> =>
  FC.tuple(valid, FC.array(mutation, { minLength: 1, maxLength: 3 })).map(([v, ms]) => mutate(v, ms))

/** A value that went through JSON, as host apps often store and send values. */
export const viaJson = (u: unknown): unknown => {
  try {
    const text = JSON.stringify(u)
    return text === undefined ? u : JSON.parse(text)
  } catch {
    return u
  }
}
