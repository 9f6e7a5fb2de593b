// Loket service worker. The server prepends VERSION, PRECACHE (hashed
// assets), OFFLINE_PAGES (the offline page in every language) and
// POW_SCRIPT (the proof-of-work solver).
// Only the shell, assets, the home page and information pages are kept in
// the cache: never a page with personal data (those are sent with no-store
// and never match INFO_PATH). The one exception is a help request or
// address notification posted offline, kept only with the person's
// consent (see "Forms sent later" below).
/* global VERSION, PRECACHE, OFFLINE_PAGES, POW_SCRIPT */
'use strict';
importScripts(POW_SCRIPT);
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
    // language instead of the browser's error. A help or address form is
    // held in memory for that page, which offers to send it later.
    if (req.mode === 'navigate') {
      var later = LATER_PATH.test(url.pathname) ? req.clone().text() : Promise.resolve('');
      event.respondWith(fetch(req).catch(function () {
        return later.then(function (body) {
          // Only this form: any other one posted offline holds nothing.
          held = body && !/(^|&)previous_ref=[^&]/.test(body) ? { path: url.pathname, lang: lang, body: body } : null;
          return offlinePage(lang);
        });
      }));
    }
    return;
  }
  if (req.mode === 'navigate' && SENT_PATH.test(url.pathname)) {
    event.respondWith(takeSent().then(function (w) {
      if (w) {
        return new Response(w.html, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
      }
      return fetch(req).catch(function () { return offlinePage(lang); });
    }));
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

// Forms sent later. A help request or address notification posted
// without a network is held in this worker's memory (held) for the
// offline page that follows. That page takes it and, only if the person
// taps "send it when I am back online", gives it back to be kept in
// IndexedDB and sent: by Background Sync where the browser has it, else
// when a Loket page opens or the network comes back (message "flush").
// Sending fetches the form again for a fresh CSRF token (and a proof of
// work when the page asks for one); the form's idempotency key makes a
// second sending show the same request. The server's answer (the
// confirmation with the code and PIN, or the form with its errors) is
// kept instead of the form until the person opens /xx/sent once, and is
// deleted then, or by "forget", or after 14 days. An address change (its
// PIN) is never kept. Nothing of it goes into a URL.
var LATER_PATH = /^\/[a-z]{2}\/(help|address)$/;
var SENT_PATH = /^\/[a-z]{2}\/sent$/;
var held = null;

function outbox(mode, fn) {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open('loket-later', 1);
    open.onupgradeneeded = function () { open.result.createObjectStore('forms', { keyPath: 'id' }); };
    open.onerror = function () { reject(open.error); };
    open.onsuccess = function () {
      var db = open.result;
      var tx = db.transaction('forms', mode);
      var req = fn(tx.objectStore('forms'));
      tx.oncomplete = function () { db.close(); resolve(req && req.result); };
      tx.onerror = function () { db.close(); reject(tx.error); };
    };
  });
}

// A form never sent and an answer never opened are kept for 14 days at
// most, then deleted the next time the worker looks: they do not stay on
// a phone for ever.
var KEEP_MS = 14 * 24 * 3600 * 1000;

function allKept() {
  return outbox('readonly', function (st) { return st.getAll(); }).then(function (list) {
    var cutoff = Date.now() - KEEP_MS;
    var fresh = list.filter(function (x) { return x.at > cutoff; });
    if (fresh.length === list.length) { return list; }
    return outbox('readwrite', function (st) {
      list.forEach(function (x) { if (!(x.at > cutoff)) { st.delete(x.id); } });
      return null;
    }).then(function () { return fresh; });
  });
}

// takeSent returns the oldest server answer kept, deleting it.
function takeSent() {
  return allKept().then(function (list) {
    var w = list.filter(function (x) { return x.html; }).sort(function (a, b) { return a.at - b.at; })[0];
    if (!w) { return null; }
    return outbox('readwrite', function (st) { return st.delete(w.id); }).then(function () { return w; });
  }).catch(function () { return null; });
}

// proof solves the challenge at url for a form sent later.
function proof(url) {
  return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
    if (!res.ok) { throw new Error('challenge ' + res.status); }
    return res.json();
  }).then(function (ch) { return { token: ch.token, solution: self.loketSolve(ch.token, ch.bits) }; });
}

// send posts one kept form and keeps the server's answer in its place.
// A network error, 429 or 5xx leaves it waiting for the next try.
function send(w) {
  return fetch(w.path, { credentials: 'same-origin', headers: KEEP_HEADERS }).then(function (res) {
    if (!res.ok) { throw new Error('form ' + res.status); }
    return res.text();
  }).then(function (page) {
    var token = /name="_csrf" value="([^"]*)"/.exec(page);
    if (!token) { throw new Error('no form token'); }
    var params = new URLSearchParams(w.body);
    params.set('_csrf', token[1]);
    var pow = /data-pow="([^"]+)"/.exec(page);
    return (pow ? proof(pow[1]) : Promise.resolve(null)).then(function (p) {
      if (p) {
        params.set('pow_token', p.token);
        params.set('pow_solution', p.solution);
      }
      return fetch(w.path, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: params.toString()
      });
    });
  }).then(function (res) {
    if (res.status === 429 || res.status >= 500) { throw new Error('later ' + res.status); }
    return res.text().then(function (html) {
      var done = { id: w.id, lang: w.lang, at: Date.now(), html: html };
      return outbox('readwrite', function (st) { return st.put(done); }).then(function () {
        if (self.Notification && Notification.permission === 'granted' && w.note) {
          return self.registration.showNotification(w.note.title, {
            body: w.note.body, tag: 'loket-sent-' + w.id, lang: w.lang,
            data: { url: '/' + w.lang + '/sent' }
          });
        }
      });
    });
  });
}

var flushing = null;

// flush sends every form waiting, one after the other; it fails (so
// Background Sync tries again) when one could not be sent.
function flush() {
  if (!flushing) {
    flushing = allKept().then(function (list) {
      return list.filter(function (x) { return x.body; }).reduce(function (p, w) {
        return p.then(function () { return send(w); });
      }, Promise.resolve());
    });
    flushing.then(function () { flushing = null; }, function () { flushing = null; });
  }
  return flushing;
}

// state is what the pages show: how many forms wait, how many answers.
function state() {
  return allKept().then(function (list) {
    return {
      waiting: list.filter(function (x) { return x.body; }).length,
      sent: list.filter(function (x) { return x.html; }).length
    };
  }).catch(function () { return { waiting: 0, sent: 0 }; });
}

self.addEventListener('sync', function (event) {
  if (event.tag === 'loket-later') { event.waitUntil(flush()); }
});

self.addEventListener('message', function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  var reply = function (v) { if (port) { port.postMessage(v); } };
  var job;
  switch (data.type) {
    case 'held':
      // The offline page takes the form it follows (kept nowhere yet).
      job = Promise.resolve(held).then(function (h) { held = null; reply({ form: h }); });
      break;
    case 'later':
      job = outbox('readwrite', function (st) {
        var f = data.form || {};
        if (!LATER_PATH.test(f.path || '') || typeof f.body !== 'string') { return null; }
        return st.put({ id: String(Date.now()) + Math.random().toString(36).slice(2), path: f.path, lang: f.lang,
          body: f.body, note: data.note, at: Date.now() });
      }).then(function () {
        return self.registration.sync ? self.registration.sync.register('loket-later').catch(function () {}) : null;
      }).then(state).then(reply);
      break;
    case 'flush':
      job = flush().catch(function () {}).then(state).then(reply);
      break;
    case 'state':
      job = state().then(reply);
      break;
    case 'forget':
      held = null;
      job = outbox('readwrite', function (st) { return st.clear(); }).then(state).then(reply);
      break;
    default:
      return;
  }
  event.waitUntil(job.catch(function () { reply({ waiting: 0, sent: 0, error: true }); }));
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
