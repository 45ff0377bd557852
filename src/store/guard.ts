/** The concurrency guard both stores apply under their lock (JSON) or row lock (PostgreSQL). */
import type { Case } from '../domain/cases.js';
import { EXIT, PulsaError } from '../errors.js';
import type { UpdateOptions } from './types.js';

/** Refuses a change made on a stale view: another counter changed the case since this one read it. */
export function assertUnchanged(current: Case, options: UpdateOptions): void {
  if (options.expectUpdatedAt && current.updatedAt !== options.expectUpdatedAt) {
    throw new PulsaError('error.changedMeanwhile', { ref: current.ref }, EXIT.conflict);
  }
}
