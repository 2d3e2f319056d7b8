import * as Money from "../Money.js"

/** A limit and the text that says how it was reached. */
export interface Derived {
  readonly limit: Money.Money
  readonly derivation: string
}

/**
 * A cap set for a base headcount and raised by an increment per guest beyond it (seed 003: "以上标准是以
 * 二名客户为基准，如超过二名客户，则餐饮另加50元/人"): `400 + 3 × 50 for the guests beyond 2 = 550 CNY`.
 */
export const scaledCap = (
  base: Money.Money,
  baseHeadcount: number,
  increment: Money.Money,
  guests: number
): Derived => {
  const extra = guests > baseHeadcount ? guests - baseHeadcount : 0
  if (extra === 0) return { limit: base, derivation: `${Money.format(base)} for up to ${baseHeadcount} guests` }
  if (increment.minor === 0) return { limit: base, derivation: `${Money.format(base)}, whatever the headcount` }
  const minor = base.minor + extra * increment.minor
  const limit = Money.make(Math.min(minor, Money.MAX_TOTAL), base.currency)
  return {
    limit,
    derivation: `${Money.formatAmount(base)} + ${extra} × ${Money.formatAmount(increment)} for the guests beyond ${baseHeadcount} = ${Money.format(limit)}`
  }
}
