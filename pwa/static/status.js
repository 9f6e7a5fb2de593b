// Loket dossier status: progressive enhancement only.
// - Letter page: the QR code's URL carries "<number>.<code>" in its
//   fragment, which is never sent to the server. Fill the form from it,
//   drop it from the address bar and history, and post it.
// - Result page: "keep on this phone" stores the shown status (no date of
//   birth, no access code) in localStorage, only when the person asks.
// - Lookup page (and the offline page shown in its place): show the kept
//   status with a notice and a one-tap "forget".
// - Kiosk: the dossier field accepts a scanned letter URL.
(function () {
  'use strict';
  var KEY = 'loket.status';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  // Letter page.
  var letter = document.querySelector('[data-letter-form] form');
  var m = /^#([0-9]{8})\.([A-Za-z0-9]{10})$/.exec(location.hash);
  if (letter && m) {
    history.replaceState(null, '', location.pathname);
    letter.elements.dossier.value = m[1];
    letter.elements.access_code.value = m[2];
    letter.submit();
    return;
  }

  // Kiosk: a scanner types the whole URL into the number field.
  var html = document.documentElement;
  if (html.classList.contains('kiosk')) {
    var num = document.getElementById('f-dossier');
    if (num) { num.removeAttribute('maxlength'); }
    return;
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }

  // Result page: keep on this phone.
  var remember = document.getElementById('remember');
  if (remember) {
    var button = document.getElementById('remember-button');
    var msg = document.getElementById('remember-message');
    remember.hidden = false;
    button.addEventListener('click', function () {
      var d = remember.dataset;
      var rec = {
        title: d.title, meaning: d.meaning, action: d.action, next: d.next, since: d.since,
        procedure: d.procedure, updated: d.updated, lang: d.lang, dir: d.dir,
        heading: d.heading, notice: d.notice, forget: d.forget, forgotten: d.forgotten, actionLabel: d.actionLabel
      };
      try {
        localStorage.setItem(KEY, JSON.stringify(rec));
        msg.textContent = d.done;
      } catch (e) { /* storage may be off or full */ }
    });
    return;
  }

  // Lookup page, or the offline page the service worker shows instead.
  var rec = load();
  if (!rec) { return; }
  var slot = document.querySelector('[data-saved-slot]');
  if (!slot) {
    if (!/\/status$/.test(location.pathname)) { return; }
    var main = document.getElementById('main');
    if (!main) { return; }
    slot = el('section', 'notice saved-status');
    main.insertBefore(slot, main.firstChild);
  }
  slot.setAttribute('lang', rec.lang);
  slot.setAttribute('dir', rec.dir);
  slot.setAttribute('aria-labelledby', 'saved-heading');
  var h = el('h2', '', rec.heading);
  h.id = 'saved-heading';
  slot.appendChild(h);
  slot.appendChild(el('p', 'hint', (rec.notice || '').replace('{date}', rec.updated)));
  slot.appendChild(el('p', 'saved-procedure', rec.procedure));
  slot.appendChild(el('h3', 'saved-title', rec.title));
  slot.appendChild(el('p', '', rec.since));
  slot.appendChild(el('p', '', rec.meaning));
  slot.appendChild(el('p', '', rec.actionLabel + ': ' + rec.action));
  var forget = el('button', 'button button-secondary', rec.forget);
  forget.type = 'button';
  forget.id = 'forget-button';
  var status = el('p');
  status.setAttribute('role', 'status');
  forget.addEventListener('click', function () {
    try { localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
    while (slot.firstChild) { slot.removeChild(slot.firstChild); }
    status.textContent = rec.forgotten;
    slot.appendChild(status);
  });
  slot.appendChild(forget);
  slot.hidden = false;
})();
