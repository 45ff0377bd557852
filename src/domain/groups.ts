/** Grouped questions: one list of what was found answers several yes/no and choice questions at once. */
import type { Checklist, Question } from './checklist.js';
import type { Lang } from './text.js';

/** One tickable line of a group's list. */
export interface GroupItem {
  key: string;
  value: string;
  label: string;
}

/** The group's questions still unanswered, in checklist order: the list the interview shows. */
export function openGroupQuestions(checklist: Checklist, answers: Record<string, string>, group: string): Question[] {
  return checklist.steps.flatMap((s) => s.questions).filter((q) => q.group === group && answers[q.key] === undefined);
}

export function groupItems(questions: Question[], lang: Lang): GroupItem[] {
  return questions.flatMap((q): GroupItem[] =>
    q.type === 'yesno'
      ? [{ key: q.key, value: 'yes', label: q.found![lang] }]
      : (q.choices ?? []).filter((c) => c.found).map((c) => ({ key: q.key, value: c.value, label: c.found![lang] })),
  );
}

/** Two ticked items that answer one question differently, or null. */
export function conflictingItems(picked: GroupItem[]): [GroupItem, GroupItem] | null {
  for (const [i, item] of picked.entries()) {
    const other = picked.slice(i + 1).find((p) => p.key === item.key);
    if (other) return [item, other];
  }
  return null;
}

/** Every question of the list answered: ticked items as ticked, the rest "no" (or "unknown" when not checked). */
export function groupAnswers(questions: Question[], picked: GroupItem[], unchecked: boolean): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const q of questions) {
    const ticked = picked.find((p) => p.key === q.key);
    if (ticked) answers[q.key] = ticked.value;
    else if (unchecked && (q.type === 'yesno' || q.choices?.some((c) => c.value === 'unknown'))) answers[q.key] = 'unknown';
    else answers[q.key] = q.type === 'yesno' ? 'no' : q.none!;
  }
  return answers;
}
