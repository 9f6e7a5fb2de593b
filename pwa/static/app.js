// Loket PWA: progressive enhancement only. Every page works without this
// file; it registers the service worker and tells it which pages of the
// person's language to keep for offline reading, and keeps what a person
// types in a form on this phone until the form reaches the server.
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

// Drafts: a form posted without a network ends on the offline page (the
// service worker's); what was typed stays in this tab's sessionStorage
// (gone when the tab closes), the offline page links back to the form,
// and the form is filled in again there, in any language. A form that
// reached the server forgets its draft: the server shows what it needs
// again itself. Secrets (PINs, access codes) are never kept.
(function () {
  'use strict';
  var PREFIX = 'loket.draft:';
  var SENT = 'loket.draft-sent';
  var SECRET = /^(pin|access_code|code|password|_csrf)$/;
  var store;
  try { store = window.sessionStorage; } catch (e) { return; }
  if (!store || document.documentElement.classList.contains('kiosk')) { return; }

  // The form's path without its language, so another language finds it.
  function key(path) { return PREFIX + path.replace(/^\/[a-z]{2}(?=\/)/, ''); }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SECRET.test(el.name) && el.type !== 'hidden' && el.type !== 'password' &&
        el.type !== 'submit' && el.type !== 'button' && el.type !== 'file';
    });
  }

  function save(form) {
    var draft = {};
    fields(form).forEach(function (el) {
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (el.checked) { draft[el.name + '=' + el.value] = true; }
      } else if (el.value) {
        draft[el.name] = el.value;
      }
    });
    try { store.setItem(key(location.pathname), JSON.stringify(draft)); } catch (e) { /* full or off */ }
  }

  function restore(form) {
    var draft;
    try { draft = JSON.parse(store.getItem(key(location.pathname)) || 'null'); } catch (e) { draft = null; }
    if (!draft) { return; }
    fields(form).forEach(function (el) {
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (draft[el.name + '=' + el.value]) { el.checked = true; }
      } else if (!el.value && draft[el.name]) {
        el.value = draft[el.name];
      }
    });
  }

  var offline = document.getElementById('draft-kept');
  var sent = store.getItem(SENT);
  if (offline) {
    // The form did not leave the phone: offer the way back to it, where
    // the draft fills it in again.
    if (sent && store.getItem(key(sent))) {
      offline.querySelector('a').href = sent;
      offline.hidden = false;
      store.removeItem(SENT);
    }
    return;
  }
  if (sent) {
    store.removeItem(key(sent));
    store.removeItem(SENT);
  }
  var forms = document.querySelectorAll('main form[method="post"]');
  Array.prototype.forEach.call(forms, function (form) {
    if (new URL(form.action, location.href).pathname !== location.pathname || fields(form).length === 0) { return; }
    restore(form);
    form.addEventListener('input', function () { save(form); });
    form.addEventListener('change', function () { save(form); });
    form.addEventListener('submit', function () {
      save(form);
      store.setItem(SENT, location.pathname);
    });
  });
})();
