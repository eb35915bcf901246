// Map labels: hovering over an area, or tabbing to one, shows its name and count in a box
// beside it and outlines it. Without this script each area still has a title (a tooltip).
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
    svg.addEventListener("focusin", function (event) {
      var area = event.target.closest(".doorstep-map__area");
      if (area) show(area);
    });
    svg.addEventListener("focusout", hide);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
  }

  var figures = document.querySelectorAll("[data-doorstep-map]:not([data-map-ready])");
  Array.prototype.forEach.call(figures, function (figure) {
    figure.setAttribute("data-map-ready", "");
    init(figure);
  });
})();
