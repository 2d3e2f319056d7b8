/**
 * The fuzz runner shared by every fuzz target: how many inputs, which seed, the per-input time limit,
 * the hang watchdog, the outcome checks (a value or a typed error, never a throw, a defect or a hang),
 * the known failures the lead still has to resolve, and the count of inputs each target ran.
 *
 * Two modes. `npm test` runs a small sample with a fixed seed; `npm run fuzz` (LIAISON_FUZZ=1, set by
 * vitest.fuzz.config.ts) runs `LIAISON_FUZZ_RUNS` inputs per unit of a target's weight (default 500)
 * with a fresh seed, printed. Either way `LIAISON_FUZZ_SEED=<n>` replays a run.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Worker } from "node:worker_threads"
import * as Cause from "effect/Cause"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Predicate from "effect/Predicate"
import { afterAll } from "vitest"

const env = (name: string): string | undefined => {
  const value = process.env[name]
  return value === undefined || value === "" ? undefined : value
}

const integerEnv = (name: string, fallback: number): number => {
  const text = env(name)
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(text)}`)
  return n
}

/** Whether this is the dedicated run (`npm run fuzz`) rather than the sample in `npm test`. */
export const FUZZ: boolean = env("LIAISON_FUZZ") === "1"

/** Inputs per unit of weight in the dedicated run. */
export const RUNS: number = integerEnv("LIAISON_FUZZ_RUNS", 500)

/** Inputs per unit of weight in `npm test`. */
export const SAMPLE: number = integerEnv("LIAISON_FUZZ_SAMPLE", 20)

/** The base seed: fixed in `npm test` (so the suite is repeatable), fresh in `npm run fuzz`. */
export const SEED: number = integerEnv(
  "LIAISON_FUZZ_SEED",
  FUZZ ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : 20_261_123
)

/** The most one input may take, in milliseconds (generous: 2 cores shared by up to 8 sessions). */
export const TIME_LIMIT_MS: number = integerEnv("LIAISON_FUZZ_TIME_LIMIT_MS", 5_000)

/** After this long without a finished input the watchdog prints where it hung and kills the process. */
export const HANG_MS: number = integerEnv("LIAISON_FUZZ_HANG_MS", 60_000)

/** The number of inputs of a target of this weight in the current mode. */
export const runsOf = (weight = 1): number => Math.max(1, Math.round((FUZZ ? RUNS : SAMPLE) * weight))

/** A target's own seed, derived from the base seed and its name, so targets draw different inputs. */
export const seedOf = (target: string): number => {
  let h = SEED | 0
  for (let i = 0; i < target.length; i++) h = (Math.imul(h, 31) + target.charCodeAt(i)) | 0
  return h
}

/** How to replay one target. */
export const reproduce = (target: string): string =>
  `reproduce: LIAISON_FUZZ_SEED=${SEED} npm run fuzz -- -t ${JSON.stringify(target)}`

// ---------------------------------------------------------------------------------------------
// Watchdog: a synchronous infinite loop blocks the test's thread, where no timer can fire. A
// worker thread watches a shared counter of finished inputs; when it stops moving while a target
// runs, the worker writes the target and input number straight to stderr (fd 2, not through the
// blocked thread) and to a file, and kills the process, which fails the run.
// ---------------------------------------------------------------------------------------------

const NAME_BYTES = 512
const shared = new SharedArrayBuffer(8 + NAME_BYTES)
const progress = new Int32Array(shared, 0, 2) // [inputs finished, 1 while a target runs]
const nameBytes = new Uint8Array(shared, 8, NAME_BYTES)

const hangFile = path.join(os.tmpdir(), `liaison-fuzz-hang-${process.pid}.txt`)

const watchdogSource = `
const { workerData } = require("node:worker_threads")
const fs = require("node:fs")
const progress = new Int32Array(workerData.shared, 0, 2)
const name = new Uint8Array(workerData.shared, 8, ${NAME_BYTES})
let last = -1
let since = Date.now()
setInterval(() => {
  const now = Date.now()
  const done = Atomics.load(progress, 0)
  if (done !== last || Atomics.load(progress, 1) === 0) { last = done; since = now; return }
  if (now - since < workerData.hangMs) return
  const end = name.indexOf(0)
  const target = Buffer.from(name.subarray(0, end === -1 ? name.length : end)).toString("utf8")
  const text = "\\nFUZZ HANG: target " + JSON.stringify(target) + " made no progress for " + (now - since) +
    " ms after " + done + " inputs (seed " + workerData.seed + ")\\n" + workerData.repro + JSON.stringify(target) + "\\n"
  try { fs.writeFileSync(workerData.hangFile, text) } catch {}
  try { fs.writeSync(2, text) } catch {}
  process.kill(process.pid, "SIGKILL")
}, 500)
`

let watchdog: Worker | undefined

const startWatchdog = (): void => {
  if (watchdog !== undefined) return
  const repro = `reproduce: LIAISON_FUZZ_SEED=${SEED} npm run fuzz -- -t `
  watchdog = new Worker(watchdogSource, {
    eval: true,
    workerData: { shared, hangMs: HANG_MS, seed: SEED, hangFile, repro }
  })
  watchdog.unref()
}

const setRunning = (target: string | undefined): void => {
  nameBytes.fill(0)
  if (target !== undefined) nameBytes.set(new TextEncoder().encode(target).subarray(0, NAME_BYTES - 1))
  Atomics.store(progress, 1, target === undefined ? 0 : 1)
}

// ---------------------------------------------------------------------------------------------
// Outcome checks
// ---------------------------------------------------------------------------------------------

/** Why an outcome is not acceptable: a thrown exception, a defect, an untyped error, or too slow. */
export class FuzzFailure extends Error {
  constructor(
    readonly kind: "threw" | "defect" | "untyped" | "slow" | "wrong",
    message: string,
    readonly detail?: unknown
  ) {
    super(`${kind}: ${message}`)
    this.name = "FuzzFailure"
  }
}

const show = (u: unknown): string => {
  if (u instanceof Error) return u.stack ?? `${u.name}: ${u.message}`
  try {
    const text = JSON.stringify(u)
    return text === undefined ? String(u) : text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text
  } catch {
    return String(u)
  }
}

/** A typed error: an object carrying a string `_tag` (every liaison error is a tagged class). */
export const isTypedError = (u: unknown): boolean => Predicate.hasProperty(u, "_tag") && typeof u._tag === "string"

/** Checks an `Either`'s failure is typed; returns the value (or undefined on a typed failure). */
export const typedEither = <A, E>(result: Either.Either<A, E>): A | undefined => {
  if (!Either.isEither(result)) throw new FuzzFailure("wrong", `expected an Either, got ${show(result)}`)
  if (Either.isRight(result)) return result.right
  if (!isTypedError(result.left)) throw new FuzzFailure("untyped", `Left without a _tag: ${show(result.left)}`)
  // Every error must also describe itself without throwing.
  const message = (result.left as { readonly message?: unknown }).message
  if (message !== undefined && typeof message !== "string") {
    throw new FuzzFailure("untyped", `error message is not text: ${show(result.left)}`)
  }
  return undefined
}

/** Checks an `Exit`: a success, or a failure made only of typed errors (no defect, no interruption). */
export const typedExit = <A, E>(exit: Exit.Exit<A, E>): A | undefined => {
  if (Exit.isSuccess(exit)) return exit.value
  const cause = exit.cause
  if (Cause.isDie(cause)) {
    const defect = Cause.squash(cause)
    throw new FuzzFailure("defect", show(defect), defect)
  }
  if (Cause.isInterrupted(cause)) throw new FuzzFailure("defect", `interrupted: ${Cause.pretty(cause)}`)
  for (const error of Cause.failures(cause)) {
    if (!isTypedError(error)) throw new FuzzFailure("untyped", `failure without a _tag: ${show(error)}`)
  }
  return undefined
}

/** Runs one input synchronously: a throw or a result taking over the time limit fails. */
export const guard = <A>(run: () => A): A => {
  const started = performance.now()
  let result: A
  try {
    result = run()
  } catch (e) {
    if (e instanceof FuzzFailure) throw e
    throw new FuzzFailure("threw", show(e), e)
  }
  const took = performance.now() - started
  if (took > TIME_LIMIT_MS)
    throw new FuzzFailure("slow", `one input took ${Math.round(took)} ms (limit ${TIME_LIMIT_MS})`)
  return result
}

// ---------------------------------------------------------------------------------------------
// Known failures: bugs found in modules other sessions are editing, left for the lead. A known
// failure is matched by its target and a predicate on the failure; matching inputs are counted and
// printed with the first repro, never silently skipped. Anything else still fails the target.
// ---------------------------------------------------------------------------------------------

export interface KnownFailure {
  readonly target: string
  /** What is wrong and in which module, for the lead. */
  readonly description: string
  /** Whether a failure is this one. */
  readonly matches: (failure: FuzzFailure, input: unknown) => boolean
}

const knownHits = new Map<string, { count: number; first: string }>()

/** Counts a failure against a known failure when it is one; returns whether it was. */
export const absorbKnown = (
  known: ReadonlyArray<KnownFailure>,
  target: string,
  failure: unknown,
  input: unknown
): boolean => {
  if (!(failure instanceof FuzzFailure)) return false
  const entry = known.find((k) => k.target === target && k.matches(failure, input))
  if (entry === undefined) return false
  const key = `${target}: ${entry.description}`
  const hit = knownHits.get(key)
  if (hit === undefined) knownHits.set(key, { count: 1, first: `input ${show(input)}\n${failure.message}` })
  else hit.count++
  return true
}

// ---------------------------------------------------------------------------------------------
// Counting
// ---------------------------------------------------------------------------------------------

const counts = new Map<string, { inputs: number; ms: number }>()

/** Counts one finished input of a target (and tells the watchdog it moved). */
export const tick = (target: string): void => {
  const c = counts.get(target)
  if (c === undefined) counts.set(target, { inputs: 1, ms: 0 })
  else c.inputs++
  Atomics.add(progress, 0, 1)
}

/** Brackets a target's run: the watchdog watches it, its time is recorded. */
export const running = async <A>(target: string, run: () => A | Promise<A>): Promise<A> => {
  startWatchdog()
  setRunning(target)
  const started = performance.now()
  try {
    return await run()
  } catch (e) {
    if (e instanceof Error) e.message = `${e.message}\n${reproduce(target)}`
    throw e
  } finally {
    setRunning(undefined)
    const c = counts.get(target) ?? { inputs: 0, ms: 0 }
    c.ms += performance.now() - started
    counts.set(target, c)
  }
}

/**
 * Prints each target's inputs and time, the file's total, and every known failure met; in the
 * dedicated run also writes them to `LIAISON_FUZZ_REPORT_DIR` for the grand total.
 */
export const reportAfterAll = (file: string): void => {
  afterAll(() => {
    const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))
    const total = rows.reduce((n, [, c]) => n + c.inputs, 0)
    const ms = rows.reduce((n, [, c]) => n + c.ms, 0)
    const lines = [
      `fuzz ${file}: ${total} inputs over ${rows.length} targets in ${(ms / 1000).toFixed(1)} s (seed ${SEED}, ${FUZZ ? "fuzz" : "sample"} mode)`
    ]
    if (FUZZ)
      for (const [name, c] of rows)
        lines.push(`  ${String(c.inputs).padStart(8)}  ${(c.ms / 1000).toFixed(2).padStart(7)} s  ${name}`)
    for (const [key, hit] of knownHits) {
      lines.push(`  KNOWN FAILURE (${hit.count} inputs) ${key}\n    first: ${hit.first.split("\n").join("\n    ")}`)
    }
    console.log(lines.join("\n"))
    const dir = env("LIAISON_FUZZ_REPORT_DIR")
    if (dir !== undefined) {
      fs.mkdirSync(dir, { recursive: true })
      fs.writeFileSync(
        path.join(dir, `${file.replace(/[^\w.-]/g, "_")}.json`),
        JSON.stringify({
          file,
          seed: SEED,
          total,
          ms,
          targets: Object.fromEntries(rows),
          known: Object.fromEntries([...knownHits].map(([k, v]) => [k, v.count]))
        })
      )
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Running inputs
// ---------------------------------------------------------------------------------------------

/** With LIAISON_FUZZ_TRACE=<file>, each input is written there before it runs: what a hang was doing. */
const traceFile = env("LIAISON_FUZZ_TRACE")

const trace = (target: string, input: unknown): void => {
  if (traceFile === undefined) return
  let text: string
  try {
    text = JSON.stringify(input) ?? String(input)
  } catch {
    text = show(input)
  }
  fs.writeFileSync(traceFile, `${target}\n${text}\n`)
}

/** fast-check parameters of a target (the same shape for fast-check 3 inside effect and 4). */
export const params = (target: string, weight = 1) => ({
  seed: seedOf(target),
  numRuns: runsOf(weight),
  // Shrinking a failure of a slow target could take longer than the run; the first is enough.
  endOnFailure: true
})

/**
 * One synchronous input: `run` must return a value (or a typed failure it checks itself) without
 * throwing and within the time limit. A failure listed in `known` is counted instead of failing.
 */
export const check = (known: ReadonlyArray<KnownFailure>, target: string, input: unknown, run: () => unknown): void => {
  trace(target, input)
  try {
    guard(run)
  } catch (e) {
    if (!absorbKnown(known, target, e, input)) throw e
  } finally {
    tick(target)
  }
}

/** One asynchronous input, with the time limit enforced by a timer (the watchdog covers busy loops). */
export const checkAsync = async (
  known: ReadonlyArray<KnownFailure>,
  target: string,
  input: unknown,
  run: () => Promise<unknown>
): Promise<void> => {
  trace(target, input)
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FuzzFailure("slow", `one input took over ${TIME_LIMIT_MS} ms (limit)`)),
      TIME_LIMIT_MS
    )
  })
  try {
    await Promise.race([
      (async () => {
        try {
          return await run()
        } catch (e) {
          if (e instanceof FuzzFailure) throw e
          throw new FuzzFailure("threw", show(e), e)
        }
      })(),
      limit
    ])
  } catch (e) {
    if (!absorbKnown(known, target, e, input)) throw e
  } finally {
    clearTimeout(timer)
    tick(target)
  }
}
