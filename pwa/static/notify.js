// Loket notifications: progressive enhancement of the "tell me when this
// changes" section. Without JavaScript (or without Push) only the e-mail
// form shows. The button asks the browser for permission, subscribes with
// the server's VAPID key and posts the subscription with the page's grant;
// the server learns an endpoint and keys, never who the person is.
(function () {
  'use strict';
  var button = document.querySelector('[data-notify-push]');
  if (!button || !('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return;
  }
  var status = document.querySelector('[data-notify-status]');

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function key(b64) {
    var s = (b64 + '==='.slice((b64.length + 3) % 4)).replace(/-/g, '+').replace(/_/g, '/');
    var raw = atob(s);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }

  button.hidden = false;
  button.addEventListener('click', function () {
    button.disabled = true;
    Notification.requestPermission().then(function (perm) {
      if (perm !== 'granted') {
        throw { shown: button.dataset.denied };
      }
      return navigator.serviceWorker.register('/sw.js').then(function () {
        return navigator.serviceWorker.ready;
      });
    }).then(function (reg) {
      return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(button.dataset.key) });
    }).then(function (sub) {
      var body = sub.toJSON();
      body.grant = button.dataset.grant;
      return fetch('/' + button.dataset.lang + '/api/v1/notify/push', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify(body)
      });
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) {
          throw { shown: (data.error && data.error.message) || button.dataset.failed };
        }
        say(data.message);
        button.hidden = true;
      });
    }).catch(function (err) {
      button.disabled = false;
      // Only the server's translated message or ours: never a browser's
      // technical English.
      say((err && err.shown) || button.dataset.failed);
    });
  });
})();
