// JSON.parse's message without the input it quotes. V8 words it `Unexpected token 'A',
// "AKIAIOSF"... is not valid JSON`: ten characters of the line, enough to leak half a token and
// too few for a pattern to recognise it. Only where parsing stopped is kept.
//
// node-only: the hook loads it.

export function jsonParseErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  if (at) return `not valid JSON (at character ${at[1]})`;
  if (/end of JSON input/i.test(message)) return 'not valid JSON (ends too early: truncated?)';
  return 'not valid JSON';
}
