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

  // CSRF: pages a shared cache stores carry no token (core.cache). The first form sent, or htmx request made,
  // fetches the visitor's token from /csrf/ (which also sets its cookie, so later pages carry it themselves).
  var csrfToken = "";
  var csrfRequest = null;
  var bodyHeaders = document.body.getAttribute("hx-headers");
  if (bodyHeaders) {
    try { csrfToken = JSON.parse(bodyHeaders)["X-CSRFToken"] || ""; } catch (error) { csrfToken = ""; }
  }
  function fetchCsrfToken() {
    if (!csrfRequest) {
      csrfRequest = fetch(document.body.dataset.csrfUrl || "/csrf/", {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) { return response.json(); }).then(function (data) {
        csrfToken = data.token;
        document.querySelectorAll("input[data-csrf-pending]").forEach(function (input) {
          input.value = csrfToken;
          input.removeAttribute("data-csrf-pending");
        });
        return csrfToken;
      });
    }
    return csrfRequest;
  }
  // A form with a pending token waits for it, then is sent again (to htmx or the browser).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.querySelector("input[data-csrf-pending]")) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    fetchCsrfToken().then(function () {
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  }, true);
  document.addEventListener("htmx:confirm", function (event) {
    if (csrfToken || event.detail.verb === "get") return;
    event.preventDefault();
    fetchCsrfToken().then(function () { event.detail.issueRequest(); });
  });
  document.addEventListener("htmx:configRequest", function (event) {
    if (csrfToken) event.detail.headers["X-CSRFToken"] = csrfToken;
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

// The car ad's gallery: a thumbnail shows its photo as the main one. Without JavaScript the thumbnail is a link
// to the full-size photo.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var thumb = event.target.closest("[data-gallery-thumb]");
    if (!thumb) return;
    var gallery = thumb.closest("[data-gallery]");
    var main = gallery.querySelector("[data-gallery-main]");
    var caption = gallery.querySelector("[data-gallery-caption]");
    event.preventDefault();
    main.src = thumb.getAttribute("href");
    main.alt = thumb.dataset.alt;
    main.width = thumb.dataset.width;
    main.height = thumb.dataset.height;
    if (caption) caption.textContent = thumb.dataset.caption;
    gallery.querySelectorAll("[data-gallery-thumb]").forEach(function (other) { other.removeAttribute("aria-current"); });
    thumb.setAttribute("aria-current", "true");
  });
})();
