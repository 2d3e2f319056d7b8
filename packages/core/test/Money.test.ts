import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import * as Money from "../src/Money.js"

const decode = Schema.decodeUnknownEither(Money.Money)
const encode = Schema.encodeSync(Money.Money)
const currency = (code: string) => code as Money.Currency

describe("Money", () => {
  it("reads a decimal amount of yuan as integer fen", () => {
    expect(decode({ amount: "400.50", currency: "CNY" })).toEqual(Either.right({ minor: 40050, currency: "CNY" }))
    expect(decode({ amount: "400", currency: "CNY" })).toEqual(Either.right({ minor: 40000, currency: "CNY" }))
    expect(decode({ amount: "0.07", currency: "CNY" })).toEqual(Either.right({ minor: 7, currency: "CNY" }))
  })

  it("reads 0.1 + 0.2 yuan as exactly 30 fen, which floating point does not", () => {
    const a = Either.getOrThrow(Money.parse("0.1", Money.CNY))
    const b = Either.getOrThrow(Money.parse("0.2", Money.CNY))
    expect(Money.add(a, b)).toEqual(Either.right(Money.fen(30)))
    expect(0.1 + 0.2).not.toBe(0.3)
  })

  it("knows currencies without minor units and with three digits", () => {
    expect(decode({ amount: "1200", currency: "JPY" })).toEqual(Either.right({ minor: 1200, currency: "JPY" }))
    expect(Either.isLeft(decode({ amount: "1200.5", currency: "JPY" }))).toBe(true)
    expect(decode({ amount: "1.234", currency: "KWD" })).toEqual(Either.right({ minor: 1234, currency: "KWD" }))
  })

  it("rejects more decimals than the currency has, a float-looking text and a bad code, at their paths", () => {
    const tooFine = decode({ amount: "12.345", currency: "CNY" })
    expect(Either.isLeft(tooFine)).toBe(true)
    const problems = Either.isLeft(tooFine) ? tooFine.left.message : ""
    expect(problems).toContain("amount")
    expect(problems).toContain("CNY has 2 decimal digits")
    expect(Either.isLeft(decode({ amount: "1e3", currency: "CNY" }))).toBe(true)
    expect(Either.isLeft(decode({ amount: "10", currency: "rmb" }))).toBe(true)
  })

  it("writes amounts with the currency's digits, and briefly in derivations", () => {
    expect(encode(Money.fen(40050))).toEqual({ amount: "400.50", currency: "CNY" })
    expect(encode(Money.fen(-5))).toEqual({ amount: "-0.05", currency: "CNY" })
    expect(Money.formatAmount(Money.yuan(400))).toBe("400")
    expect(Money.formatAmount(Money.fen(40050))).toBe("400.50")
    expect(Money.format(Money.yuan(550))).toBe("550 CNY")
    expect(Money.format(Money.make(1200, currency("JPY")))).toBe("1200 JPY")
  })

  it("refuses to add or compare across currencies, naming both", () => {
    const usd = Money.make(100, currency("USD"))
    const error = Either.flip(Money.add(Money.yuan(1), usd))
    expect(Either.isRight(error)).toBe(true)
    if (Either.isRight(error)) {
      expect(error.right._tag).toBe("CurrencyMismatch")
      expect(error.right.expected).toBe("CNY")
      expect(error.right.found).toBe("USD")
    }
    expect(Either.isLeft(Money.compare(Money.yuan(1), usd))).toBe(true)
    expect(Either.isLeft(Money.sum(Money.CNY, [Money.yuan(1), usd]))).toBe(true)
  })

  it("rejects a negative amount where one is not allowed", () => {
    expect(Either.isLeft(Schema.decodeUnknownEither(Money.NonNegativeMoney)({ amount: "-1", currency: "CNY" }))).toBe(
      true
    )
  })
})

const anyMoney = fc
  .record({
    minor: fc.integer({ min: -Money.MAX_MINOR, max: Money.MAX_MINOR }),
    currency: fc.constantFrom("CNY", "USD", "JPY", "KWD", "EUR", "HKD")
  })
  .map(({ currency: code, minor }) => Money.make(minor, currency(code)))

describe("laws", () => {
  it("decode(encode(x)) = x for amounts in any currency", () => {
    fc.assert(
      fc.property(anyMoney, (m) => {
        expect(decode(encode(m))).toEqual(Either.right(m))
      })
    )
  })

  it("a sum of amounts equals the exact integer sum of their minor units", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Money.MAX_MINOR / 1000 }), { maxLength: 200 }), (minors) => {
        const total = Either.getOrThrow(Money.sum(Money.CNY, minors.map(Money.fen)))
        expect(BigInt(total.minor)).toBe(minors.reduce((s, m) => s + BigInt(m), 0n))
      })
    )
  })

  it("parsing the fixed decimal of an amount gives the amount back", () => {
    fc.assert(
      fc.property(anyMoney, (m) => {
        expect(Money.parse(Money.toDecimal(m), m.currency)).toEqual(Either.right(m))
      })
    )
  })
})
