// Record forms and the keyboard: the first field is focused once the form shows its record; Esc
// (like Cancel) leaves it, asking first when something was changed; a failed save focuses the
// first field in error. Leaving the view another way (a link, Back, Forward) asks the same while
// a form on screen holds changes (`confirmLeave`). The question is a dialog in App.svelte that
// answers the promise.
import { tick } from "svelte";

export const discardQuestion = $state<{ asking: boolean }>({ asking: false });
let answer: ((discard: boolean) => void) | null = null;

function askDiscard(): Promise<boolean> {
  answer?.(false);
  discardQuestion.asking = true;
  return new Promise((resolve) => (answer = resolve));
}

/** The dialog's answer: discard the changes (leave), or stay. */
export function answerDiscard(discard: boolean) {
  discardQuestion.asking = false;
  const resolve = answer;
  answer = null;
  resolve?.(discard);
}

const FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

/** What a form's fields hold, to tell whether anything was changed. */
function snapshot(form: HTMLFormElement): string {
  const fields = [...form.querySelectorAll<HTMLInputElement>(FIELDS)];
  return JSON.stringify(fields.map((f) => (f.type === "checkbox" || f.type === "radio" ? f.checked : f.value)));
}

/** The forms on screen, each with its keys. */
const onScreen = new Set<FormKeys>();

/**
 * Before leaving the view: true when no form on screen holds changes, or when the user chose to
 * discard them (the forms then count as unchanged, so the way out is not asked about again).
 */
export async function confirmLeave(): Promise<boolean> {
  const changed = [...onScreen].filter((keys) => keys.changed);
  if (changed.length === 0) return true;
  if (!(await askDiscard())) return false;
  for (const keys of changed) keys.markClean();
  return true;
}

export class FormKeys {
  #form: HTMLFormElement | null = null;
  #clean: string | null = null;
  #leave: () => void;
  /** What had the focus when the form opened (its "Add…" button): the focus goes back there. */
  #opener: HTMLElement | null = null;

  /** `leave`: what Cancel does (back where the form was opened). */
  constructor(leave: () => void) {
    this.#leave = leave;
  }

  /** For `use:`, on the form element. */
  attach = (form: HTMLFormElement) => {
    this.#form = form;
    onScreen.add(this);
    const keydown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      this.cancel();
    };
    form.addEventListener("keydown", keydown);
    return {
      destroy: () => {
        form.removeEventListener("keydown", keydown);
        if (this.#form === form) {
          this.#form = null;
          onScreen.delete(this);
        }
        // Saved or cancelled: a focus lost with the form goes back to what opened it.
        const opener = this.#opener;
        setTimeout(() => {
          const now = document.activeElement;
          if ((!now || now === document.body) && opener?.isConnected) opener.focus();
        }, 0);
      },
    };
  };

  /** The form shows its record: its first field gets the focus, and what it holds is the clean state. */
  async ready() {
    await tick();
    const form = this.#form;
    if (!form) return;
    this.#clean = snapshot(form);
    const before = document.activeElement;
    this.#opener = before instanceof HTMLElement && before !== document.body && !form.contains(before) ? before : null;
    form.querySelector<HTMLElement>(FIELDS)?.focus();
  }

  /**
   * After the form closed (cancelled or saved): the focus goes to `to` (what was made, say), else
   * back to what opened the form, rather than being lost to the page's start.
   */
  async returnFocus(to?: HTMLElement | null) {
    await tick();
    const target = to?.isConnected ? to : this.#opener;
    if (target?.isConnected) target.focus();
  }

  /** Something was typed or chosen since `ready`. */
  get changed(): boolean {
    return this.#form !== null && this.#clean !== null && snapshot(this.#form) !== this.#clean;
  }

  /** What the form holds now counts as unchanged (discarded, or saved and leaving). */
  markClean() {
    if (this.#form) this.#clean = snapshot(this.#form);
  }

  /** Leaves the form, asking first when something was changed. */
  async cancel() {
    if (!this.changed || (await askDiscard())) {
      this.markClean();
      this.#leave();
      await this.returnFocus();
    }
  }

  /** After a failed save: the first field in error gets the focus (its message is next to it). */
  async focusError() {
    await tick();
    this.#form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }
}
