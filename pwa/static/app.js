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

// Forms sent later (see sw.js): the offline page that follows a help or
// address form posted without a network offers to send it when the phone
// is back online; only if the person agrees does the service worker keep
// it. Every page then says whether a form waits or has been sent (its
// confirmation, with the code and PIN, shown once at /xx/sent), with
// "forget it"; opening a page or coming back online sends what waits.
(function () {
  'use strict';
  var box = document.getElementById('sync-state');
  if (!('serviceWorker' in navigator) || !document.body.dataset.sw || !box || !window.MessageChannel) { return; }

  function ask(msg) {
    return navigator.serviceWorker.ready.then(function (reg) {
      return new Promise(function (resolve) {
        var ch = new MessageChannel();
        ch.port1.onmessage = function (ev) { resolve(ev.data || {}); };
        (navigator.serviceWorker.controller || reg.active).postMessage(msg, [ch.port2]);
      });
    });
  }

  function show(st, forgotten) {
    var parts = { waiting: st.waiting > 0, sent: st.sent > 0, forgotten: !!forgotten };
    var any = false;
    Object.keys(parts).forEach(function (k) {
      box.querySelector('[data-' + k + ']').hidden = !parts[k];
      any = any || parts[k];
    });
    box.hidden = !any;
  }

  function refresh() {
    return ask({ type: navigator.onLine ? 'flush' : 'state' }).then(function (st) { show(st); });
  }

  box.tabIndex = -1;
  box.querySelector('[data-forget]').addEventListener('click', function () {
    ask({ type: 'forget' }).then(function (st) { show(st, true); box.focus(); });
  });

  var offer = document.getElementById('sync-offer');
  if (offer) {
    ask({ type: 'held' }).then(function (r) {
      if (!r.form) { return; }
      // Held in this page's memory only, until the person chooses.
      var form = r.form;
      offer.hidden = false;
      offer.querySelector('[data-send]').addEventListener('click', function () {
        ask({ type: 'later', form: form, note: { title: offer.dataset.noteTitle, body: offer.dataset.noteBody } }).then(function (st) {
          form = null;
          offer.hidden = true;
          show(st);
          box.focus();
        });
      });
      offer.querySelector('[data-forget]').addEventListener('click', function () {
        form = null;
        offer.hidden = true;
        show({}, true);
        box.focus();
      });
    });
  }
  window.addEventListener('online', refresh);
  refresh();
})();
