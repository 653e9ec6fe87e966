// The club card's service worker («Свой Круг»): the card page and its codes are fetched from the network and
// kept; offline, the kept ones are answered (the codes marked X-Club-Offline), so the card still shows a valid
// code for a few minutes. Everything else goes to the network untouched.
"use strict";
var CACHE = "svoykrug-card-v1";
var CARD = "{{ card_url|escapejs }}";
var CODES = "{{ codes_url|escapejs }}";
var ASSETS = [{% for asset in assets %}"{{ asset|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(ASSETS).catch(function () {});
    })
  );
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(
        names.filter(function (name) {
          return name.indexOf("svoykrug-card-") === 0 && name !== CACHE;
        }).map(function (name) {
          return caches.delete(name);
        })
      );
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function fromCache(path, offline) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(path).then(function (cached) {
      if (!cached) return Response.error();
      if (!offline) return cached;
      var headers = new Headers(cached.headers);
      headers.set("X-Club-Offline", "1");
      return cached.blob().then(function (body) {
        return new Response(body, { status: cached.status, statusText: cached.statusText, headers: headers });
      });
    });
  });
}

function networkFirst(request, path) {
  return fetch(request).then(function (response) {
    return caches.open(CACHE).then(function (cache) {
      if (response.ok && !response.redirected) {
        return cache.put(path, response.clone()).then(function () { return response; });
      }
      if (response.status === 403 || response.redirected) {
        // Logged out (or someone else): nothing of the card stays on this device.
        return Promise.all([cache.delete(CARD), cache.delete(CODES)]).then(function () { return response; });
      }
      return response;
    });
  }).catch(function () {
    return fromCache(path, path === CODES);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === CARD || url.pathname === CODES) {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
        }
        return response;
      }).catch(function () {
        return fromCache(url.pathname, false);
      })
    );
  }
});
