// Rows fetched a page at a time as a virtual list scrolls: the total for the scrollbar, pages
// cached until the filter changes, late answers for an old filter dropped.
import { SvelteMap } from "svelte/reactivity";
import { AppError } from "../api/ipc";
import { pagesFor, type RowRange } from "./virtual";

export class PagedRows<T> {
  total = $state(0);
  loading = $state(true);
  failure = $state<string | null>(null);
  readonly pageSize: number;
  #pages = new SvelteMap<number, T[]>();
  #pending = new Set<number>();
  #generation = 0;
  #fetchPage: (offset: number, limit: number) => Promise<T[]>;
  #fetchCount: () => Promise<number>;

  constructor(fetchPage: (offset: number, limit: number) => Promise<T[]>, fetchCount: () => Promise<number>, pageSize = 200) {
    this.#fetchPage = fetchPage;
    this.#fetchCount = fetchCount;
    this.pageSize = pageSize;
  }

  /** Starts over (the filter changed): the count and the first page. */
  async reset(): Promise<void> {
    const generation = ++this.#generation;
    this.#pending.clear();
    this.loading = true;
    try {
      const [total, first] = await Promise.all([this.#fetchCount(), this.#fetchPage(0, this.pageSize)]);
      if (generation !== this.#generation) return;
      this.#pages.clear();
      this.#pages.set(0, first);
      this.total = total;
      this.failure = null;
    } catch (e) {
      if (generation === this.#generation) this.failure = AppError.from(e).message;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Row `i`, if its page is loaded. */
  at(i: number): T | undefined {
    return this.#pages.get(Math.floor(i / this.pageSize))?.[i % this.pageSize];
  }

  /** Loads the pages a rendered range needs. */
  need(range: RowRange): void {
    for (const page of pagesFor(range, this.pageSize)) {
      if (this.#pages.has(page) || this.#pending.has(page)) continue;
      this.#pending.add(page);
      const generation = this.#generation;
      this.#fetchPage(page * this.pageSize, this.pageSize).then(
        (rows) => {
          if (generation !== this.#generation) return;
          this.#pending.delete(page);
          this.#pages.set(page, rows);
        },
        (e) => {
          this.#pending.delete(page);
          if (generation === this.#generation) this.failure = AppError.from(e).message;
        },
      );
    }
  }
}
