/**
 * Working-day arithmetic on the China mainland calendar: liaison's public API side by side with
 * chinese-days, date-fns and a bare typed-array index, on the same random dates.
 */
import { BusinessCalendar, LocalDate, OfficialCalendars } from "@liaison/core"
import cd from "chinese-days"
import { addBusinessDays, differenceInBusinessDays } from "date-fns"
import { type Group, randomInt, type Suite, type SuiteResult, seededRandom } from "./Suite.js"

const cal = OfficialCalendars.cnMainland
const FIRST = cal.data.coverage.from
const LAST = cal.data.coverage.to
const START = LocalDate.toEpochDay(FIRST)
const END = LocalDate.toEpochDay(LAST)
const DAYS = END - START + 1
const FIRST_YEAR = LocalDate.parts(FIRST).year

const POOL = 4096
const MASK = POOL - 1

// ---------------------------------------------------------------------------------------------
// The bare index: what the physical approach costs with nothing around it. Built here from
// chinese-days' answers, so it is also an independent witness for the cross-check.
// ---------------------------------------------------------------------------------------------

const working = new Uint8Array(DAYS)
/** `cum[i]` = working days in [START, START + i). */
const cum = new Int32Array(DAYS + 1)
/** Text as a host app receives it: through `JSON.parse`. */
const flat = <A extends string>(texts: ReadonlyArray<A>): Array<A> => JSON.parse(JSON.stringify(texts)) as Array<A>

const textOfIndex = flat(Array.from({ length: DAYS }, (_, i) => LocalDate.fromEpochDay(START + i)))
for (let i = 0; i < DAYS; i++) {
  working[i] = cd.isWorkday(textOfIndex[i]!) ? 1 : 0
  cum[i + 1] = cum[i]! + working[i]!
}
const TOTAL = cum[DAYS]!
/** `workDays[k]` = index (from START) of the k-th working day. */
const workDays = new Int32Array(TOTAL)
for (let i = 0, k = 0; i < DAYS; i++) if (working[i] === 1) workDays[k++] = i
/** Index (from START) of the first day of each month: `monthStart[(year - FIRST_YEAR) * 12 + month - 1]`. */
const monthStart = new Int32Array(Math.ceil(DAYS / 365 + 1) * 12)
for (let i = 0; i < DAYS; i++) {
  const p = LocalDate.partsOfEpochDay(START + i)
  if (p.day === 1) monthStart[(p.year - FIRST_YEAR) * 12 + p.month - 1] = i
}

/** `YYYY-MM-DD` → day index, no validation (inputs are known good). */
const bareIndexOf = (s: string): number =>
  monthStart[
    ((s.charCodeAt(0) - 48) * 1000 +
      (s.charCodeAt(1) - 48) * 100 +
      (s.charCodeAt(2) - 48) * 10 +
      (s.charCodeAt(3) - 48) -
      FIRST_YEAR) *
      12 +
      (s.charCodeAt(5) - 48) * 10 +
      (s.charCodeAt(6) - 49)
  ]! +
  (s.charCodeAt(8) - 48) * 10 +
  (s.charCodeAt(9) - 49)

/** Day index `n > 0` working days after day index `i`. */
const bareAdd = (i: number, n: number): number => workDays[cum[i + 1]! + n - 1]!
/** Working days in (i, j], i ≤ j. */
const bareBetween = (i: number, j: number): number => cum[j + 1]! - cum[i + 1]!

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const SEEDS = { isWorkingDay: 20040101, add5: 20260224, add250: 20261231, between: 20140915 } as const
const BETWEEN_MAX_SPAN = 365

interface DateInputs {
  readonly text: Array<LocalDate.LocalDate>
  readonly index: Int32Array
  readonly js: Array<Date>
}

const jsDate = (i: number): Date => {
  const p = LocalDate.partsOfEpochDay(START + i)
  return new Date(p.year, p.month - 1, p.day)
}

const dateInputs = (indices: ReadonlyArray<number>): DateInputs => ({
  text: flat(indices.map((i) => LocalDate.fromEpochDay(START + i))),
  index: Int32Array.from(indices),
  js: indices.map(jsDate)
})

const anyDay = (seed: number): DateInputs => {
  const random = seededRandom(seed)
  return dateInputs(Array.from({ length: POOL }, () => randomInt(random, 0, DAYS - 1)))
}

/** Start days whose n-th working day after is still inside the coverage. */
const startsFor = (n: number, seed: number): DateInputs => {
  const random = seededRandom(seed)
  const out: Array<number> = []
  while (out.length < POOL) {
    const i = randomInt(random, 0, DAYS - 1)
    if (cum[i + 1]! + n <= TOTAL) out.push(i)
  }
  return dateInputs(out)
}

/** Pairs from ≤ to, to at most BETWEEN_MAX_SPAN calendar days later, both inside the coverage. */
const pairs = (seed: number): { readonly from: DateInputs; readonly to: DateInputs } => {
  const random = seededRandom(seed)
  const from: Array<number> = []
  const to: Array<number> = []
  for (let k = 0; k < POOL; k++) {
    const i = randomInt(random, 0, DAYS - 1)
    from.push(i)
    to.push(Math.min(DAYS - 1, i + randomInt(random, 1, BETWEEN_MAX_SPAN)))
  }
  return { from: dateInputs(from), to: dateInputs(to) }
}

const isWd = anyDay(SEEDS.isWorkingDay)
const add5 = startsFor(5, SEEDS.add5)
const add250 = startsFor(250, SEEDS.add250)
const betw = pairs(SEEDS.between)

// ---------------------------------------------------------------------------------------------
// Cross-check: liaison, chinese-days and the bare index must agree on every input
// ---------------------------------------------------------------------------------------------

const check = (): ReadonlyArray<string> => {
  const problems: Array<string> = []
  for (let k = 0; k < POOL; k++) {
    const d = isWd.text[k]!
    const l = BusinessCalendar.isWorkingDay(cal, d)
    const c = cd.isWorkday(d)
    const b = working[isWd.index[k]!] === 1
    if (l._tag !== "Right" || l.right !== c || b !== c)
      problems.push(`isWorkingDay ${d}: liaison ${JSON.stringify(l)}, chinese-days ${c}, bare ${b}`)
  }
  for (const [n, inputs] of [
    [5, add5],
    [250, add250]
  ] as const) {
    for (let k = 0; k < POOL; k++) {
      const d = inputs.text[k]!
      const l = BusinessCalendar.addWorkingDays(cal, d, n)
      const c = cd.findWorkday(n, d)
      const b = textOfIndex[bareAdd(inputs.index[k]!, n)]
      if (l._tag !== "Right" || l.right !== c || b !== c)
        problems.push(`addWorkingDays ${d} + ${n}: liaison ${JSON.stringify(l)}, chinese-days ${c}, bare ${b}`)
    }
  }
  for (let k = 0; k < POOL; k++) {
    const f = betw.from.text[k]!
    const t = betw.to.text[k]!
    const l = BusinessCalendar.workingDaysBetween(cal, f, t)
    const c = cd.getWorkdaysInRange(f, t).length - (cd.isWorkday(f) ? 1 : 0)
    const b = bareBetween(betw.from.index[k]!, betw.to.index[k]!)
    if (l._tag !== "Right" || l.right !== c || b !== c)
      problems.push(`workingDaysBetween ${f} ${t}: liaison ${JSON.stringify(l)}, chinese-days ${c}, bare ${b}`)
  }
  return problems
}

// ---------------------------------------------------------------------------------------------
// Groups. Every row's loop is written out (see Suite.ts for why).
// ---------------------------------------------------------------------------------------------

const BARE_TEXT = "bare index, text in/out (no validation, no Either)"
const BARE_INT = "bare index, day number in/out"

const isWorkingDayGroup: Group = {
  id: "is-working-day",
  name: "is-working-day",
  poolSize: POOL,
  note: `${POOL} random dates ${FIRST}–${LAST} (seed ${SEEDS.isWorkingDay}).`,
  rows: [
    {
      id: "liaison",
      name: "liaison BusinessCalendar.isWorkingDay",
      run: (from, count) => {
        const input = isWd.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = BusinessCalendar.isWorkingDay(cal, input[i]!)
          if (r._tag === "Right" && r.right) acc++
        }
        return acc
      }
    },
    {
      id: "chinese-days",
      name: "chinese-days isWorkday",
      run: (from, count) => {
        const input = isWd.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) if (cd.isWorkday(input[i]!)) acc++
        return acc
      }
    },
    {
      id: "bare-text",
      name: BARE_TEXT,
      run: (from, count) => {
        const input = isWd.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) acc += working[bareIndexOf(input[i]!)]!
        return acc
      }
    },
    {
      id: "bare-int",
      name: BARE_INT,
      run: (from, count) => {
        const input = isWd.index
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) acc += working[input[i]!]!
        return acc
      }
    }
  ]
}

const add5Group: Group = {
  id: "add-5",
  name: "add 5 working days",
  poolSize: POOL,
  note:
    `${POOL} random start dates ${FIRST}–${LAST} whose 5th working day after is inside the coverage (seed ${SEEDS.add5}). ` +
    "date-fns knows no holidays: its answers are wrong around holidays and make-up days, and it is shown for speed only. " +
    "date-fns takes and returns `Date`s (inputs made beforehand); the others take and return `YYYY-MM-DD` text.",
  rows: [
    {
      id: "liaison",
      name: "liaison BusinessCalendar.addWorkingDays",
      run: (from, count) => {
        const input = add5.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = BusinessCalendar.addWorkingDays(cal, input[i]!, 5)
          if (r._tag === "Right") acc += r.right.charCodeAt(9)
        }
        return acc
      }
    },
    {
      id: "chinese-days",
      name: "chinese-days findWorkday",
      run: (from, count) => {
        const input = add5.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) acc += cd.findWorkday(5, input[i]!).charCodeAt(9)
        return acc
      }
    },
    {
      id: "date-fns",
      name: "date-fns addBusinessDays (no holidays)",
      run: (from, count) => {
        const input = add5.js
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) acc += addBusinessDays(input[i]!, 5).getDate()
        return acc
      }
    },
    {
      id: "bare-text",
      name: BARE_TEXT,
      run: (from, count) => {
        const input = add5.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          acc += textOfIndex[bareAdd(bareIndexOf(input[i]!), 5)]!.charCodeAt(9)
        }
        return acc
      }
    },
    {
      id: "bare-int",
      name: BARE_INT,
      run: (from, count) => {
        const input = add5.index
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) acc += bareAdd(input[i]!, 5)
        return acc
      }
    }
  ]
}

const add250Group: Group = {
  id: "add-250",
  name: "add 250 working days",
  poolSize: POOL,
  note:
    `${POOL} random start dates ${FIRST}–${LAST} whose 250th working day after is inside the coverage (seed ${SEEDS.add250}). ` +
    "date-fns: no holidays, speed only; `Date` in and out.",
  rows: [
    {
      id: "liaison",
      name: "liaison BusinessCalendar.addWorkingDays",
      run: (from, count) => {
        const input = add250.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = BusinessCalendar.addWorkingDays(cal, input[i]!, 250)
          if (r._tag === "Right") acc += r.right.charCodeAt(9)
        }
        return acc
      }
    },
    {
      id: "chinese-days",
      name: "chinese-days findWorkday",
      run: (from, count) => {
        const input = add250.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          acc += cd.findWorkday(250, input[i]!).charCodeAt(9)
        }
        return acc
      }
    },
    {
      id: "date-fns",
      name: "date-fns addBusinessDays (no holidays)",
      run: (from, count) => {
        const input = add250.js
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) acc += addBusinessDays(input[i]!, 250).getDate()
        return acc
      }
    },
    {
      id: "bare-text",
      name: BARE_TEXT,
      run: (from, count) => {
        const input = add250.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          acc += textOfIndex[bareAdd(bareIndexOf(input[i]!), 250)]!.charCodeAt(9)
        }
        return acc
      }
    },
    {
      id: "bare-int",
      name: BARE_INT,
      run: (from, count) => {
        const input = add250.index
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) acc += bareAdd(input[i]!, 250)
        return acc
      }
    }
  ]
}

const betweenGroup: Group = {
  id: "between",
  name: "working days between",
  poolSize: POOL,
  note:
    `${POOL} random pairs: a date ${FIRST}–${LAST} and one 1–${BETWEEN_MAX_SPAN} calendar days later, capped at ${LAST} ` +
    `(seed ${SEEDS.between}). Counted as liaison does: (from, to]. chinese-days 1.5.7 has no getWorkdaysBetween: ` +
    "its row is `getWorkdaysInRange(from, to).length` minus one when `from` is a working day. " +
    "date-fns `differenceInBusinessDays(to, from)`: no holidays, speed only.",
  rows: [
    {
      id: "liaison",
      name: "liaison BusinessCalendar.workingDaysBetween",
      run: (from, count) => {
        const a = betw.from.text
        const b = betw.to.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          const r = BusinessCalendar.workingDaysBetween(cal, a[i]!, b[i]!)
          if (r._tag === "Right") acc += r.right
        }
        return acc
      }
    },
    {
      id: "chinese-days",
      name: "chinese-days getWorkdaysInRange().length",
      run: (from, count) => {
        const a = betw.from.text
        const b = betw.to.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          acc += cd.getWorkdaysInRange(a[i]!, b[i]!).length - (cd.isWorkday(a[i]!) ? 1 : 0)
        }
        return acc
      }
    },
    {
      id: "date-fns",
      name: "date-fns differenceInBusinessDays (no holidays)",
      run: (from, count) => {
        const a = betw.from.js
        const b = betw.to.js
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) acc += differenceInBusinessDays(b[i]!, a[i]!)
        return acc
      }
    },
    {
      id: "bare-text",
      name: BARE_TEXT,
      run: (from, count) => {
        const a = betw.from.text
        const b = betw.to.text
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) {
          acc += bareBetween(bareIndexOf(a[i]!), bareIndexOf(b[i]!))
        }
        return acc
      }
    },
    {
      id: "bare-int",
      name: BARE_INT,
      run: (from, count) => {
        const a = betw.from.index
        const b = betw.to.index
        let acc = 0
        for (let k = 0, i = from; k < count; k++, i = (i + 1) & MASK) acc += bareBetween(a[i]!, b[i]!)
        return acc
      }
    }
  ]
}

// ---------------------------------------------------------------------------------------------
// Reading against the goals of issue 2
// ---------------------------------------------------------------------------------------------

/** How often date-fns (no holidays) gives another answer than the official calendar on the inputs. */
const dateFnsWrong = (n: number, inputs: DateInputs): number => {
  let wrong = 0
  for (let k = 0; k < POOL; k++) {
    const got = addBusinessDays(inputs.js[k]!, n)
    const want = jsDate(bareAdd(inputs.index[k]!, n))
    if (got.getTime() !== want.getTime()) wrong++
  }
  return wrong / POOL
}

const summarize = (result: SuiteResult): ReadonlyArray<string> => {
  const lines: Array<string> = []
  const row = (group: string, id: string) => result.groups.find((g) => g.id === group)?.rows.find((r) => r.id === id)
  const x = (v: number) => (v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(2))
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED")
  for (const group of ["add-5", "add-250"]) {
    const l = row(group, "liaison")
    const c = row(group, "chinese-days")
    const bt = row(group, "bare-text")
    const bi = row(group, "bare-int")
    if (l === undefined || c === undefined || bt === undefined || bi === undefined) continue
    const goal = group === "add-5"
    // `slowdown` is row time / liaison time: chinese-days' is how many times faster liaison is; the
    // bare rows' inverse is how many times slower liaison is than they are.
    const vsCd = `${x(c.slowdown)}× (fastest samples: ${x(c.slowdownByMin)}×)`
    lines.push(
      `${group}: liaison (${x(l.medianNs)} ns/op median) is ${vsCd} faster than chinese-days` +
        (goal ? `; goal ≥ 300×: ${verdict(c.slowdown >= 300 && c.slowdownByMin >= 300)}` : "")
    )
    for (const [bare, what] of [
      [bt, "with text in and out"],
      [bi, "on day numbers"]
    ] as const) {
      lines.push(
        `${group}: liaison takes ${x(1 / bare.slowdown)}× (fastest samples: ${x(1 / bare.slowdownByMin)}×) ` +
          `the time of the bare index ${what}` +
          (goal ? `; goal ≤ 5×: ${verdict(1 / bare.slowdown <= 5 && 1 / bare.slowdownByMin <= 5)}` : "")
      )
    }
  }
  lines.push(
    `date-fns addBusinessDays differs from the official calendar on ${(dateFnsWrong(5, add5) * 100).toFixed(1)} % ` +
      `of the n = 5 inputs and ${(dateFnsWrong(250, add250) * 100).toFixed(1)} % of the n = 250 inputs`
  )
  return lines
}

export const suite: Suite = {
  name: "calendar",
  description:
    "Working-day arithmetic on the China mainland official calendar " +
    `(${cal.data.version}, ${FIRST}–${LAST}) through liaison's public API, beside chinese-days ` +
    "(the same official data), date-fns (weekends only) and a bare typed-array prefix index built in this file.",
  inputs: [
    `${POOL} pre-generated inputs per group (mulberry32, fixed seeds), the same for every row of a group; ` +
      "text inputs come out of JSON.parse, as a host app's would",
    `liaison ${cal.data.version}; chinese-days 1.5.7; date-fns 4.1.0`
  ],
  check,
  groups: [isWorkingDayGroup, add5Group, add250Group, betweenGroup],
  memory: [
    {
      name: "liaison: cn-mainland index, as built",
      module: "memory/cnMainlandIndex.ts",
      note: "`BusinessCalendar.make(cnMainlandData)` with liaison already loaded: typed arrays, notes map, empty text table"
    },
    {
      name: "liaison: cn-mainland index, text table full",
      module: "memory/cnMainlandIndexWarm.ts",
      note: "the same after every covered day's `YYYY-MM-DD` answer has been cached (the steady state of a long-lived process)"
    },
    {
      name: "chinese-days: whole module",
      module: "memory/chineseDays.ts",
      note: '`import("chinese-days")`: its holiday data plus its code (lunar and solar-term tables included)'
    },
    {
      name: "liaison: whole @liaison/core",
      module: "memory/liaisonCore.ts",
      note: '`import("@liaison/core")` through tsx: effect, Schema and every module, with the cn-mainland index built on load'
    }
  ],
  summarize
}
