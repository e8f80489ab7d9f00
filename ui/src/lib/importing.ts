// Pure helpers of the import screens: saved mappings by header name, and the organization
// importer's review state turned into decisions.
import type { CompanyGroup } from "../bindings/CompanyGroup";
import type { GroupDecision } from "../bindings/GroupDecision";
import type { Target } from "../bindings/Target";

/** A header reduced for comparison, as the backend does: lower case, letters and digits only. */
export function headerKey(header: string): string {
  return Array.from(header.toLowerCase())
    .filter((c) => /[\p{L}\p{N}]/u.test(c))
    .join("");
}

/** A target as one string (a select's value): a custom field's is "custom:<its id>". */
export function targetKey(target: Target): string {
  return typeof target === "string" ? target : `custom:${target.custom}`;
}

/** The target a select's value stands for (see `targetKey`). */
export function targetFrom(key: string): Target {
  return key.startsWith("custom:") ? { custom: key.slice("custom:".length) } : (key as Target);
}

/** Applies a saved mapping (header → target) over the file's headers; other columns keep `current`. */
export function applySaved(headers: string[], current: Target[], saved: [string, Target][]): Target[] {
  const mapping = [...current];
  headers.forEach((header, i) => {
    const hit = saved.find(([h]) => headerKey(h) === headerKey(header));
    if (!hit) return;
    const target = hit[1];
    if (target !== "ignore" && target !== "append_to_notes") {
      mapping.forEach((t, j) => {
        if (targetKey(t) === targetKey(target)) mapping[j] = "ignore";
      });
    }
    mapping[i] = target;
  });
  return mapping;
}

/** The review of one proposed group. */
export interface GroupReview {
  include: boolean;
  /** Name of the new organization (when not linking to the existing one). */
  name: string;
  linkExisting: boolean;
}

/**
 * Where each person goes: the key of the group they end up in (after merges and moves), or null
 * when left out.
 */
export type Placement = Record<string, string | null>;

/** The first placement: everyone in their own group, people found only by domain left out. */
export function initialPlacement(groups: CompanyGroup[]): Placement {
  const placement: Placement = {};
  for (const g of groups) for (const p of g.people) placement[p.id] = p.by_domain ? null : g.key;
  return placement;
}

/** The decisions to apply: one per included group that still has people. */
export function decisions(
  groups: CompanyGroup[],
  reviews: Record<string, GroupReview>,
  placement: Placement,
): GroupDecision[] {
  const out: GroupDecision[] = [];
  for (const g of groups) {
    const review = reviews[g.key];
    if (!review?.include) continue;
    const people = Object.entries(placement)
      .filter(([, key]) => key === g.key)
      .map(([id]) => id);
    if (people.length === 0) continue;
    out.push({
      people,
      target:
        review.linkExisting && g.existing
          ? { type: "existing", id: g.existing.id }
          : { type: "new", name: review.name.trim(), account_number: null },
    });
  }
  return out;
}
