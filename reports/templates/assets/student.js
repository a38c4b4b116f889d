// Sorting for the kill matrix, the report's only script. The page is complete without it: this
// turns the Test and Detected headers into sort buttons and shows the mutant-order control.
(function () {
  'use strict';
  var table = document.getElementById('kill-matrix');
  if (!table) return;
  document.querySelectorAll('[data-js-only]').forEach(function (el) { el.hidden = false; });
  var tbody = table.tBodies[0];
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var headers = Array.prototype.slice.call(table.querySelectorAll('thead th[data-sort]'));
  var current = { key: '', dir: 1 };

  function sortRows(key, dir) {
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var d = key === 'name'
        ? collator.compare(a.dataset.name, b.dataset.name)
        : Number(a.dataset.kills) - Number(b.dataset.kills);
      // Ties keep the file order whichever the direction.
      return d * dir || Number(a.dataset.order) - Number(b.dataset.order);
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
  }

  headers.forEach(function (th) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort-button';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', function () {
      var key = th.dataset.sort;
      // First click: names A to Z, most detections first; a second click reverses.
      var dir = current.key === key ? -current.dir : (key === 'kills' ? -1 : 1);
      current = { key: key, dir: dir };
      sortRows(key, dir);
      headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    });
  });

  var select = document.getElementById('column-order');
  var phaseRow = table.querySelector('.phase-row');
  var columns = Array.prototype.map.call(table.querySelectorAll('thead .mutant-row th[data-col]'), function (th) {
    return { col: Number(th.dataset.col), id: th.dataset.id, detected: Number(th.dataset.detected) };
  });

  function orderColumns(how) {
    var order = columns.slice().sort(function (a, b) {
      var d = 0;
      if (how === 'detected-desc') d = b.detected - a.detected;
      else if (how === 'detected-asc') d = a.detected - b.detected;
      else if (how === 'id') d = collator.compare(a.id, b.id);
      return d || a.col - b.col;
    });
    var rank = {};
    order.forEach(function (c, i) { rank[c.col] = i; });
    table.querySelectorAll('tr').forEach(function (tr) {
      var cells = Array.prototype.filter.call(tr.children, function (c) { return c.hasAttribute('data-col'); });
      cells.sort(function (a, b) { return rank[a.dataset.col] - rank[b.dataset.col]; });
      cells.forEach(function (c) { tr.appendChild(c); });
    });
    // The phase groups only make sense while the columns are grouped by phase.
    if (phaseRow) phaseRow.hidden = how !== 'phase';
  }

  if (select) select.addEventListener('change', function () { orderColumns(select.value); });
})();
