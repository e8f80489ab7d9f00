// What a failed save means for a form: a message next to the field the backend named, or one
// for the whole form.
import { AppError } from "../api/ipc";

export interface FormFailure {
  errors: Record<string, string>;
  failure: string | null;
}

/**
 * `fields`, when given, are the fields the form shows: an error about any other field (one the
 * form has no input for) is shown for the whole form instead of being lost.
 */
export function formFailure(raw: unknown, fields?: readonly string[]): FormFailure {
  const err = AppError.from(raw);
  if (err.field && (fields === undefined || fields.includes(err.field))) {
    return { errors: { [err.field]: err.message }, failure: null };
  }
  return { errors: {}, failure: err.message };
}
