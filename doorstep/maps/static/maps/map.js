// Map labels: hovering over an area, tapping it, or tabbing to one, shows its name and count in
// a box beside it and outlines it. Without this script each area still has a title (a tooltip),
// and the figures are listed under the map. A map in a details element marked
// data-doorstep-map-details opens by itself on a wide screen (on a phone it stays closed).
(function () {
  "use strict";

  function init(figure) {
    var svg = figure.querySelector("svg.doorstep-map");
    var box = figure.querySelector("[data-map-label]");
    if (!svg || !box) return;
    var highlight = svg.querySelector(".doorstep-map__highlight");

    function label(area) {
      var title = area.querySelector("title");
      return area.getAttribute("aria-label") || (title ? title.textContent : "");
    }

    function show(area, x, y) {
      box.textContent = label(area);
      box.hidden = false;
      if (highlight) highlight.setAttribute("d", area.getAttribute("d"));
      var frame = figure.getBoundingClientRect();
      if (x === undefined) {
        var shape = area.getBoundingClientRect();
        x = shape.left + shape.width / 2;
        y = shape.top;
      }
      var left = Math.min(Math.max(x - frame.left + 12, 0), Math.max(frame.width - box.offsetWidth, 0));
      box.style.left = left + "px";
      box.style.top = Math.max(y - frame.top - box.offsetHeight - 8, 0) + "px";
    }

    function hide() {
      box.hidden = true;
      if (highlight) highlight.setAttribute("d", "");
    }

    svg.addEventListener("mousemove", function (event) {
      var area = event.target.closest(".doorstep-map__area");
      if (area) show(area, event.clientX, event.clientY);
      else hide();
    });
    svg.addEventListener("mouseleave", hide);
    // A tap (touch has no hover): the area's label, or nothing for a tap between areas.
    svg.addEventListener("click", function (event) {
      var area = event.target.closest(".doorstep-map__area[tabindex]");
      if (area) show(area, event.clientX, event.clientY);
      else hide();
    });
    svg.addEventListener("focusin", function (event) {
      var area = event.target.closest(".doorstep-map__area");
      if (area) show(area);
    });
    svg.addEventListener("focusout", hide);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
  }

  if (window.matchMedia && window.matchMedia("(min-width: 40.0625em)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-doorstep-map-details]"), function (details) {
      details.open = true;
    });
  }

  var figures = document.querySelectorAll("[data-doorstep-map]:not([data-map-ready])");
  Array.prototype.forEach.call(figures, function (figure) {
    figure.setAttribute("data-map-ready", "");
    init(figure);
  });
})();
