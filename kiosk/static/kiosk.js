// Loket kiosk: forgetting the visitor. After data-idle seconds without a
// touch (data-idle-result seconds, where the layout sets it: on a page
// that shows a result, so there is time to read it) a warning counts
// down data-warn seconds (30 by default; WCAG 2.2.1 asks for 20 at least),
// then the kiosk clears every form and storage and replaces the page with
// the attract screen, which ("Finish and clear" leads there too) clears the
// storage again.
//
// Each visit has an id in sessionStorage, and every page of the visit
// carries it in its history entry. A page reached later by Back or Forward
// whose id is not the current visit's belongs to a previous visitor: it is
// hidden and replaced by the attract screen as soon as this script runs.
// Kiosk pages come with Cache-Control: no-store and kiosk forms with
// autocomplete="off", so neither the back-forward cache nor form restore
// brings anything back.
(function () {
  'use strict';
  var KEY = 'loket.kiosk.visit';
  var root = document.documentElement;

  function visit() {
    try { return sessionStorage.getItem(KEY); } catch (e) { return null; }
  }

  function leave() {
    root.classList.add('kiosk-leaving');
    location.replace('/kiosk');
  }

  // Runs before the body paints when the script is not deferred.
  function guard() {
    var st = history.state;
    if (st && st.kioskVisit && st.kioskVisit !== visit()) {
      leave();
      return false;
    }
    return true;
  }

  if (!guard()) { return; }

  window.addEventListener('pageshow', function (e) {
    if (e.persisted) { guard(); }
  });

  function init() {
    var body = document.body;
    if (body.dataset.page === 'attract') {
      // Whoever reaches the attract screen ("Finish and clear", the idle
      // reset) leaves nothing behind for the next visitor.
      try { sessionStorage.clear(); localStorage.clear(); } catch (e) { /* storage may be off */ }
      return;
    }
    var id = visit();
    if (!id) {
      id = String(Date.now()) + Math.random().toString(36).slice(2);
      try { sessionStorage.setItem(KEY, id); } catch (e) { /* storage may be off */ }
    }
    history.replaceState({ kioskVisit: id }, '');

    var idle = parseInt(body.dataset.idleResult || body.dataset.idle, 10) || 60;
    var warn = parseInt(body.dataset.warn, 10) || 30;
    var dialog = document.getElementById('idle-warning');
    var text = document.getElementById('idle-text');
    var stay = document.getElementById('idle-stay');
    var idleTimer = null;
    var tick = null;
    var left = 0;

    function reset() {
      Array.prototype.forEach.call(document.forms, function (f) {
        f.reset();
        Array.prototype.forEach.call(f.elements, function (el) {
          if (el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'button' && 'value' in el && el.type !== 'checkbox') { el.value = ''; }
        });
      });
      try { sessionStorage.clear(); localStorage.clear(); } catch (e) { /* storage may be off */ }
      leave();
    }

    function render() {
      text.textContent = (text.dataset.template || '').replace('#', String(left));
    }

    function showWarning() {
      left = warn;
      dialog.hidden = false;
      render();
      stay.focus();
      tick = setInterval(function () {
        left -= 1;
        if (left <= 0) {
          clearInterval(tick);
          reset();
          return;
        }
        render();
      }, 1000);
    }

    function activity() {
      if (!dialog.hidden) {
        return;
      }
      clearTimeout(idleTimer);
      idleTimer = setTimeout(showWarning, idle * 1000);
    }

    stay.addEventListener('click', function () {
      clearInterval(tick);
      dialog.hidden = true;
      activity();
    });
    ['pointerdown', 'keydown', 'input', 'touchstart', 'scroll'].forEach(function (ev) {
      document.addEventListener(ev, activity, { passive: true });
    });
    activity();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
