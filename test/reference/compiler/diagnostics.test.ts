import t from 'tap';
import { diagnosticAt, formatDiagnostic, sourceLine } from '../../../reference/compiler/diagnostics.js';

const source = 'first line\r\n  let abc = 1 in\nlast';

t.test('sourceLine drops the line terminator', async (t) => {
  t.equal(sourceLine(source, 1), 'first line');
  t.equal(sourceLine(source, 2), '  let abc = 1 in');
  t.equal(sourceLine(source, 3), 'last');
  t.equal(sourceLine(source, 9), '');
});

t.test('format: location, source line, carets under the span', async (t) => {
  const d = diagnosticAt('a.fox', source, { line: 2, col: 7, endLine: 2, endCol: 9 }, "unbound variable 'abc'");
  t.same(d, { file: 'a.fox', line: 2, col: 7, endCol: 9, message: "unbound variable 'abc'" });
  t.equal(formatDiagnostic(d, source), "a.fox:2:7-9: unbound variable 'abc'\n  let abc = 1 in\n      ^^^");
});

t.test('one caret for a one-column span, and at least one for an empty one', async (t) => {
  t.equal(formatDiagnostic({ file: 'f', line: 3, col: 1, endCol: 1, message: 'm' }, source), 'f:3:1-1: m\nlast\n^');
  t.equal(formatDiagnostic({ file: 'f', line: 3, col: 5, endCol: 4, message: 'm' }, source), 'f:3:5-4: m\nlast\n    ^');
});

t.test('a multi-line span ends with its first line', async (t) => {
  const d = diagnosticAt('f', source, { line: 2, col: 3, endLine: 3, endCol: 2 }, 'm');
  t.equal(d.endCol, 16);
  t.equal(formatDiagnostic(d, source), 'f:2:3-16: m\n  let abc = 1 in\n  ^^^^^^^^^^^^^^');
});
