// Loket service worker. The server prepends VERSION, PRECACHE (hashed
// assets) and OFFLINE_PAGES (the offline page in every language).
// Only the shell, assets, the home page and information pages are kept:
// never a page with personal data (those are sent with no-store and never
// match INFO_PATH).
/* global VERSION, PRECACHE, OFFLINE_PAGES */
'use strict';
var CACHE = 'loket-' + VERSION;
var INFO_PATH = /^\/[a-z]{2}(\/(info(\/[a-z_]+)?|offline)?)?$/;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE.concat(OFFLINE_PAGES));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf('loket-') === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

var MANIFEST_PATH = /^\/[a-z]{2}\/manifest\.webmanifest$/;

// offlinePage is the offline page in lang, else in English (a path whose
// first part only looks like a language has none of its own).
function offlinePage(lang) {
  return caches.match('/' + lang + '/offline').then(function (hit) {
    return hit || caches.match('/en/offline');
  });
}

// Fetches the worker makes on its own are marked, so the statistics count
// only pages people opened.
var KEEP_HEADERS = { 'Loket-Fetch': 'keep' };

// keep fetches url as a machine fetch and stores it.
function keep(cache, url) {
  return fetch(url, { credentials: 'same-origin', headers: KEEP_HEADERS }).then(function (res) {
    if (res.ok) { return cache.put(url, res); }
  });
}

// keep: the page asks to store its language's information pages. The
// index page lists them; each link under /xx/info/ is fetched and kept.
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type !== 'keep' || !INFO_PATH.test(data.index)) {
    return;
  }
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return fetch(data.index, { credentials: 'same-origin', headers: KEEP_HEADERS }).then(function (res) {
      if (!res.ok) { return; }
      var copy = res.clone();
      return res.text().then(function (html) {
        var urls = [];
        var re = /href="(\/[a-z]{2}\/info\/[a-z_]+)"/g;
        var m;
        while ((m = re.exec(html)) !== null) { urls.push(m[1]); }
        return cache.put(data.index, copy).then(function () {
          return Promise.all(urls.map(function (u) { return keep(cache, u); }));
        });
      });
    });
  }).catch(function () {}));
});

self.addEventListener('fetch', function (event) {
  var req = event.request;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  var lang = (url.pathname.match(/^\/([a-z]{2})(\/|$)/) || [])[1] || 'en';
  if (req.method !== 'GET') {
    // A form sent without a network: the offline page in the form's
    // language instead of the browser's error. Nothing is kept.
    if (req.mode === 'navigate') {
      event.respondWith(fetch(req).catch(function () { return offlinePage(lang); }));
    }
    return;
  }
  if (url.pathname.indexOf('/assets/') === 0) {
    event.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
    return;
  }
  if (MANIFEST_PATH.test(url.pathname)) {
    // The app's manifest, read again by the browser on every page: the
    // last copy serves offline.
    event.respondWith(fetch(req).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return res;
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  if (req.mode !== 'navigate') {
    return;
  }
  var keepable = INFO_PATH.test(url.pathname);
  // Network first; information pages are kept for offline reading;
  // anything else falls back to the offline page in the page's language.
  event.respondWith(fetch(req).then(function (res) {
    if (keepable && res.ok) {
      var copy = res.clone();
      caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return res;
  }).catch(function () {
    return caches.match(url.pathname).then(function (hit) {
      return hit || offlinePage(lang);
    });
  }));
});

// push: a message from Loket's outbox. It carries one sentence in the
// subscriber's language and the page to open, never personal data; its
// tag is the same for every copy of one message, so a copy delivered
// again replaces the first instead of showing twice.
self.addEventListener('push', function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = {};
  }
  event.waitUntil(self.registration.showNotification(data.title || 'Loket', {
    body: data.body || '',
    tag: data.tag,
    lang: data.lang,
    dir: data.dir === 'rtl' ? 'rtl' : 'ltr',
    data: { url: typeof data.url === 'string' ? data.url : '' }
  }));
});

// notificationclick: focus Loket's window on that page, or open it. The
// page asks for the reference and secret again unless it still may show
// them. A queue message has no page: the phone's ticket page is open.
self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var path = (event.notification.data || {}).url || '';
  var target = new URL(/^\/[^\/\\]/.test(path) ? path : '/', self.location.origin);
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      var client = list[i];
      if ((!path || new URL(client.url).pathname === target.pathname) && 'focus' in client) {
        return client.focus();
      }
    }
    return self.clients.openWindow(target.href);
  }));
});
