/**
 * Valid values the fuzz targets start from where a Schema's own arbitrary cannot make them (it
 * never finishes for `Engagement.Command` and `Engagement.Engagement`): engagements driven through
 * random command sequences by the lifecycle laws' arbitraries, and those commands.
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import fc from "fast-check"
import { Engagement } from "../../src/index.js"
import { anyCommand, initial, LAW_START, resolve, step } from "../engagementArbitraries.js"
import { policies } from "../engagementFixtures.js"

/** Commands of every kind, from the lifecycle laws' arbitrary. */
export const commands = (n: number, seed: number): ReadonlyArray<Engagement.Command> =>
  fc.sample(anyCommand, { numRuns: n, seed })

/** Engagements in every state, reached by random command sequences from random actors. */
export const engagements = (n: number, seed: number): ReadonlyArray<Engagement.Engagement> => {
  const runs = fc.sample(fc.tuple(initial, fc.array(step, { maxLength: 25 })), { numRuns: n, seed })
  const out: Array<Engagement.Engagement> = []
  for (const [{ by, command }, steps] of runs) {
    let at = LAW_START
    const made = Engagement.create(policies, by, command, at)
    if (Either.isLeft(made)) continue
    let current = made.right.engagement
    for (const { minutes, step: s } of steps) {
      at = DateTime.add(at, { minutes }) as DateTime.Zoned
      const [actor, next] = resolve(s, current)
      const decided = Engagement.decide(policies, current, actor, next, at)
      if (Either.isRight(decided)) current = decided.right.engagement
    }
    out.push(current)
  }
  return out
}
