// Carnet portal: the only script. No inline scripts (the Content-Security-Policy forbids them); pages work without it.
(function () {
  'use strict';

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
      element.textContent = left.replace('{0}', minutes + ':' + (rest < 10 ? '0' : '') + rest);
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
