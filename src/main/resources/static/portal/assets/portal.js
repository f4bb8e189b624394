// Carnet portal: the only script. No inline scripts (the Content-Security-Policy forbids them); pages work without it.
(function () {
  'use strict';

  // Minutes and seconds left ("4:05") in the digits of the page's language, as its dates are written.
  function clock(minutes, seconds) {
    var lang = document.documentElement.lang || 'en';
    try {
      var whole = new Intl.NumberFormat(lang, { useGrouping: false });
      var twoDigits = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false });
      return whole.format(minutes) + ':' + twoDigits.format(seconds);
    } catch (e) {
      return minutes + ':' + (seconds < 10 ? '0' : '') + seconds;
    }
  }

  // A signed-in page has the sign-out form. Such a page is never shown again from the browser's memory of it (the
  // back-forward cache): on a shared phone, "back" after signing out must not bring a record back. Its content is
  // removed as it is put away, and a page brought back is fetched again, which needs a live session.
  function signedIn() {
    return document.querySelector('form.sign-out') !== null;
  }

  window.addEventListener('pagehide', function (event) {
    if (event.persisted && signedIn()) {
      var main = document.querySelector('main');
      if (main) {
        main.replaceChildren();
      }
    }
  });

  window.addEventListener('pageshow', function (event) {
    if (event.persisted && signedIn()) {
      document.body.hidden = true;
      window.location.reload();
    }
  });

  // A share code's time left, counted from the seconds the server gave when it sent the page (a phone's clock may be
  // wrong). At zero the code and its QR code leave the page and the message that it expired takes their place.
  function countdown(live) {
    var seconds = parseInt(live.getAttribute('data-seconds-left'), 10);
    var timer = live.querySelector('.countdown');
    var over = document.getElementById(live.getAttribute('data-over'));
    if (isNaN(seconds) || !timer) {
      return;
    }
    var started = performance.now();
    var left = timer.getAttribute('data-left-text');
    function tick() {
      var remaining = Math.max(0, Math.ceil(seconds - (performance.now() - started) / 1000));
      if (remaining === 0) {
        live.remove();
        if (over) {
          over.hidden = false;
        }
        return;
      }
      var minutes = Math.floor(remaining / 60);
      var rest = remaining % 60;
      timer.textContent = left.replace('{0}', clock(minutes, rest));
      window.setTimeout(tick, Math.min(1000, remaining * 1000));
    }
    tick();
  }

  // A form is sent once: a second click while the first is on its way does nothing (the server also answers a
  // form sent twice with the first answer).
  function sendOnce(form) {
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('data-sent') === 'true') {
        event.preventDefault();
        return;
      }
      form.setAttribute('data-sent', 'true');
    });
  }

  window.addEventListener('pageshow', function () {
    var sent = document.querySelectorAll('form[data-sent]');
    for (var i = 0; i < sent.length; i++) {
      sent[i].removeAttribute('data-sent');
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    var codes = document.querySelectorAll('[data-seconds-left]');
    for (var i = 0; i < codes.length; i++) {
      countdown(codes[i]);
    }
    var forms = document.querySelectorAll('form[method=post]');
    for (var j = 0; j < forms.length; j++) {
      sendOnce(forms[j]);
    }
    // The printable summary's button: shown only where it works (with this script), the browser's own print otherwise.
    var printButtons = document.querySelectorAll('[data-print]');
    for (var k = 0; k < printButtons.length; k++) {
      printButtons[k].hidden = false;
      printButtons[k].addEventListener('click', function () {
        window.print();
      });
    }
    // After a form came back with problems, the first field to correct has the focus (unless the page chose one).
    var invalid = document.querySelector('main [autofocus]') ? null : document.querySelector('main [aria-invalid=true]');
    if (invalid && typeof invalid.focus === 'function') {
      if (invalid.tagName === 'FIELDSET') {
        invalid = invalid.querySelector('input') || invalid;
      }
      invalid.focus();
    }
  });
})();
