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

  // A share code's countdown: the expiry instant comes from the page; the text from its data attributes.
  function countdown(element) {
    var expires = Date.parse(element.getAttribute('data-expires'));
    if (isNaN(expires)) {
      return;
    }
    var left = element.getAttribute('data-left-text');
    var expired = element.getAttribute('data-expired-text');
    function tick() {
      var seconds = Math.max(0, Math.round((expires - Date.now()) / 1000));
      if (seconds === 0) {
        element.textContent = expired;
        element.classList.add('expired');
        return;
      }
      var minutes = Math.floor(seconds / 60);
      var rest = seconds % 60;
      element.textContent = left.replace('{0}', clock(minutes, rest));
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  document.addEventListener('DOMContentLoaded', function () {
    var timers = document.querySelectorAll('.countdown[data-expires]');
    for (var i = 0; i < timers.length; i++) {
      countdown(timers[i]);
    }
  });
})();
