// Everything people and agents write into the task graph (titles, descriptions, notes, results,
// errors, progress notes, reasons, file paths, artifacts) is redacted with the hook's patterns
// before it is stored: a task result can hold whatever an agent pasted, and the graph is copied
// into the warehouse, served by the dashboard and shared over PostgreSQL.
import { redactText } from '../core/redact';
import { redactJsonValue } from '../core/redact-json';

export function redactStored(text: string): string;
export function redactStored(text: string | null): string | null;
export function redactStored(text: string | null | undefined): string | null | undefined;
export function redactStored(text: string | null | undefined): string | null | undefined {
  return typeof text === 'string' ? redactText(text).text : text;
}

/** A result or payload value, redacted string by string (secret-named keys lose their value). */
export function redactStoredJson(value: unknown): unknown {
  return redactJsonValue(value, new Set());
}
