/* Upload scans with a progress bar: the same form, sent by XMLHttpRequest for its progress
   events; files over the size limit together are refused before anything is sent. */
(function () {
  "use strict";
  var form = document.getElementById("scan-upload");
  if (!form || !window.FormData) { return; }
  var box = document.getElementById("scan-progress");
  var bar = document.getElementById("scan-progress-bar");
  var text = document.getElementById("scan-progress-text");
  var error = document.getElementById("scan-error");
  var button = document.getElementById("scan-submit");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;
  var files = document.getElementById("scan-files");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var size = 0;
    Array.prototype.forEach.call(files.files || [], function (file) { size += file.size; });
    if (maxBytes && size > maxBytes) {  /* refused before a byte is sent */
      error.hidden = false;
      error.textContent = form.getAttribute("data-too-big");
      return;
    }
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        var percent = Math.round(100 * progress.loaded / progress.total);
        bar.value = percent;
        text.textContent = percent + "%";
      }
    });
    request.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (e) { answer = {}; }
      if (request.status === 200 && answer.next) { window.location.assign(answer.next); return; }
      box.hidden = true;
      button.disabled = false;
      error.hidden = false;
      error.textContent = answer.error || request.statusText;
    });
    request.addEventListener("error", function () { box.hidden = true; button.disabled = false; });
    error.hidden = true;
    box.hidden = false;
    button.disabled = true;
    request.send(new FormData(form));
  });
}());
