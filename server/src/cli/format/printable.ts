/**
 * A name or message as safe terminal text: control characters (a file named
 * with an escape sequence, a newline, a NUL) are shown as `\xNN`, so output can
 * neither move the cursor, recolour the terminal nor forge an extra line.
 */
export function printable(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes.
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
