// Wide tables on a narrow screen: each row becomes a block of "heading: value" lines
// (doorstep.css, .doorstep-table--stack), so that no page scrolls sideways on a phone.
// This names each cell after its column heading (data-label, shown before it on a phone)
// and marks the tables of four columns or more; on a wide screen nothing changes.
(function () {
  "use strict";

  function headings(table) {
    var row = table.querySelector("thead tr");
    var names = [];
    if (!row) return names;
    Array.prototype.forEach.call(row.children, function (cell) {
      var span = Number(cell.getAttribute("colspan") || 1);
      for (var i = 0; i < span; i++) names.push(cell.textContent.replace(/\s+/g, " ").trim());
    });
    return names;
  }

  function stack(table) {
    var names = headings(table);
    if (names.length < 4) return;
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var span = Number(cell.getAttribute("colspan") || 1);
        if (span === 1 && names[column] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[column]);
        column += span;
      });
    });
    table.classList.add("doorstep-table--stack");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.govuk-table"), stack);
})();
