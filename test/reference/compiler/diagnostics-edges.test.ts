// Edges of located messages (reference/compiler/diagnostics.ts): a control character inside the
// printed source line, a lone carriage return among them, is shown as U+FFFD, one column each, so
// the carets stay under the columns they mark.
import t from 'tap';
import { formatDiagnostic, sourceLine } from '../../../reference/compiler/diagnostics.js';

const at = (line: number, col: number, endCol: number) => ({ file: 'p.fox', line, col, endCol, message: 'm' });

t.test('a control character before the span keeps its column', async (t) => {
  const source = 'let a = 1 in\u0000 foo';
  const [, shown, carets] = formatDiagnostic(at(1, 15, 17), source).split('\n');
  t.equal(shown, 'let a = 1 in\uFFFD foo');
  t.equal(shown.slice(carets.indexOf('^'), carets.length), 'foo', 'the carets sit under foo');
});

t.test('a lone carriage return inside a line is a control character like the others', async (t) => {
  const source = 'let a = 1\rin foo\r\nnext';
  t.equal(sourceLine(source, 1), 'let a = 1\rin foo', 'only the line terminator\'s \\r is dropped');
  const [, shown, carets] = formatDiagnostic(at(1, 14, 16), source).split('\n');
  t.equal(shown, 'let a = 1\uFFFDin foo');
  t.equal(shown.slice(carets.indexOf('^'), carets.length), 'foo');
});
