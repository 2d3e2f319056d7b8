/**
 * Where the time of `BusinessCalendar.addWorkingDays` goes: the public call beside variants that
 * stop after each step of its path (parse, index, text, Either, coverage check), timed with a hand
 * loop on the same 4,096 flat `YYYY-MM-DD` start dates, n = 5.
 *
 *   npx tsx bench/profile/addWorkingDays.ts
 *
 * It first prints an A/B table: the public call as it is now beside a copy of the previous hot
 * path (before commit 98765c5; error and options paths cut) and the bare index, timed in interleaved
 * rounds (every round runs each variant once, in rotating order), so a loaded machine disturbs
 * them alike; each also on fresh string objects (made by concatenation, so not the ones the
 * calendar saw before). With `--previous <dir>` it also times the whole previous public function,
 * loaded from a copy of an older core's sources inside the repository (so `effect` resolves):
 *
 *   mkdir -p bench/profile/.previous && git archive 98765c5~1 packages/core/src | tar -x -C bench/profile/.previous
 *   npx tsx bench/profile/addWorkingDays.ts --ab-only --previous bench/profile/.previous
 *   rm -r bench/profile/.previous
 *
 * `--ab-only` stops after that table.
 *
 * With `--loop <seconds>` it only runs the public call, for a CPU profile. Through tsx the
 * functions of core show up unnamed in a profile; bundled with esbuild they keep their names:
 *
 *   npx esbuild bench/profile/addWorkingDays.ts --bundle --platform=node --format=esm --outfile=/tmp/liaison-prof.mjs
 *   node --cpu-prof --cpu-prof-dir=/tmp/liaison-prof /tmp/liaison-prof.mjs --loop 5
 *   npx tsx bench/profile/topFunctions.ts /tmp/liaison-prof/*.cpuprofile
 *
 * Not a suite (it reaches into core's internals on purpose); `npm run bench` does not run it.
 */
import os from "node:os"
import { resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { BusinessCalendar, LocalDate, OfficialCalendars } from "@liaison/core"
import * as Either from "effect/Either"
import * as Ix from "../../packages/core/src/internal/calendarIndex.js"
import { randomInt, seededRandom } from "../Suite.js"

const cal = OfficialCalendars.cnMainland
const ix = cal.index
const POOL = 4096
const MASK = POOL - 1
const N = 5
const random = seededRandom(20260224)
const starts: Array<LocalDate.LocalDate> = JSON.parse(
  JSON.stringify(Array.from({ length: POOL }, () => LocalDate.fromEpochDay(randomInt(random, ix.start, ix.end - 30))))
) as Array<LocalDate.LocalDate>
const days = Int32Array.from(starts, (s) => LocalDate.toEpochDay(s))

/** Each variant's loop is its own function literal, so V8 keeps separate type feedback per variant. */
const variants: ReadonlyArray<readonly [string, (count: number) => number]> = [
  [
    "public addWorkingDays(cal, text, 5)",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = BusinessCalendar.addWorkingDays(cal, starts[i]!, N)
        if (r._tag === "Right") acc += r.right.length
      }
      return acc
    }
  ],
  [
    "parse: LocalDate.toEpochDay(text)",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) acc += LocalDate.toEpochDay(starts[i]!)
      return acc
    }
  ],
  [
    "index: Ix.addWorking(day, 5) on day numbers",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) acc += Ix.addWorking(ix, days[i]!, N)
      return acc
    }
  ],
  [
    "parse + index",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        acc += Ix.addWorking(ix, LocalDate.toEpochDay(starts[i]!), N)
      }
      return acc
    }
  ],
  [
    "parse + index + text table",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        acc += Ix.textOf(ix, Ix.addWorking(ix, LocalDate.toEpochDay(starts[i]!), N)).length
      }
      return acc
    }
  ],
  [
    "parse + index + text + Either.right",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = Either.right(Ix.textOf(ix, Ix.addWorking(ix, LocalDate.toEpochDay(starts[i]!), N)))
        if (r._tag === "Right") acc += r.right.length
      }
      return acc
    }
  ],
  [
    "same path written out as the public function (checks, coverage, Either)",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const day = LocalDate.toEpochDay(starts[i]!)
        if (Number.isNaN(day)) continue
        if (!Number.isInteger(N) || N > 1_000_000 || N < -1_000_000) continue
        const target = Ix.addWorking(ix, day, N)
        if (!LocalDate.isRepresentable(target)) continue
        if (Math.min(day, target) < ix.start || Math.max(day, target) > ix.end) continue
        const r = Either.right(Ix.textOf(ix, target))
        if (r._tag === "Right") acc += r.right.length
      }
      return acc
    }
  ],
  [
    "Either.right alone (on a fixed string)",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = Either.right(starts[i]!)
        if (r._tag === "Right") acc += r.right.length
      }
      return acc
    }
  ],
  [
    "text table alone: Ix.textOf(day)",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) acc += Ix.textOf(ix, days[i]!).length
      return acc
    }
  ]
]

// A prototype of a faster parse for the engine: inside the coverage, the day index of the first of
// each month from a table, which also gives the month's length, so validation needs no
// `daysInMonth` and no `Math.floor` date arithmetic. Outside the coverage it would fall back to
// `LocalDate.toEpochDay`.
const firstYear = LocalDate.partsOfEpochDay(ix.start).year
const lastYear = LocalDate.partsOfEpochDay(ix.end).year
/** `monthDay[(year - firstYear) * 12 + month - 1]` = epoch day of the 1st; one extra entry closes the last month. */
const monthDay = new Int32Array((lastYear - firstYear + 1) * 12 + 1)
for (let y = firstYear; y <= lastYear + 1; y++) {
  for (let m = 1; m <= 12; m++) {
    const k = (y - firstYear) * 12 + m - 1
    if (k < monthDay.length) monthDay[k] = LocalDate.epochDayOf(y, m, 1)
  }
}
const digit = (s: string, i: number): number => (s.charCodeAt(i) - 48) >>> 0
const tableToEpochDay = (s: string): number => {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN
  const y0 = digit(s, 0)
  const y1 = digit(s, 1)
  const y2 = digit(s, 2)
  const y3 = digit(s, 3)
  const m0 = digit(s, 5)
  const m1 = digit(s, 6)
  const d0 = digit(s, 8)
  const d1 = digit(s, 9)
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) return Number.NaN
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  const month = m0 * 10 + m1
  const day = d0 * 10 + d1
  if (year < firstYear || year > lastYear) return LocalDate.toEpochDay(s)
  if (month < 1 || month > 12 || day < 1) return Number.NaN
  const k = (year - firstYear) * 12 + month - 1
  const first = monthDay[k]!
  return day <= monthDay[k + 1]! - first ? first + day - 1 : Number.NaN
}
for (const s of starts)
  if (tableToEpochDay(s) !== LocalDate.toEpochDay(s)) throw new Error(`prototype parse differs on ${s}`)
for (const bad of ["2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "20x4-01-01"]) {
  if (!Number.isNaN(tableToEpochDay(bad))) throw new Error(`prototype parse accepts ${bad}`)
}

const parsing: ReadonlyArray<readonly [string, (count: number) => number]> = [
  [
    "parse, part: the 8 digit reads (charCodeAt) alone",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const s = starts[i]!
        acc +=
          s.charCodeAt(0) +
          s.charCodeAt(1) +
          s.charCodeAt(2) +
          s.charCodeAt(3) +
          s.charCodeAt(5) +
          s.charCodeAt(6) +
          s.charCodeAt(8) +
          s.charCodeAt(9)
      }
      return acc
    }
  ],
  [
    "parse, part: LocalDate.epochDayOf(y, m, d) alone",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK)
        acc += LocalDate.epochDayOf(2004 + (i & 15), 1 + (i % 12), 1 + (i & 15))
      return acc
    }
  ],
  [
    "prototype parse alone: table-driven, same validation",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) acc += tableToEpochDay(starts[i]!)
      return acc
    }
  ]
]

/** The prototype's answers made once per day of the coverage: an `Either` is immutable, so it can be shared. */
const rightOfDay = Array.from({ length: ix.end - ix.start + 1 }, (_, i) => Either.right(Ix.textOf(ix, ix.start + i)))

/** Results kept in a ring, so an `Either` cannot be optimised away (as a real caller keeps it). */
const kept: Array<unknown> = new Array(64).fill(undefined)

const escaping: ReadonlyArray<readonly [string, (count: number) => number]> = [
  [
    "parse + index + text + Either.right, kept",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = Either.right(Ix.textOf(ix, Ix.addWorking(ix, LocalDate.toEpochDay(starts[i]!), N)))
        kept[i & 63] = r
        if (r._tag === "Right") acc += r.right.length
      }
      return acc
    }
  ],
  [
    "prototype: table parse + index + text + coverage check + Either.right, kept",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const day = tableToEpochDay(starts[i]!)
        if (Number.isNaN(day)) continue
        const target = Ix.addWorking(ix, day, N)
        if (Math.min(day, target) < ix.start || Math.max(day, target) > ix.end) continue
        const r = Either.right(Ix.textOf(ix, target))
        kept[i & 63] = r
        if (r._tag === "Right") acc += r.right.length
      }
      return acc
    }
  ],
  [
    "prototype: table parse + index + a cached Right per day (no allocation), kept",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const day = tableToEpochDay(starts[i]!)
        if (Number.isNaN(day)) continue
        const target = Ix.addWorking(ix, day, N)
        if (Math.min(day, target) < ix.start || Math.max(day, target) > ix.end) continue
        const r = rightOfDay[target - ix.start]!
        kept[i & 63] = r
        if (r._tag === "Right") acc += r.right.length
      }
      return acc
    }
  ],
  [
    "public addWorkingDays, kept",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = BusinessCalendar.addWorkingDays(cal, starts[i]!, N)
        kept[i & 63] = r
        if (r._tag === "Right") acc += r.right.length
      }
      return acc
    }
  ]
]

/** Short rounds (~50–100 µs) so that, on a shared machine, a round the OS interrupts is an outlier the median drops. */
// workingDaysBetween: the same split, on pairs (start, start + 1–365 days, inside the coverage).
const ends: Array<LocalDate.LocalDate> = JSON.parse(
  JSON.stringify(Array.from(days, (d) => LocalDate.fromEpochDay(Math.min(ix.end, d + randomInt(random, 1, 365)))))
) as Array<LocalDate.LocalDate>
const between: ReadonlyArray<readonly [string, (count: number) => number]> = [
  [
    "public workingDaysBetween(cal, from, to), kept",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = BusinessCalendar.workingDaysBetween(cal, starts[i]!, ends[i]!)
        kept[i & 63] = r
        if (r._tag === "Right") acc += r.right
      }
      return acc
    }
  ],
  [
    "between: two parses",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        acc += LocalDate.toEpochDay(ends[i]!) - LocalDate.toEpochDay(starts[i]!)
      }
      return acc
    }
  ],
  [
    "between: two parses + Ix.between",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        acc += Ix.between(ix, LocalDate.toEpochDay(starts[i]!), LocalDate.toEpochDay(ends[i]!))
      }
      return acc
    }
  ],
  [
    "between: two table parses + Ix.between + Either.right, kept (prototype)",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = Either.right(Ix.between(ix, tableToEpochDay(starts[i]!), tableToEpochDay(ends[i]!)))
        kept[i & 63] = r
        if (r._tag === "Right") acc += r.right
      }
      return acc
    }
  ]
]

// ---------------------------------------------------------------------------------------------
// A/B: the previous implementation (before commit 98765c5), copied, beside the public call as it is now
// ---------------------------------------------------------------------------------------------

/** The previous `Ix.parse`: the month table, `NaN` for invalid text. */
const previousParse = (date: string): number => {
  if (typeof date !== "string" || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    return Number.NaN
  }
  const y0 = date.charCodeAt(0) - 48
  const y1 = date.charCodeAt(1) - 48
  const y2 = date.charCodeAt(2) - 48
  const y3 = date.charCodeAt(3) - 48
  const m0 = date.charCodeAt(5) - 48
  const m1 = date.charCodeAt(6) - 48
  const d0 = date.charCodeAt(8) - 48
  const d1 = date.charCodeAt(9) - 48
  if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9) return Number.NaN
  if (m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return Number.NaN
  const month = m0 * 10 + m1
  const day = d0 * 10 + d1
  const k = (y0 * 1000 + y1 * 100 + y2 * 10 + y3 - ix.firstYear) * 12 + month - 1
  if (month >= 1 && month <= 12 && k >= 0 && k < ix.monthStart.length - 1) {
    const first = ix.monthStart[k]!
    return day >= 1 && day <= ix.monthStart[k + 1]! - first ? first + day - 1 : Number.NaN
  }
  return LocalDate.toEpochDay(date)
}
const UNREACHED = Either.left("not reached by these inputs")
/** The previous `BusinessCalendar.addWorkingDays` (error and options paths cut: these inputs never reach them). */
const previousAddWorkingDays = (
  calendar: typeof cal,
  date: string,
  n: number,
  options?: object
): Either.Either<string, string> => {
  const ix = calendar.index
  const day = previousParse(date)
  if (Number.isNaN(day)) return UNREACHED
  if (!Number.isInteger(n) || n > 1_000_000 || n < -1_000_000) return UNREACHED
  const target = Ix.addWorking(ix, day, n)
  if (options === undefined && day >= ix.start && day <= ix.end && target >= ix.start && target <= ix.end) {
    return Ix.rightOf(ix, target)
  }
  return UNREACHED
}
for (const s of starts) {
  if ((previousAddWorkingDays(cal, s, N) as unknown) !== BusinessCalendar.addWorkingDays(cal, s, N)) {
    throw new Error(`the copy of the previous implementation differs on ${s}`)
  }
}

/** The bench's bare index with text in and out (no validation, no Either), rebuilt here on the same index. */
const bareText = Array.from({ length: ix.end - ix.start + 1 }, (_, i) => LocalDate.fromEpochDay(ix.start + i))
const bareMonth = Int32Array.from(ix.monthStart, (d) => d - ix.start)
const bareWorkDays = Int32Array.from(ix.workDays, (d) => d - ix.start)
const bareAdd = (s: string, n: number): string =>
  bareText[
    bareWorkDays[
      ix.cum[
        bareMonth[
          ((s.charCodeAt(0) - 48) * 1000 +
            (s.charCodeAt(1) - 48) * 100 +
            (s.charCodeAt(2) - 48) * 10 +
            (s.charCodeAt(3) - 48) -
            ix.firstYear) *
            12 +
            (s.charCodeAt(5) - 48) * 10 +
            (s.charCodeAt(6) - 49)
        ]! +
          (s.charCodeAt(8) - 48) * 10 +
          (s.charCodeAt(9) - 48)
      ]! +
        n -
        1
    ]!
  ]!

/** 64 batches of the same dates as distinct, flat, non-internalized string objects. */
const FRESH_BATCHES = 64
const fresh: Array<Array<string>> = Array.from({ length: FRESH_BATCHES }, () =>
  starts.map((s) => s.slice(0, 5) + s.slice(5))
)
let batch = 0
const nextBatch = (): Array<string> => {
  batch = (batch + 1) % FRESH_BATCHES
  return fresh[batch]!
}

const previousAt = process.argv.indexOf("--previous")
const previousCore =
  previousAt < 0
    ? undefined
    : ((await import(
        pathToFileURL(resolve(process.argv[previousAt + 1]!, "packages/core/src/index.ts")).href
      )) as typeof import("@liaison/core"))
const previousCal = previousCore?.OfficialCalendars.cnMainland

const ab: Array<readonly [string, (count: number) => number]> = [
  [
    "now: public addWorkingDays(cal, text, 5)",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = BusinessCalendar.addWorkingDays(cal, starts[i]!, N)
        if (r._tag === "Right") acc += r.right.charCodeAt(9)
      }
      return acc
    }
  ],
  [
    "previous implementation (copy)",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = previousAddWorkingDays(cal, starts[i]!, N)
        if (r._tag === "Right") acc += r.right.charCodeAt(9)
      }
      return acc
    }
  ],
  [
    "bare index, text in/out",
    (count) => {
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) acc += bareAdd(starts[i]!, N).charCodeAt(9)
      return acc
    }
  ],
  [
    "now, fresh strings",
    (count) => {
      const input = nextBatch()
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = BusinessCalendar.addWorkingDays(cal, input[i]! as LocalDate.LocalDate, N)
        if (r._tag === "Right") acc += r.right.charCodeAt(9)
      }
      return acc
    }
  ],
  [
    "previous, fresh strings",
    (count) => {
      const input = nextBatch()
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
        const r = previousAddWorkingDays(cal, input[i]!, N)
        if (r._tag === "Right") acc += r.right.charCodeAt(9)
      }
      return acc
    }
  ],
  [
    "bare index, fresh strings",
    (count) => {
      const input = nextBatch()
      let acc = 0
      for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) acc += bareAdd(input[i]!, N).charCodeAt(9)
      return acc
    }
  ]
]

const ROUND = 1 << 10
const ROUNDS = 4001
const time = (f: (count: number) => number): number => {
  const t0 = process.hrtime.bigint()
  const acc = f(ROUND)
  const ns = Number(process.hrtime.bigint() - t0)
  if (acc === -1) process.stdout.write("")
  return ns / ROUND
}

const loopAt = process.argv.indexOf("--loop")
if (loopAt >= 0) {
  const until = Date.now() + 1000 * Number(process.argv[loopAt + 1] ?? 5)
  let acc = 0
  while (Date.now() < until) acc += variants[0]![1](1 << 18)
  console.log(`ran the public call until the deadline (${acc})`)
  process.exit(0)
}

console.log(
  `Node ${process.version}; ${ROUND.toLocaleString("en-US")} calls a round; median of ${ROUNDS} rounds after 300 ms warm-up; ` +
    `load average ${os.loadavg()[0]!.toFixed(2)} on ${os.availableParallelism()} cores\n`
)

if (previousCore !== undefined && previousCal !== undefined) {
  const previousPublic = previousCore.BusinessCalendar.addWorkingDays
  for (const s of starts) {
    const r = previousPublic(previousCal, s, N)
    if (r._tag !== "Right" || r.right !== BusinessCalendar.addWorkingDays(cal, s, N).pipe(Either.getOrThrow)) {
      throw new Error(`the previous core differs on ${s}`)
    }
  }
  ab.push(
    [
      "previous public addWorkingDays (whole module, --previous)",
      (count) => {
        let acc = 0
        for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
          const r = previousPublic(previousCal, starts[i]!, N)
          if (r._tag === "Right") acc += r.right.charCodeAt(9)
        }
        return acc
      }
    ],
    [
      "previous public, fresh strings",
      (count) => {
        const input = nextBatch()
        let acc = 0
        for (let k = 0, i = 0; k < count; k++, i = (i + 1) & MASK) {
          const r = previousPublic(previousCal, input[i]! as LocalDate.LocalDate, N)
          if (r._tag === "Right") acc += r.right.charCodeAt(9)
        }
        return acc
      }
    ]
  )
}

// A/B, interleaved: each round runs every variant of a table once, the order rotating from round to
// round. Two tables of three loops (the 4,096 strings; fresh strings), so each table's loops are
// few: with --previous, the copy of the previous hot path is left out.
const abTable = (rows: ReadonlyArray<readonly [string, (count: number) => number]>): void => {
  const until = Date.now() + 300 * rows.length
  while (Date.now() < until) for (const [, f] of rows) time(f)
  const samples = rows.map(() => [] as Array<number>)
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < rows.length; j++) {
      const v = (r + j) % rows.length
      samples[v]!.push(time(rows[v]![1]))
    }
  }
  const median = samples.map((s) => s.sort((a, b) => a - b)[ROUNDS >> 1]!)
  const bare = median[rows.findIndex(([name]) => name.startsWith("bare"))]!
  console.log("| A/B (interleaved rounds) | ns/op (median) | min | ÷ bare index |")
  console.log("|---|---:|---:|---:|")
  rows.forEach(([name], v) => {
    console.log(
      `| ${name} | ${median[v]!.toFixed(1)} | ${samples[v]![0]!.toFixed(1)} | ${(median[v]! / bare).toFixed(2)} |`
    )
  })
  console.log(`\nload average ${os.loadavg()[0]!.toFixed(2)} after the table\n`)
}
const inTable = (name: string) =>
  previousCore === undefined || (!name.startsWith("previous implementation") && name !== "previous, fresh strings")
abTable(ab.filter(([name]) => !name.includes("fresh") && inTable(name)))
abTable(ab.filter(([name]) => name.includes("fresh") && inTable(name)))
if (process.argv.includes("--ab-only")) process.exit(0)

console.log("| variant | ns/op (median) | min |")
console.log("|---|---:|---:|")
for (const [name, f] of [...variants, ...parsing, ...escaping, ...between]) {
  const until = Date.now() + 300
  while (Date.now() < until) time(f)
  const rounds = Array.from({ length: ROUNDS }, () => time(f)).sort((a, b) => a - b)
  console.log(`| ${name} | ${rounds[ROUNDS >> 1]!.toFixed(1)} | ${rounds[0]!.toFixed(1)} |`)
}
