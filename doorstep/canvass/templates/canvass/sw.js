/* The canvass pages' service worker: the network first, and the copy kept on the phone
   when there is no signal. Sending signatures never goes through here (POST). */
const CACHE = "doorstep-canvass-1";
const NEVER_KEPT = "{{ status_url|escapejs }}";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  if (!event.data || !Array.isArray(event.data.cache)) { return; }
  const urls = event.data.cache.filter((url) => new URL(url, self.location).origin === self.location.origin);
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(urls))
      .then(() => event.source && event.source.postMessage({ cached: true }))
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname === NEVER_KEPT) { return; }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected && request.mode === "navigate") {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true, ignoreVary: true }).then((kept) => kept || Response.error()))
  );
});
