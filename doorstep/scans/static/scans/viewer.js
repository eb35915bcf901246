/* Zoom the scan with the buttons, or with + and - while it has the focus (arrows move it). */
(function () {
  "use strict";
  var viewer = document.getElementById("scan-viewer");
  if (!viewer) { return; }
  var frame = document.getElementById("scan-frame");
  var zoom = 1;
  function setZoom(factor) {
    zoom = factor === 0 ? 1 : Math.min(6, Math.max(1, zoom * factor));
    frame.style.setProperty("--scan-zoom", String(zoom));
    viewer.dataset.zoom = zoom.toFixed(2);
  }
  viewer.querySelectorAll("[data-zoom-by]").forEach(function (button) {
    button.addEventListener("click", function () { setZoom(Number(button.dataset.zoomBy)); });
  });
  frame.addEventListener("keydown", function (event) {
    if (event.key === "+" || event.key === "=") { setZoom(1.25); event.preventDefault(); }
    if (event.key === "-") { setZoom(0.8); event.preventDefault(); }
    if (event.key === "0") { setZoom(0); event.preventDefault(); }
  });
}());
