/* The canvass page: signatures collected at the door are kept on the phone (IndexedDB)
   until they are sent, in order, once each. Each has its own key, so sending it again
   after a dropped connection adds nothing on the server. */
(function () {
  "use strict";
  var root = document.getElementById("canvass");
  if (!root) { return; }
  var texts = JSON.parse(document.getElementById("canvass-texts").textContent);
  var config = JSON.parse(document.getElementById("canvass-config").textContent);
  var petition = config.petition;
  var DB_NAME = "doorstep-canvass";
  var WAITING = "waiting";
  var META = "meta";
  var statusBox = document.getElementById("canvass-status");
  var sending = false;
  var sequence = 0;

  function request(r) {
    return new Promise(function (resolve, reject) {
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }

  var database = new Promise(function (resolve, reject) {
    var opening = indexedDB.open(DB_NAME, 1);
    opening.onupgradeneeded = function () {
      var db = opening.result;
      db.createObjectStore(WAITING, { keyPath: "key" }).createIndex("seq", "seq");
      db.createObjectStore(META);
    };
    opening.onsuccess = function () { resolve(opening.result); };
    opening.onerror = function () { reject(opening.error); };
  });

  function store(name, mode) {
    return database.then(function (db) { return db.transaction(name, mode).objectStore(name); });
  }
  function waitingAll() {
    return store(WAITING, "readonly").then(function (s) { return request(s.index("seq").getAll()); });
  }
  function waitingPut(item) {
    return store(WAITING, "readwrite").then(function (s) { return request(s.put(item)); });
  }
  function waitingDelete(key) {
    return store(WAITING, "readwrite").then(function (s) { return request(s.delete(key)); });
  }
  function waitingClear() {
    return store(WAITING, "readwrite").then(function (s) { return request(s.clear()); });
  }
  function metaGet(key) {
    return store(META, "readonly").then(function (s) { return request(s.get(key)); });
  }
  function metaPut(key, value) {
    return store(META, "readwrite").then(function (s) { return request(s.put(value, key)); });
  }

  function say(text) { statusBox.textContent = text; }

  function render() {
    return Promise.all([waitingAll(), metaGet("sent-" + petition)]).then(function (results) {
      var items = results[0].filter(function (item) { return item.petition === petition; });
      var sent = results[1] || { sent: 0, held: 0 };
      var list = document.getElementById("waiting");
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "canvass-waiting";
        li.textContent = item.name + ", " + item.postcode + ": " + (item.error ? texts.refused + " (" + item.error + ")" : texts.waiting);
        if (item.error) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "govuk-button govuk-button--secondary govuk-!-margin-left-2 govuk-!-margin-bottom-0";
          remove.textContent = texts.remove;
          remove.addEventListener("click", function () { waitingDelete(item.key).then(render); });
          li.appendChild(remove);
        }
        list.appendChild(li);
      });
      document.getElementById("waiting-count").textContent = String(items.length);
      document.getElementById("sent-count").textContent = String(sent.sent);
      document.getElementById("held-count").textContent = String(sent.held);
      if (!navigator.onLine) { say(texts.offline); } else if (!items.length && !sending && root.dataset.told !== "signed_out") { say(texts.all_sent); }
    });
  }

  function noteSent(outcome) {
    var key = "sent-" + petition;
    return metaGet(key).then(function (sent) {
      sent = sent || { sent: 0, held: 0 };
      sent.sent += 1;
      if (outcome === "held") { sent.held += 1; }
      return metaPut(key, sent);
    });
  }

  function checkStatus() {
    return metaGet("phone").then(function (token) {
      return fetch(config.statusUrl, { headers: { "X-Doorstep-Phone": token || "" }, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.status === 401 || response.status === 403) { return { signedIn: false }; }
          if (!response.ok) { return null; }
          return response.json().then(function (body) { body.token = token; body.signedIn = true; return body; });
        });
    });
  }

  function registerPhone(status) {
    return fetch(config.phoneUrl, { method: "POST", headers: { "X-CSRFToken": status.csrf }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("phone"); }
        return response.json();
      })
      .then(function (body) { status.token = body.token; status.phone = "ok"; return metaPut("phone", body.token).then(function () { return status; }); });
  }

  function sendOne(item, status) {
    var body = {
      key: item.key, name: item.name, address: item.address, postcode: item.postcode, email: item.email,
      updates: item.updates, wording: item.wording, agreed: item.agreed, collected_at: item.collected_at
    };
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": status.csrf, "X-Doorstep-Phone": status.token },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.ok) {
        return response.json().then(function (answer) {
          return waitingDelete(item.key).then(function () { return noteSent(answer.outcome); }).then(function () { return "next"; });
        });
      }
      if (response.status === 410) { return "signed_out"; }
      if (response.status === 400) {
        return response.json().then(function (answer) { item.error = answer.error; return waitingPut(item).then(function () { return "next"; }); });
      }
      return "stop";
    });
  }

  function sendWaiting() {
    if (sending || !navigator.onLine) { return render(); }
    sending = true;
    return waitingAll().then(function (items) {
      items = items.filter(function (item) { return !item.error; });
      if (items.length) { say(texts.sending); }
      // Asked even with nothing to send: it signs the phone in, and learns if it was signed out.
      return checkStatus().then(function (status) {
        if (status === null) { return null; }
        if (!status.signedIn) { say(texts.sign_in); return null; }
        if (status.phone === "signed_out") { return signedOut(); }
        var ready = status.phone === "ok" ? Promise.resolve(status) : registerPhone(status);
        return ready.then(function (status) {
          return items.reduce(function (previous, item) {
            return previous.then(function (result) {
              if (result !== "next") { return result; }
              return sendOne(item, status);
            });
          }, Promise.resolve("next"));
        }).then(function (result) { if (result === "signed_out") { return signedOut(); } return null; });
      });
    }).catch(function () { return null; }).then(function () {
      sending = false;
      return render();
    });
  }

  function signedOut() {
    root.dataset.told = "signed_out";
    return waitingClear().then(function () { return metaPut("phone", ""); }).then(function () { say(texts.signed_out); });
  }

  // The form: checked here as the server will check it, so what is kept can be sent.
  var form = document.getElementById("canvass-form");
  var fields = ["name", "address", "postcode", "email", "agreed"];

  function showErrors(errors) {
    var list = document.getElementById("canvass-error-list");
    var summary = document.getElementById("canvass-errors");
    list.textContent = "";
    fields.forEach(function (field) {
      var message = document.getElementById("canvass-" + field + "-error");
      var group = document.getElementById("group-" + field);
      message.hidden = !errors[field];
      message.textContent = errors[field] || "";
      if (group) { group.classList.toggle("govuk-form-group--error", Boolean(errors[field])); }
      if (errors[field]) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#canvass-" + field;
        link.textContent = errors[field];
        li.appendChild(link);
        list.appendChild(li);
      }
    });
    summary.hidden = !list.children.length;
    if (list.children.length) { summary.focus(); }
  }

  function collect() {
    var value = function (name) { return form.elements[name].value.replace(/\s+/g, " ").trim(); };
    var postcode = value("postcode").toUpperCase().replace(/\s/g, "");
    postcode = postcode.length > 3 ? postcode.slice(0, -3) + " " + postcode.slice(-3) : postcode;
    var item = {
      name: value("name"), address: value("address"), postcode: postcode, email: value("email"),
      updates: form.elements.updates.checked, agreed: form.elements.agreed.checked,
      wording: document.getElementById("canvass-updates-label").textContent.trim()
    };
    var errors = {};
    if (!item.name) { errors.name = texts.error_name; }
    if (!item.address) { errors.address = texts.error_address; }
    if (!new RegExp(form.elements.postcode.dataset.pattern).test(item.postcode.replace(" ", ""))) { errors.postcode = texts.error_postcode; }
    if (item.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(item.email)) { errors.email = texts.error_email; }
    if (!item.agreed) { errors.agreed = texts.error_agreed; }
    return { item: item, errors: errors };
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var collected = collect();
      showErrors(collected.errors);
      if (Object.keys(collected.errors).length) { return; }
      var item = collected.item;
      item.key = crypto.randomUUID();
      item.petition = petition;
      item.url = config.receiveUrl;
      item.collected_at = new Date().toISOString();
      item.seq = Date.now() * 1000 + (sequence++ % 1000);
      if (!item.updates) { item.wording = ""; }
      waitingPut(item).then(function () {
        form.reset();
        say(texts.saved);
        form.elements.name.focus();
        return render();
      }).then(sendWaiting);
    });
  }

  window.addEventListener("online", sendWaiting);
  window.addEventListener("offline", render);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { sendWaiting(); } });
  setInterval(sendWaiting, 30000);

  // Keep this page, and all it needs, on the phone for opening with no signal.
  function keepOffline() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.register(config.swUrl, { scope: config.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = [location.pathname, document.querySelector("link[rel=manifest]").getAttribute("href")];
      document.querySelectorAll("link[rel=stylesheet], link[rel=icon]").forEach(function (link) { urls.push(link.getAttribute("href")); });
      document.querySelectorAll("script[src]").forEach(function (script) { urls.push(script.getAttribute("src")); });
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.cached) { root.dataset.offlineReady = "true"; document.getElementById("canvass-offline").hidden = false; }
      });
      registration.active.postMessage({ cache: urls });
    }).catch(function () { /* No offline copy: the page still works while there is signal. */ });
  }

  render().then(sendWaiting);
  if (navigator.onLine) { keepOffline(); } else { root.dataset.offlineReady = "true"; }
}());
