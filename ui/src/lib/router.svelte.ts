// A small hash router: the location hash is the app's address, so Back/Forward work and a view
// can be linked to. Each history entry keeps its own scroll position: a view opened anew starts
// at the top, one returned to by Back or Forward is where it was left.
import { tick } from "svelte";
import { hrefFor, parseRoute, type Route } from "./routes";

export { hrefFor, type Route };

interface Entry {
  /** The scroll position of the main area when the entry was left. */
  scroll: number;
  /** The hash of the entry before it, when it was opened from one. */
  from: string | null;
}

/** How long a returned-to view may take to grow tall enough for its old position. */
const RESTORE_MS = 4000;
/** How long a restored position must hold before the restore ends. */
const HOLD_MS = 400;

class Router {
  route: Route = $state(parseRoute(window.location.hash));
  #entries = new Map<string, Entry>();
  #current: string;
  #main: HTMLElement | null = null;
  #restoring = 0;
  /** The position a restore under way is heading for (kept if the view is left before it gets there). */
  #target: number | null = null;

  constructor() {
    this.#current = this.#arrive(null);
    window.addEventListener("hashchange", (event) => {
      const leaving = this.#entries.get(this.#current);
      if (leaving && this.#main) leaving.scroll = this.#target ?? this.#main.scrollTop;
      this.#current = this.#arrive(new URL(event.oldURL).hash || null);
      this.route = parseRoute(window.location.hash);
      this.#restore(this.#entries.get(this.#current)?.scroll ?? 0);
    });
  }

  /** The entry now shown: known (Back/Forward) or new, marked in the history's state. */
  #arrive(from: string | null): string {
    const known = (window.history.state as { fieldbook?: string } | null)?.fieldbook;
    if (known && this.#entries.has(known)) return known;
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    window.history.replaceState({ ...(window.history.state ?? {}), fieldbook: id }, "");
    this.#entries.set(id, { scroll: 0, from });
    return id;
  }

  /** Scrolls the main area to `top` once the view is tall enough (its data may still be loading). */
  #restore(top: number) {
    const main = this.#main;
    if (!main) return;
    const run = ++this.#restoring;
    if (top === 0) {
      // A view opened anew: at the top, and again once its first state is in the DOM.
      this.#target = null;
      main.scrollTop = 0;
      tick().then(() => {
        if (run === this.#restoring) main.scrollTop = 0;
      });
      return;
    }
    this.#target = top;
    const until = performance.now() + RESTORE_MS;
    // Held for a moment, not just reached once: a view that is still loading can shrink (and
    // the position with it) before it grows to its full height.
    let heldSince: number | null = null;
    const step = () => {
      if (run !== this.#restoring) return;
      const now = performance.now();
      if (Math.abs(main.scrollTop - top) > 1) {
        heldSince = null;
        main.scrollTop = top;
      } else {
        heldSince ??= now;
      }
      if (now < until && (heldSince === null || now - heldSince < HOLD_MS)) requestAnimationFrame(step);
      else this.#target = null;
    };
    requestAnimationFrame(step);
  }

  /** The scrolling area whose position each entry keeps (the shell's main element). */
  keepScroll(main: HTMLElement) {
    this.#main = main;
    // A scroll by the user ends a restore under way.
    const stop = () => {
      this.#restoring++;
      this.#target = null;
    };
    main.addEventListener("wheel", stop, { passive: true });
    main.addEventListener("keydown", stop);
    return () => {
      main.removeEventListener("wheel", stop);
      main.removeEventListener("keydown", stop);
      if (this.#main === main) this.#main = null;
    };
  }

  /** Asked before the user leaves the view by a link, Back or Forward (unsaved changes). */
  #guard: () => Promise<boolean> = async () => true;

  setGuard(guard: () => Promise<boolean>) {
    this.#guard = guard;
  }

  /** Goes to `route` (what the app does itself, after a save: not asked about). */
  go(route: Route) {
    window.location.hash = hrefFor(route);
  }

  /** Opens `route` because the user chose it (a row, a search result): asks first when a form holds changes. */
  async open(route: Route) {
    await this.follow(hrefFor(route));
  }

  /** Follows a link the user chose, asking first when a form holds changes. */
  async follow(href: string) {
    if (await this.#guard()) window.location.hash = href;
  }

  async back() {
    if (await this.#guard()) window.history.back();
  }

  async forward() {
    if (await this.#guard()) window.history.forward();
  }

  /**
   * After creating a record from another one (a person from their organization): back to
   * `route` — by Back when that is where the form was opened from, else in the form's place.
   */
  returnTo(route: Route) {
    const href = hrefFor(route);
    if (this.#entries.get(this.#current)?.from === href) window.history.back();
    else window.location.replace(href);
  }
}

export const router = new Router();
