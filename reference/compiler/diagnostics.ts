// Located error messages (FOX.md §2, DESIGN.md "Locations"):
//
//   program.fox:2:9-11: unbound variable 'foo'
//   let x = foo in x
//           ^^^
//
// Columns are 1-based and the end column is inclusive. A diagnostic covers one line: a span over
// several lines is cut at the end of its first line, which is the line that gets printed.
import type { Span } from './ast.js';

export type Diagnostic = {
  file: string;
  line: number;
  col: number;
  endCol: number;
  message: string;
};

/** The text of line `line` (1-based) of `source`, without its line terminator. */
export function sourceLine(source: string, line: number): string {
  const lines = source.split('\n');
  return (lines[line - 1] ?? '').replace(/\r$/, '');
}

/** A diagnostic for `span`; a multi-line span is cut at the end of its first line. */
export function diagnosticAt(file: string, source: string, span: Span, message: string): Diagnostic {
  const endCol = span.endLine === span.line ? span.endCol : Math.max(span.col, sourceLine(source, span.line).length);
  return { file, line: span.line, col: span.col, endCol, message };
}

/** `file:line:col-endcol: message`, the source line, and carets under the columns (at least one). */
export function formatDiagnostic(d: Diagnostic, source: string): string {
  const carets = '^'.repeat(Math.max(1, d.endCol - d.col + 1));
  return [
    `${d.file}:${d.line}:${d.col}-${d.endCol}: ${d.message}`,
    // Control characters (a NUL byte…) are shown as U+FFFD, one column each, so the carets stay aligned.
    sourceLine(source, d.line).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD'),
    ' '.repeat(d.col - 1) + carets,
  ].join('\n');
}
