// Behaviour of the public pages, in a file so that the Content-Security-Policy needs no inline script.
(function () {
  "use strict";

  // A select marked data-autosubmit (the listings' sort order) submits its form when it changes;
  // without JavaScript the form has its own button.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });

  // On a phone the main menu folds behind a «Меню» button; without JavaScript it stays open.
  var toggle = document.querySelector(".nav-toggle");
  if (toggle) {
    var header = toggle.closest(".header-inner");
    header.classList.add("nav-collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // The lead form answers its errors (400) and the rate limit (429) with the form to show again.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (event.target.matches("form.lead-form") && (status === 400 || status === 429)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
