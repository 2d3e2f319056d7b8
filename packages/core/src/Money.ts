/**
 * Money (金额): an integer amount of minor units (fen 分 for CNY) with its ISO 4217 currency code.
 *
 * Amounts are never floating-point: they are decoded from decimal text (`"400.50"`), held as safe
 * integers of minor units and compared and added exactly. Every amount carries its currency, and
 * arithmetic across currencies is a typed {@link CurrencyMismatch}, never a silent conversion.
 *
 * @since 0.1.0
 */

import type * as Brand from "effect/Brand"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A three-letter ISO 4217 currency code such as `CNY`.
 *
 * @since 0.1.0
 * @category models
 */
export type Currency = string & Brand.Brand<"Currency">

/**
 * The Schema of a {@link Currency}. Its arbitrary draws `CNY` only, so that policies derived from
 * Schemas stay in one currency; multi-currency values are tested with hand-written arbitraries.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Currency: Schema.brand<Schema.filter<typeof Schema.String>, "Currency"> = Schema.String.pipe(
  Schema.filter(
    (s) => /^[A-Z]{3}$/.test(s) || `expected a three-letter ISO 4217 code such as CNY, got ${JSON.stringify(s)}`,
    {
      identifier: "Currency",
      arbitrary: () => (fc) => fc.constant("CNY")
    }
  ),
  Schema.brand("Currency")
)

/**
 * Renminbi (人民币), the currency of every shipped policy.
 *
 * @since 0.1.0
 * @category constants
 */
export const CNY: Currency = "CNY" as Currency

/**
 * An amount of money: `minor` is a safe integer count of the currency's minor units (fen for CNY).
 *
 * @since 0.1.0
 * @category models
 */
export interface Money {
  readonly minor: number
  readonly currency: Currency
}

/**
 * The largest amount a person enters (a budget, an expense line, a cap), in minor units: 10¹², i.e. 10
 * billion yuan. Sums of thousands of such amounts stay exact safe integers; computed limits beyond
 * `Number.MAX_SAFE_INTEGER` saturate there (see {@link MAX_TOTAL}).
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_MINOR = 1_000_000_000_000

/**
 * The largest amount this library holds, in minor units: `Number.MAX_SAFE_INTEGER`. Computed totals and
 * limits are exact below it; a limit that would be larger saturates at it (no real amount reaches it).
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_TOTAL = Number.MAX_SAFE_INTEGER

const ZERO_DIGIT_CURRENCIES: ReadonlySet<string> = new Set([
  "JPY",
  "KRW",
  "VND",
  "CLP",
  "ISK",
  "UGX",
  "PYG",
  "XAF",
  "XOF"
])
const THREE_DIGIT_CURRENCIES: ReadonlySet<string> = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])

/**
 * How many decimal digits a currency's minor unit has (2 for CNY: 1 yuan = 100 fen).
 *
 * @since 0.1.0
 * @category utils
 */
export const minorDigits = (currency: Currency): 0 | 2 | 3 =>
  ZERO_DIGIT_CURRENCIES.has(currency) ? 0 : THREE_DIGIT_CURRENCIES.has(currency) ? 3 : 2

const POWERS = [1, 10, 100, 1000] as const

/**
 * Money as it is written in JSON: a decimal string and a currency code.
 *
 * @since 0.1.0
 * @category models
 */
export interface MoneyEncoded {
  readonly amount: string
  readonly currency: string
}

/**
 * The Schema of an amount already in minor units (the decoded side of {@link Money}).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MoneyFromSelf: Schema.Schema<Money> = Schema.typeSchema(
  Schema.Struct({
    minor: Schema.Int.pipe(Schema.between(-MAX_TOTAL, MAX_TOTAL)),
    currency: Currency
  })
).annotations({
  identifier: "MoneyFromSelf",
  arbitrary: () => (fc) => fc.record({ minor: fc.integer({ min: 0, max: 100_000_000 }), currency: fc.constant(CNY) })
})

const DECIMAL = /^(-?)(\d{1,16})(?:\.(\d{1,3}))?$/

const parseMinor = (amount: string, currency: Currency): Either.Either<number, string> => {
  const match = DECIMAL.exec(amount)
  if (match === null)
    return Either.left(`expected a decimal amount such as "400" or "400.50", got ${JSON.stringify(amount)}`)
  const digits = minorDigits(currency)
  const fraction = match[3] ?? ""
  if (fraction.length > digits) {
    return Either.left(`${currency} has ${digits} decimal digits, got ${JSON.stringify(amount)}`)
  }
  const whole = Number(match[2])
  const minor = whole * POWERS[digits] + Number(fraction.padEnd(digits, "0") || "0")
  if (!Number.isSafeInteger(minor)) {
    return Either.left(`amount ${JSON.stringify(amount)} is larger than this library holds exactly`)
  }
  return Either.right(match[1] === "-" && minor !== 0 ? -minor : minor)
}

/**
 * Writes minor units as a fixed decimal with the currency's digits (`40050` CNY → `"400.50"`).
 *
 * @since 0.1.0
 * @category formatting
 */
export const toDecimal = (money: Money): string => {
  const digits = minorDigits(money.currency)
  const sign = money.minor < 0 ? "-" : ""
  const abs = Math.abs(money.minor)
  if (digits === 0) return sign + abs
  const power = POWERS[digits]
  const whole = Math.floor(abs / power)
  return sign + whole + "." + String(abs - whole * power).padStart(digits, "0")
}

/**
 * Writes an amount briefly, without trailing zero decimals: `40000` fen → `"400"`, `40050` → `"400.50"`.
 * Used in derivation texts such as "400 + 3 × 50 for the guests beyond 2".
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatAmount = (money: Money): string => {
  const digits = minorDigits(money.currency)
  return digits > 0 && money.minor % POWERS[digits] === 0 ? String(money.minor / POWERS[digits]) : toDecimal(money)
}

/**
 * Writes an amount with its currency: `"550 CNY"`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (money: Money): string => formatAmount(money) + " " + money.currency

/**
 * The Schema of {@link Money}: decodes `{ "amount": "400.50", "currency": "CNY" }` to 40050 fen and
 * encodes back to a fixed decimal. The amount is text so that JSON never carries a float.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Money: Schema.Schema<Money, MoneyEncoded> = Schema.transformOrFail(
  Schema.Struct({ amount: Schema.String, currency: Currency }),
  MoneyFromSelf,
  {
    strict: true,
    decode: (input, _, ast) =>
      Either.match(parseMinor(input.amount, input.currency), {
        onLeft: (message) =>
          ParseResult.fail(new ParseResult.Pointer("amount", input, new ParseResult.Type(ast, input.amount, message))),
        onRight: (minor) => ParseResult.succeed({ minor, currency: input.currency })
      }),
    encode: (money) => ParseResult.succeed({ amount: toDecimal(money), currency: money.currency })
  }
).annotations({ identifier: "Money", description: "an amount: a decimal string and an ISO 4217 currency code" })

/**
 * The Schema of an amount a person enters: zero or more, at most {@link MAX_MINOR}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NonNegativeMoney: Schema.Schema<Money, MoneyEncoded> = Money.pipe(
  Schema.filter(
    (m) =>
      m.minor < 0
        ? `expected an amount of zero or more, got ${format(m)}`
        : m.minor > MAX_MINOR
          ? `expected an amount of at most ${format(make(MAX_MINOR, m.currency))}, got ${format(m)}`
          : true,
    { identifier: "NonNegativeMoney" }
  )
)

/**
 * The error of arithmetic or a policy check across two currencies. A verdict made in one currency is
 * never re-evaluated in another: convert explicitly, with a dated exchange rate, before checking.
 *
 * @since 0.1.0
 * @category errors
 */
export class CurrencyMismatch extends Schema.TaggedError<CurrencyMismatch>()("CurrencyMismatch", {
  expected: Currency,
  found: Currency,
  where: Schema.String
}) {
  override get message(): string {
    return `${this.where}: an amount in ${this.found} where ${this.expected} is expected; amounts are never converted implicitly`
  }
}

/**
 * The error of {@link parse} for text that is not an amount.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidMoney extends Schema.TaggedError<InvalidMoney>()("InvalidMoney", {
  input: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return this.reason
  }
}

/**
 * An amount from minor units. The caller guarantees a safe integer (use {@link parse} for text).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (minor: number, currency: Currency): Money => ({ minor, currency })

/**
 * An amount of CNY in fen (分).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fen = (minor: number): Money => ({ minor, currency: CNY })

/**
 * An amount of whole yuan (元), for policy literals: `yuan(400)` is 40000 fen. The caller passes an
 * integer; for fractions of a yuan use {@link fen} or {@link parse}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const yuan = (whole: number): Money => ({ minor: whole * 100, currency: CNY })

/**
 * Reads a decimal amount (`"400.50"`) in a currency, exactly.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parse = (input: string, currency: Currency): Either.Either<Money, InvalidMoney> =>
  Either.match(parseMinor(input.trim(), currency), {
    onLeft: (reason) => Either.left(new InvalidMoney({ input, reason })),
    onRight: (minor) => Either.right({ minor, currency })
  })

/**
 * Zero in a currency.
 *
 * @since 0.1.0
 * @category constructors
 */
export const zero = (currency: Currency): Money => ({ minor: 0, currency })

/**
 * The sum of two amounts of the same currency.
 *
 * @since 0.1.0
 * @category math
 */
export const add = (a: Money, b: Money): Either.Either<Money, CurrencyMismatch> =>
  a.currency === b.currency
    ? Either.right({ minor: a.minor + b.minor, currency: a.currency })
    : Either.left(new CurrencyMismatch({ expected: a.currency, found: b.currency, where: "Money.add" }))

/**
 * The sum of amounts that must all be in `currency`.
 *
 * @since 0.1.0
 * @category math
 */
export const sum = (currency: Currency, amounts: Iterable<Money>): Either.Either<Money, CurrencyMismatch> => {
  let minor = 0
  for (const m of amounts) {
    if (m.currency !== currency) {
      return Either.left(new CurrencyMismatch({ expected: currency, found: m.currency, where: "Money.sum" }))
    }
    minor += m.minor
  }
  return Either.right({ minor, currency })
}

/**
 * An amount multiplied by a whole number (a headcount, nights, rooms).
 *
 * @since 0.1.0
 * @category math
 */
export const times = (money: Money, factor: number): Money => ({
  minor: money.minor * factor,
  currency: money.currency
})

/**
 * Orders two amounts of the same currency (`-1`, `0`, `1`), or fails across currencies.
 *
 * @since 0.1.0
 * @category ordering
 */
export const compare = (a: Money, b: Money): Either.Either<-1 | 0 | 1, CurrencyMismatch> =>
  a.currency === b.currency
    ? Either.right(a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0)
    : Either.left(new CurrencyMismatch({ expected: a.currency, found: b.currency, where: "Money.compare" }))
