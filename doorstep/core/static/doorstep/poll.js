// Parts of a staff page that follow work done in the background (a hand-in bundle being made,
// signatures being taken out): an element with data-poll-url is replaced every few seconds by
// the server's newer version of it ({"html", "active", "announce"}), until the work is over.
// Nothing else on the page changes, so what was typed in its forms stays. The element named
// by data-poll-announce (a role="status" region) is told only when the state changes.
(function () {
  "use strict";
  var INTERVAL = 3000;

  function follow(region) {
    var url = region.getAttribute("data-poll-url");
    var announce = document.getElementById(region.getAttribute("data-poll-announce") || "");

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (data) {
          region.innerHTML = data.html;
          if (announce && data.announce && announce.textContent !== data.announce) {
            announce.textContent = data.announce;
          }
          if (data.active) window.setTimeout(poll, INTERVAL);
        })
        .catch(function () {
          window.setTimeout(poll, INTERVAL * 3); // the server is busy or away: ask again later
        });
    }

    window.setTimeout(poll, INTERVAL);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-poll-url]"), follow);
})();
