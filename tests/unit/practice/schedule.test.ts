// The scheduler adapter against ts-fsrs called directly, with a fixed clock: every grade must move
// the due date exactly as FSRS says, through a JSON round trip (how the cards are stored).
import { describe, expect, test } from 'vitest';
import { createEmptyCard, fsrs, generatorParameters, Rating, type Card, type Grade } from 'ts-fsrs';
import { FSRS_PARAMS, GRADES, grade, newCard, preview } from '../../../src/practice/schedule.ts';
import type { StoredCard } from '../../../src/practice/storage.ts';

const T0 = Date.UTC(2026, 0, 5, 9, 30); // a fixed clock: 2026-01-05 09:30 UTC
const DAY = 86_400_000;
const direct = fsrs(generatorParameters({ enable_fuzz: true }));

/** What the page stores, as it comes back from localStorage. */
const roundTrip = (c: StoredCard): StoredCard => JSON.parse(JSON.stringify(c)) as StoredCard;

describe('schedule adapter = ts-fsrs', () => {
  test('the adapter uses ts-fsrs defaults (fuzz on)', () => {
    expect(FSRS_PARAMS).toEqual(generatorParameters({ enable_fuzz: true }));
  });

  test('the four grades map to Again, Hard, Good, Easy on keys 1-4', () => {
    expect(GRADES.map((g) => [g.key, g.label, g.rating])).toEqual([
      ['1', '忘了', Rating.Again],
      ['2', '模糊', Rating.Hard],
      ['3', '记得', Rating.Good],
      ['4', '熟练', Rating.Easy],
    ]);
  });

  for (const g of GRADES) {
    test(`a new card graded ${g.label} is due when ts-fsrs says`, () => {
      const ours = grade(undefined, g.rating, T0);
      const theirs = direct.next(createEmptyCard(new Date(T0)), new Date(T0), g.rating).card;
      expect(ours.due).toBe(theirs.due.getTime());
      expect(ours.stability).toBe(theirs.stability);
      expect(ours.difficulty).toBe(theirs.difficulty);
      expect(ours.state).toBe(theirs.state);
      expect(ours.last_review).toBe(T0);
    });
  }

  test('new-card due dates order Again < Hard < Good < Easy, all after now', () => {
    const dues = GRADES.map((g) => grade(undefined, g.rating, T0).due);
    expect(dues[0]).toBeGreaterThan(T0);
    for (let i = 1; i < 4; i++) expect(dues[i]).toBeGreaterThan(dues[i - 1]!);
  });

  test('a history of reviews on their due dates (and one late, one early) matches ts-fsrs step by step', () => {
    const ratings: Grade[] = [
      Rating.Good,
      Rating.Good,
      Rating.Good,
      Rating.Again,
      Rating.Hard,
      Rating.Good,
      Rating.Easy,
    ];
    const offsets = [0, 0, 0, 3 * DAY, -DAY / 2, 0, 0]; // review this long after the due date
    let ours: StoredCard | undefined;
    let theirs: Card = createEmptyCard(new Date(T0));
    let now = T0;
    ratings.forEach((r, i) => {
      ours = roundTrip(grade(ours, r, now));
      theirs = direct.next(theirs, new Date(now), r).card;
      expect(ours.due, `step ${i}`).toBe(theirs.due.getTime());
      expect(ours.reps).toBe(theirs.reps);
      expect(ours.lapses).toBe(theirs.lapses);
      expect(ours.scheduled_days).toBe(theirs.scheduled_days);
      expect(ours.learning_steps).toBe(theirs.learning_steps);
      now = Math.max(now + 60_000, ours.due + offsets[i]!);
    });
    expect(ours!.lapses).toBe(1);
    expect(ours!.due - ours!.last_review!).toBeGreaterThan(DAY); // after Easy, days away
  });

  test('preview gives the due date each grade would set', () => {
    const card = roundTrip(grade(grade(undefined, Rating.Good, T0), Rating.Good, T0 + DAY));
    const at = card.due + 2 * DAY;
    const p = preview(card, at);
    for (const g of GRADES) expect(p[g.rating]).toBe(grade(card, g.rating, at).due);
  });

  test('newCard is ts-fsrs createEmptyCard', () => {
    const e = createEmptyCard(new Date(T0));
    expect(newCard(T0)).toEqual({ ...e, due: T0, last_review: undefined } satisfies Record<string, unknown>);
  });
});
