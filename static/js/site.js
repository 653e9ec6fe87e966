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

// Listing galleries (templates/includes/gallery.html): a thumbnail shows its photo as the main one; the main
// photo opens a lightbox (a <dialog>: Esc closes it, ← and → turn the photos, focus returns where it was).
// Without JavaScript the main photo and each thumbnail are plain links to the full-size photo.
(function () {
  "use strict";
  function thumbs(gallery) { return Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-thumb]")); }

  function show(gallery, index) {
    var links = thumbs(gallery);
    if (!links.length) return;
    index = (index + links.length) % links.length;
    var thumb = links[index];
    var main = gallery.querySelector("[data-gallery-main]");
    var picture = main.closest("picture");
    if (picture) picture.querySelectorAll("source").forEach(function (source) { source.remove(); });
    main.srcset = thumb.dataset.srcset;
    main.src = thumb.getAttribute("href");
    main.alt = thumb.dataset.alt;
    main.width = thumb.dataset.width;
    main.height = thumb.dataset.height;
    gallery.querySelector("[data-gallery-open]").setAttribute("href", thumb.getAttribute("href"));
    var caption = gallery.querySelector("[data-gallery-caption]");
    if (caption) caption.textContent = thumb.dataset.caption;
    var position = gallery.querySelector("[data-gallery-position]");
    if (position) position.textContent = String(index + 1);
    links.forEach(function (other) { other.removeAttribute("aria-current"); });
    thumb.setAttribute("aria-current", "true");
    gallery.dataset.index = String(index);
  }

  function current(gallery) { return parseInt(gallery.dataset.index || "0", 10); }

  var box = null;
  function lightbox(gallery) {
    if (!box) {
      box = document.createElement("dialog");
      box.className = "lightbox";
      box.innerHTML = '<figure class="lightbox-figure"><img class="lightbox-image" alt=""><figcaption class="lightbox-caption"></figcaption></figure>' +
        '<button type="button" class="lightbox-button lightbox-prev" data-step="-1"><span aria-hidden="true">‹</span></button>' +
        '<button type="button" class="lightbox-button lightbox-next" data-step="1"><span aria-hidden="true">›</span></button>' +
        '<button type="button" class="lightbox-button lightbox-close" data-close><span aria-hidden="true">×</span></button>';
      document.body.appendChild(box);
      box.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (event.target === box || (button && button.hasAttribute("data-close"))) { box.close(); return; }
        if (button && button.dataset.step) turn(parseInt(button.dataset.step, 10));
      });
      box.addEventListener("keydown", function (event) {
        if (event.key === "ArrowLeft") { event.preventDefault(); turn(-1); }
        if (event.key === "ArrowRight") { event.preventDefault(); turn(1); }
      });
      box.addEventListener("close", function () {
        if (box.returnFocus) box.returnFocus.focus();
      });
    }
    box.gallery = gallery;
    box.setAttribute("aria-label", gallery.dataset.labelDialog || "");
    box.querySelector(".lightbox-close").setAttribute("aria-label", gallery.dataset.labelClose || "×");
    box.querySelector(".lightbox-prev").setAttribute("aria-label", gallery.dataset.labelPrev || "‹");
    box.querySelector(".lightbox-next").setAttribute("aria-label", gallery.dataset.labelNext || "›");
    var many = thumbs(gallery).length > 1;
    box.querySelector(".lightbox-prev").hidden = !many;
    box.querySelector(".lightbox-next").hidden = !many;
    return box;
  }

  function fill() {
    var gallery = box.gallery;
    var main = gallery.querySelector("[data-gallery-main]");
    var image = box.querySelector(".lightbox-image");
    image.src = gallery.querySelector("[data-gallery-open]").getAttribute("href");
    image.alt = main.alt;
    var caption = gallery.querySelector("[data-gallery-caption]");
    box.querySelector(".lightbox-caption").textContent = caption ? caption.textContent : "";
  }

  function turn(step) {
    show(box.gallery, current(box.gallery) + step);
    fill();
  }

  document.addEventListener("click", function (event) {
    var thumb = event.target.closest("[data-gallery-thumb]");
    if (thumb) {
      event.preventDefault();
      var gallery = thumb.closest("[data-gallery]");
      show(gallery, thumbs(gallery).indexOf(thumb));
      return;
    }
    var opener = event.target.closest("[data-gallery-open]");
    if (opener && typeof HTMLDialogElement === "function") {
      event.preventDefault();
      var dialog = lightbox(opener.closest("[data-gallery]"));
      dialog.returnFocus = opener;
      fill();
      dialog.showModal();
      dialog.querySelector(".lightbox-close").focus();
    }
  });
})();
