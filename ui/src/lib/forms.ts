// What a failed save means for a form: a message next to the field the backend named, or one
// for the whole form.
import { AppError } from "../api/ipc";

export interface FormFailure {
  errors: Record<string, string>;
  failure: string | null;
}

export function formFailure(raw: unknown): FormFailure {
  const err = AppError.from(raw);
  return err.field ? { errors: { [err.field]: err.message }, failure: null } : { errors: {}, failure: err.message };
}
