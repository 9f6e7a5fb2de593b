// Loket PWA: progressive enhancement only. Every page works without this
// file; it registers the service worker and tells it which pages of the
// person's language to keep for offline reading.
(function () {
  'use strict';
  var body = document.body;
  if (!('serviceWorker' in navigator) || !body.dataset.sw) {
    return;
  }
  navigator.serviceWorker.register(body.dataset.sw, { scope: '/' }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (reg) {
    var keep = body.dataset.keep;
    if (keep && reg.active) {
      reg.active.postMessage({ type: 'keep', index: keep });
    }
  }).catch(function () { /* offline support is optional */ });
})();
