import t from 'tap';
import { terminalWidth, useColor } from '../../../grader/cli/tty.js';

t.test('NO_COLOR and FORCE_COLOR by their conventions', async (t) => {
  t.equal(useColor({}, true), true, 'a terminal gets colour');
  t.equal(useColor({}, false), false, 'a pipe does not');
  t.equal(useColor({ TERM: 'dumb' }, true), false, 'nor a dumb terminal');
  t.equal(useColor({ NO_COLOR: '1' }, true), false, 'NO_COLOR set turns it off');
  t.equal(useColor({ NO_COLOR: '' }, true), true, 'an empty NO_COLOR is not set');
  t.equal(useColor({ FORCE_COLOR: '1' }, false), true, 'FORCE_COLOR colours a pipe');
  t.equal(useColor({ FORCE_COLOR: 'true' }, false), true);
  t.equal(useColor({ FORCE_COLOR: '0' }, true), false, 'FORCE_COLOR=0 turns it off');
  t.equal(useColor({ FORCE_COLOR: 'false' }, true), false);
  t.equal(useColor({ FORCE_COLOR: '', NO_COLOR: '1' }, true), false, 'an empty FORCE_COLOR is not set');
  t.equal(useColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, false), true, 'FORCE_COLOR wins, as in Node');
});

t.test('the width: the terminal, else COLUMNS, else 100', async (t) => {
  t.equal(terminalWidth({ columns: 132, env: { COLUMNS: '80' } }), 132);
  t.equal(terminalWidth({ env: { COLUMNS: '80' } }), 80);
  t.equal(terminalWidth({ env: { COLUMNS: 'wide' } }), 100);
  t.equal(terminalWidth({ env: {} }), 100);
});
