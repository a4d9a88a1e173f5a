/** A share of a process's time kept for searches; see createSearchBudget. */
export interface SearchBudget {
  /** allows says whether a search may start now. */
  allows(): boolean;
  /** spend charges a finished search's milliseconds against the budget. */
  spend(ms: number): void;
}

/**
 * createSearchBudget lets searches use at most msPerSecond of each second of this process, with bursts up
 * to burstMs. Searches run on the one thread that serves every page, so however cheap each search is made,
 * many clients at once could still crowd pages out; past the budget a search is refused (503) until the
 * budget refills, and pages keep the rest of the time.
 */
export function createSearchBudget({ msPerSecond, burstMs, now = () => performance.now() }: { msPerSecond: number; burstMs: number; now?: () => number }): SearchBudget {
  let level = burstMs;
  let at = now();
  const refill = () => {
    const t = now();
    level = Math.min(burstMs, level + ((t - at) * msPerSecond) / 1000);
    at = t;
  };
  return {
    allows() {
      refill();
      return level > 0;
    },
    spend(ms) {
      refill();
      level -= ms;
    },
  };
}
