// What hook-errors.log says about stdin that is not a payload: its shape, never its text. Bad
// stdin can be anything (a secret pasted into the wrong pipe), and a redaction of its first
// characters would still leak whatever shape the patterns do not know.
//
// node-only: the hook loads it.

function firstCharacter(text: string): string {
  const c = text.trimStart().charAt(0);
  if (c === '') return text === '' ? 'nothing' : 'only whitespace';
  if (c === '{' || c === '[' || c === '"') return `'${c}'`;
  if (/[A-Za-z]/.test(c)) return 'a letter';
  if (/[0-9-]/.test(c)) return 'a digit';
  if (c < ' ' || c === '\u007f') return 'a control character';
  if (c === '\ufffd') return 'invalid UTF-8';
  return 'a symbol';
}

/** "3 lines, starts with a letter": enough to recognise what was sent, nothing of what it says. */
export function describeInput(text: string): string {
  let lines = text === '' ? 0 : 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++;
  return `${lines} line${lines === 1 ? '' : 's'}, starts with ${firstCharacter(text)}`;
}
