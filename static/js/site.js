// Behaviour of the public pages, in a file so that the Content-Security-Policy needs no inline script.
(function () {
  "use strict";

  // A select marked data-autosubmit (the listings' sort order) submits its form when it changes;
  // without JavaScript the form has its own button.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });

  // The lead form answers its errors (400) and the rate limit (429) with the form to show again.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (event.target.matches("form.lead-form") && (status === 400 || status === 429)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
