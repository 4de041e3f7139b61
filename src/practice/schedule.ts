/**
 * The one adapter between stored cards and FSRS (ts-fsrs): the four grades of the page map to
 * ts-fsrs's ratings, and every scheduling decision is ts-fsrs's own, with its default parameters.
 */
import { fsrs, generatorParameters, Rating, type Card, type Grade } from 'ts-fsrs';
import type { StoredCard } from './storage.ts';

/** The grades as the page shows them, in key order 1-4. */
export const GRADES = [
  { key: '1', label: '忘了', rating: Rating.Again },
  { key: '2', label: '模糊', rating: Rating.Hard },
  { key: '3', label: '记得', rating: Rating.Good },
  { key: '4', label: '熟练', rating: Rating.Easy },
] as const satisfies readonly { key: string; label: string; rating: Grade }[];

export type GradeLabel = (typeof GRADES)[number]['label'];

/** ts-fsrs's defaults, with fuzz on so cards learnt together do not all fall due on the same day. */
export const FSRS_PARAMS = generatorParameters({ enable_fuzz: true });
const scheduler = fsrs(FSRS_PARAMS);

function toCard(s: StoredCard): Card {
  const { due, last_review, ...rest } = s;
  return { ...rest, due: new Date(due), ...(last_review === undefined ? {} : { last_review: new Date(last_review) }) };
}

function toStored(c: Card): StoredCard {
  const s: StoredCard = {
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsed_days,
    scheduled_days: c.scheduled_days,
    learning_steps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state as StoredCard['state'],
  };
  if (c.last_review) s.last_review = c.last_review.getTime();
  return s;
}

/** A card never reviewed, due now (ts-fsrs createEmptyCard). */
export function newCard(now: number): StoredCard {
  return toStored({
    due: new Date(now),
    stability: 0,
    difficulty: 0,
    elapsed_days: 0,
    scheduled_days: 0,
    learning_steps: 0,
    reps: 0,
    lapses: 0,
    state: 0,
  });
}

/** The card after grading it `rating` at `now` (undefined card: a new one). */
export function grade(card: StoredCard | undefined, rating: Grade, now: number): StoredCard {
  return toStored(scheduler.next(toCard(card ?? newCard(now)), new Date(now), rating).card);
}

/** When each grade would make the card due next, for the buttons' hints. */
export function preview(card: StoredCard | undefined, now: number): Record<Grade, number> {
  const log = scheduler.repeat(toCard(card ?? newCard(now)), new Date(now));
  const out = {} as Record<Grade, number>;
  for (const g of GRADES) out[g.rating] = log[g.rating].card.due.getTime();
  return out;
}
