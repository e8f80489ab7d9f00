// The arithmetic of a virtual list: which rows to render for a scroll position (pure, tested).

export interface RowRange {
  start: number;
  end: number;
}

/** Rows [start, end) to render: those in view plus `overscan` on each side, within [0, total). */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 10,
): RowRange {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const inView = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight);
  const start = Math.max(0, Math.min(first - overscan, total));
  const end = Math.max(start, Math.min(total, first + inView + overscan));
  return { start, end };
}

/** The page numbers (of `pageSize` rows) that hold rows [start, end). */
export function pagesFor(range: RowRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const pages: number[] = [];
  for (let p = Math.floor(range.start / pageSize); p <= Math.floor((range.end - 1) / pageSize); p++) pages.push(p);
  return pages;
}
