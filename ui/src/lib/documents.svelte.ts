// Before a statement or invoice PDF is made: when the company's own name is not set, documents
// print the placeholder "Your company", so the user is asked first (once per question; the
// dialog lives in App.svelte and answers the promise).
import { getBillingSettings } from "../api/billing";

export const companyQuestion = $state<{ asking: boolean }>({ asking: false });
let answer: ((go: boolean) => void) | null = null;

/** Whether to go on making a document: at once when the company's name is set, else the user's answer. */
export async function companyNameOk(): Promise<boolean> {
  const settings = await getBillingSettings();
  if (settings.company_name.trim()) return true;
  answer?.(false);
  companyQuestion.asking = true;
  return new Promise((resolve) => (answer = resolve));
}

/** The dialog's answer. */
export function answerCompanyQuestion(go: boolean) {
  companyQuestion.asking = false;
  const resolve = answer;
  answer = null;
  resolve?.(go);
}
