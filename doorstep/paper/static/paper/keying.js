// The keying grid: each row saves itself (fetch POST) when focus leaves it or Enter
// is pressed, and Enter moves on to the next row, so a volunteer never needs the mouse.
// Without this script the grid is a plain form that saves every row at once.
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("keying");
    if (!form) return;
    var rows = Array.prototype.slice.call(form.querySelectorAll("tr[data-row]"));
    if (!rows.length || rows[0].querySelector("input").disabled) return;
    var rowUrl = form.getAttribute("data-row-url").replace(/\/0$/, "/");
    var keying = form.getAttribute("data-keying");
    var postcode = new RegExp(form.getAttribute("data-postcode-pattern"));
    // What the grid says, translated by the page.
    var said = {
      postcodeWrong: form.getAttribute("data-said-postcode-wrong"),
      notSavedYet: form.getAttribute("data-said-not-saved-yet"),
      saving: form.getAttribute("data-said-saving"),
      notSaved: form.getAttribute("data-said-not-saved"),
    };
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var first = rows.filter(function (row) {
      return !row.querySelector(".doorstep-row-state").textContent.trim();
    })[0];
    if (first) first.querySelector("input").focus();

    function stateCell(row) {
      return row.querySelector(".doorstep-row-state");
    }

    function show(row, text, kind) {
      var cell = stateCell(row);
      cell.textContent = text;
      cell.className = "govuk-table__cell doorstep-row-state" + (kind ? " doorstep-row-state--" + kind : "");
      row.classList.toggle("doorstep-row--error", kind === "error");
    }

    function markField(row, field) {
      Array.prototype.forEach.call(row.querySelectorAll("input.govuk-input"), function (input) {
        var bad = field && input.name.slice(-field.length - 1) === "-" + field;
        input.classList.toggle("govuk-input--error", !!bad);
        if (bad) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      });
    }

    function checkPostcode(input, row, finished) {
      var compact = input.value.replace(/[\s-]+/g, "").toUpperCase();
      var bad = compact !== "" && (finished || compact.length >= 5) && !postcode.test(compact);
      input.classList.toggle("govuk-input--error", bad);
      if (bad) {
        input.setAttribute("aria-invalid", "true");
        show(row, said.postcodeWrong, "error");
      } else if (input.getAttribute("aria-invalid")) {
        input.removeAttribute("aria-invalid");
        show(row, row.dataset.dirty ? said.notSavedYet : "", "");
      }
      return !bad;
    }

    function rowData(row) {
      var data = new FormData();
      data.append("keying", keying);
      Array.prototype.forEach.call(row.querySelectorAll("input, select"), function (field) {
        if (field.type === "checkbox") {
          if (field.checked) data.append(field.name, "on");
        } else {
          data.append(field.name, field.value);
        }
      });
      return data;
    }

    function save(row) {
      if (!row.dataset.dirty) return Promise.resolve(true);
      var number = row.getAttribute("data-row");
      var data = rowData(row);
      var sent = (row.dataset.version = String(Number(row.dataset.version || 0) + 1));
      delete row.dataset.dirty;
      show(row, said.saving, "saving");
      return fetch(rowUrl + number, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": token, Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (body) {
            return { status: response.status, body: body };
          });
        })
        .then(function (answer) {
          if (row.dataset.version !== sent) return true; // typed again since: that save will report
          if (answer.body.ok) {
            markField(row, null);
            show(row, answer.body.state, answer.body.held ? "held" : "saved");
            var soFar = document.getElementById("keyed-so-far");
            if (soFar && typeof answer.body.keyed === "number") soFar.textContent = String(answer.body.keyed);
            return true;
          }
          row.dataset.dirty = "1";
          markField(row, answer.body.field);
          show(row, answer.body.error, "error");
          return false;
        })
        .catch(function () {
          row.dataset.dirty = "1";
          show(row, said.notSaved, "error");
          return false;
        });
    }

    function isEmpty(row) {
      return Array.prototype.every.call(row.querySelectorAll("input.govuk-input"), function (input) {
        return input.value.trim() === "";
      });
    }

    function focusNext(row) {
      var index = rows.indexOf(row);
      var next = rows[index + 1];
      var target = next ? next.querySelector("input") : document.getElementById("declared_count");
      if (target) target.focus();
    }

    rows.forEach(function (row) {
      row.addEventListener("input", function (event) {
        row.dataset.dirty = "1";
        if (event.target.hasAttribute("data-postcode")) checkPostcode(event.target, row, false);
        else if (!row.classList.contains("doorstep-row--error")) show(row, said.notSavedYet, "");
      });
      row.addEventListener("change", function () {
        row.dataset.dirty = "1";
      });
      row.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") return;
        event.preventDefault();
        if (isEmpty(row) && !row.dataset.dirty && !stateCell(row).textContent.trim()) {
          // Enter on an untouched row: the rows are done, go to the count.
          document.getElementById("declared_count").focus();
          return;
        }
        var input = row.querySelector("[data-postcode]");
        if (!checkPostcode(input, row, true)) {
          input.focus();
          return;
        }
        save(row);
        focusNext(row);
      });
      row.addEventListener("focusout", function (event) {
        if (event.relatedTarget && row.contains(event.relatedTarget)) return;
        var input = row.querySelector("[data-postcode]");
        checkPostcode(input, row, true);
        save(row);
      });
    });
  }

  // Closing the tab mid-row: send what was typed anyway (the token travels in the form data,
  // as a beacon cannot carry headers).
  function sendUnsaved() {
    var form = document.getElementById("keying");
    if (!form || !navigator.sendBeacon) return;
    var url = form.getAttribute("data-row-url").replace(/\/0$/, "/");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    Array.prototype.forEach.call(form.querySelectorAll("tr[data-row][data-dirty]"), function (row) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token);
      data.append("keying", form.getAttribute("data-keying"));
      Array.prototype.forEach.call(row.querySelectorAll("input, select"), function (field) {
        if (field.type !== "checkbox" || field.checked) data.append(field.name, field.type === "checkbox" ? "on" : field.value);
      });
      navigator.sendBeacon(url + row.getAttribute("data-row"), data);
      delete row.dataset.dirty;
    });
  }
  window.addEventListener("pagehide", sendUnsaved);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
