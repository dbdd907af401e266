/**
 * The pending future of a discrete-event simulation: actions keyed by simulated time, popped in
 * time order, ties broken by scheduling order so a run is reproducible.
 *
 * A binary heap: memory is proportional to what is pending (bounded by the jobs and instances
 * alive at once), never to the length of the run.
 *
 * @example
 * ```ts
 * const timeline = new Timeline<() => void>();
 * timeline.schedule(1_000, () => console.log('one second in'));
 * timeline.pop()?.item();
 * ```
 */
export class Timeline<T> {
  private readonly heap: { readonly at: number; readonly order: number; readonly item: T }[] = [];
  private scheduled = 0;

  /** Number of pending entries. */
  get size(): number {
    return this.heap.length;
  }

  /** Adds `item` at simulated time `at` (epoch milliseconds). */
  schedule(at: number, item: T): void {
    const entry = { at, order: this.scheduled++, item };
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (parent === undefined || !this.before(entry, parent)) break;
      heap[index] = parent;
      heap[parentIndex] = entry;
      index = parentIndex;
    }
  }

  /** The earliest entry (first scheduled among equal times), removed; undefined when empty. */
  pop(): { readonly at: number; readonly item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      const leftEntry = heap[left];
      const rightEntry = heap[right];
      const smallestEntry = () => heap[smallest] ?? last;
      if (leftEntry !== undefined && this.before(leftEntry, smallestEntry())) smallest = left;
      if (rightEntry !== undefined && this.before(rightEntry, smallestEntry())) smallest = right;
      if (smallest === index) break;
      heap[index] = smallestEntry();
      heap[smallest] = last;
      index = smallest;
    }
    return top;
  }

  private before(a: { at: number; order: number }, b: { at: number; order: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }
}
