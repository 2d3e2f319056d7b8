/**
 * What a benchmark suite is, for `bench/run.ts`.
 *
 * A suite is a file `bench/<name>.bench.ts` exporting `suite: Suite`. The runner finds every such
 * file, so a new suite (e.g. `deadline.bench.ts`) needs no registration.
 *
 * A suite has groups of rows; every row of a group does the same job with a different library on
 * the same pre-generated inputs, and the first row is the reference the others are compared with.
 *
 * Nanosecond operations cannot be timed one call at a time (a timer read costs tens of ns), so a
 * row's `run(from, count)` does `count` operations on the inputs `from, from + 1, …` (wrapping at
 * the group's `poolSize`) in its own loop, and returns a number folded from every result so V8
 * cannot drop the work. The runner picks `count` per row so one timed sample lasts about 50 µs, and
 * reports per operation: ops/s from the median sample, the median, the fastest sample and the mean.
 *
 * Write each row's loop out in its own function literal: closures made by one shared factory
 * share V8's type feedback, which would make the rows slow each other down.
 */

/**
 * One library doing the group's job.
 */
export interface Row {
  /** Short key for summaries and JSON, e.g. `liaison`, `chinese-days`. */
  readonly id: string
  /** What is called, as shown in the table. */
  readonly name: string
  /** Does `count` operations on inputs `from, from + 1, …` (mod `poolSize`); returns a value folded from every result. */
  readonly run: (from: number, count: number) => number
}

/**
 * Rows doing the same job on the same inputs. The first row is the reference.
 */
export interface Group {
  readonly id: string
  readonly name: string
  /** How many pre-generated inputs the rows cycle through; a power of two. */
  readonly poolSize: number
  /** What the inputs are and anything a reader needs to compare the rows fairly. */
  readonly note?: string
  readonly rows: ReadonlyArray<Row>
}

/**
 * A module that builds something whose memory is measured, run alone in a fresh process with
 * `--expose-gc`: it loads what it needs first, calls `mark()` (the runner collects garbage and
 * takes the baseline), builds `copies` of the thing and returns them in `kept`, so they stay
 * reachable while the runner collects garbage again and measures. The runner divides by
 * `copies`: building several spreads the noise of a heap measurement (lazily compiled code,
 * inline caches) over them.
 */
export type MemoryProbe = (mark: () => void) => Promise<{ readonly kept: unknown; readonly copies: number }>

/**
 * A memory measurement: a module under `bench/` whose `probe` export is a {@link MemoryProbe}.
 */
export interface MemoryCase {
  readonly name: string
  /** Path of the probe module, relative to `bench/`, e.g. `memory/cnMainlandIndex.ts`. */
  readonly module: string
  readonly note?: string
}

/**
 * Timing of one row, per operation.
 */
export interface RowResult {
  readonly id: string
  readonly name: string
  /** From the median sample. */
  readonly opsPerSecond: number
  readonly meanNs: number
  readonly medianNs: number
  /** The fastest sample: the least disturbed by other processes. */
  readonly minNs: number
  /** This row's median time per operation divided by the reference row's (>1: slower). */
  readonly slowdown: number
  /** The same from the fastest samples. */
  readonly slowdownByMin: number
  /** Relative margin of error of the mean, in percent (95 %). */
  readonly rmePercent: number
  /** Timed samples; each sample is `batch` operations. */
  readonly samples: number
  readonly batch: number
}

export interface GroupResult {
  readonly id: string
  readonly name: string
  readonly note?: string
  /** One-minute load average of the machine when the group started and ended (other processes disturb timings). */
  readonly load: readonly [number, number]
  readonly rows: ReadonlyArray<RowResult>
}

export interface MemoryResult {
  readonly name: string
  readonly note?: string
  /** Medians over the runs, in bytes per copy. */
  readonly heapUsed: number
  readonly arrayBuffers: number
  readonly runs: number
  readonly copies: number
}

export interface SuiteResult {
  readonly name: string
  readonly groups: ReadonlyArray<GroupResult>
  readonly memory: ReadonlyArray<MemoryResult>
}

/**
 * A benchmark suite.
 */
export interface Suite {
  readonly name: string
  readonly description: string
  /** Facts about the inputs (seeds, ranges) printed before the tables. */
  readonly inputs?: ReadonlyArray<string>
  /**
   * Checks, before any timing, that the libraries give the same answers on the inputs. Returns
   * the disagreements; any disagreement aborts the run.
   */
  readonly check?: () => ReadonlyArray<string>
  readonly groups: ReadonlyArray<Group>
  readonly memory?: ReadonlyArray<MemoryCase>
  /** Lines printed after the tables (e.g. how the results compare with stated goals). Not assertions. */
  readonly summarize?: (result: SuiteResult) => ReadonlyArray<string>
}

/**
 * A seeded pseudo-random generator (mulberry32) of floats in [0, 1), so every run and every
 * library sees the same inputs.
 */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A uniformly drawn integer in [lo, hi]. */
export const randomInt = (random: () => number, lo: number, hi: number): number =>
  lo + Math.floor(random() * (hi - lo + 1))
