/**
 * Inputs of the budget benchmark and its profile: engagements as JSON, each with its facts under the
 * seed rule set and under the official-reception example, and an expense list of a fixed length.
 */
import { randomInt, seededRandom } from "./Suite.js"

const LEVELS = ["ordinary", "senior", "special"] as const
/** The official rank a seed level stands in for, so both rule sets see comparable receptions. */
const RANK = { ordinary: "official.other", senior: "official.bureau", special: "official.provincial" } as const
const TYPES = ["simple", "business", "premium"] as const
const NAMES = ["周敏", "王磊", "陈静", "刘洋", "杨帆", "黄丽", "吴昊", "徐静", "孙伟", "马琳", "赵强", "李娜"]
const ITEMS = ["工作餐", "茶水", "中华香烟", "高档酒水", "水果", "鲜花", "会议室", "资料印刷"]

export interface Engagement {
  readonly seed: unknown
  readonly official: unknown
  readonly lines: unknown
}

/** One engagement as JSON: facts for each rule set and `count` expense lines over its 1–3 days. */
const engagement = (random: () => number, count: number): Engagement => {
  const level = LEVELS[randomInt(random, 0, 2)]!
  const guests = randomInt(random, 1, 16)
  const hosts = randomInt(random, 0, 6)
  const days = randomInt(random, 1, 3)
  const first = Date.UTC(2026, 2, 2) + randomInt(random, 0, 250) * 86_400_000
  const date = (d: number) => new Date(first + d * 86_400_000).toISOString().slice(0, 10)
  const named = NAMES.slice(0, Math.min(guests, NAMES.length))
  const visitors = named.slice(0, 3).map((name) => ({ organisation: "省商务厅", name }))
  const history =
    random() < 0.3 ? [{ organisation: "省商务厅", name: named[0]!, date: date(-randomInt(random, 5, 40)) }] : []
  const lines: Array<Record<string, unknown>> = []
  const money = (yuan: number) => ({ amount: String(yuan), currency: "CNY" })
  let invoice = 100
  for (let d = 0; d < days && lines.length < count - 4; d++) {
    for (const meal of ["lunch", "dinner"] as const) {
      const no = `F${invoice++}`
      lines.push({ category: "meals", meal, date: date(d), amount: money(randomInt(random, 150, 1300)), invoice: no })
      lines.push({
        category: "meals",
        meal,
        date: date(d),
        subcategory: "drinks",
        item: ITEMS[randomInt(random, 1, 3)],
        amount: money(randomInt(random, 20, 400)),
        // now and then a drinks bill of its own: a split bill for the official rules
        ...(random() < 0.8 ? { invoice: no } : random() < 0.5 ? { invoice: `F${invoice++}` } : {})
      })
    }
  }
  const nights = Math.max(0, days - 1)
  const rooms = Math.max(1, Math.ceil(guests / 2))
  while (lines.length < count) {
    const kind = randomInt(random, 0, 5)
    lines.push(
      kind === 0 && nights > 0
        ? {
            category: "lodging",
            item: "金陵饭店",
            amount: money(randomInt(random, 300, 800) * rooms),
            nights: 1,
            rooms,
            invoice: `H${invoice++}`
          }
        : kind === 1
          ? { category: "entertainment", venue: "夫子庙", amount: money(randomInt(random, 100, 1500)) }
          : kind === 2
            ? { category: "gifts", item: "纪念品", amount: money(randomInt(random, 50, 400)), invoice: `G${invoice++}` }
            : kind === 3
              ? { category: "work", item: ITEMS[randomInt(random, 5, 7)], amount: money(randomInt(random, 50, 600)) }
              : {
                  category: "transport",
                  date: date(randomInt(random, 0, days - 1)),
                  amount: money(randomInt(random, 20, 300))
                }
    )
  }
  const common = {
    guests,
    hosts,
    days,
    lunches: days,
    dinners: days,
    nights,
    rooms: nights > 0 ? rooms : 0,
    entertainments: 1,
    visitDate: date(0),
    visitors,
    history
  }
  return {
    seed: { ...common, level, receptionType: TYPES[randomInt(random, 0, 2)]! },
    official: {
      ...common,
      level: RANK[level],
      documents: random() < 0.7 ? ["reception-list"] : [],
      letter: { from: "省商务厅", guests: named.map((name) => ({ name, unit: "省商务厅" })) }
    },
    lines
  }
}

/**
 * `pool` engagements (mulberry32 from `seed`) with `count` lines each, through
 * `JSON.parse` as a host app receives them.
 */
export const engagements = (seed: number, pool: number, count: number): Array<Engagement> => {
  const random = seededRandom(seed)
  return JSON.parse(JSON.stringify(Array.from({ length: pool }, () => engagement(random, count)))) as Array<Engagement>
}
