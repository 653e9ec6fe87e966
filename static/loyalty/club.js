// The member's pages of the club «Свой Круг»: the invite link's copy button, and the card's wallet, which swaps
// the QR code and the cashier's code as each window ends from the codes it fetched ahead (the service worker
// keeps the last ones, so the card shows a valid code offline for a few minutes). No inline script: CSP.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.querySelector(button.dataset.copy);
    var status = button.closest("section").querySelector("[data-copy-status]");
    function done() {
      if (status) status.textContent = button.dataset.copied;
    }
    function fallback() {
      input.select();
      try {
        document.execCommand("copy");
        done();
      } catch (error) {
        /* the link stays selected for the member to copy */
      }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, fallback);
    } else {
      fallback();
    }
  });

  // «Установить карту на телефон»: shown when the browser offers to install the club's PWA.
  var install = document.querySelector("[data-install]");
  var offer = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    if (!install) return;
    event.preventDefault();
    offer = event;
    install.hidden = false;
  });
  document.addEventListener("click", function (event) {
    if (!offer || !event.target.closest("[data-install-button]")) return;
    offer.prompt();
    offer = null;
    install.hidden = true;
  });

  var wallet = document.querySelector("[data-wallet]");
  if (!wallet) return;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(wallet.dataset.worker, { scope: wallet.dataset.scope }).catch(function () {});
  }

  var OFFSET_KEY = "svoykrug-clock-offset";
  var qr = wallet.querySelector("[data-qr]");
  var fallbackCode = wallet.querySelector("[data-fallback]");
  var countdown = wallet.querySelector("[data-countdown]");
  var bar = wallet.querySelector("[data-countdown-bar]");
  var windowMs = Number(wallet.dataset.window) * 1000;
  var shownUntil = Date.parse(wallet.dataset.validUntil);
  var shownCode = fallbackCode.textContent.replace(/\s/g, "");
  var codes = [];
  var offset = Number(window.localStorage ? localStorage.getItem(OFFSET_KEY) : 0) || 0;
  var offline = false;
  var loading = false;
  var lastLoad = 0;

  function now() {
    return Date.now() + offset;
  }

  function grouped(digits) {
    var groups = [];
    while (digits.length) {
      groups.unshift(digits.slice(-4));
      digits = digits.slice(0, -4);
    }
    return groups.join(" ");
  }

  function load() {
    if (loading) return;
    loading = true;
    lastLoad = Date.now();
    var started = Date.now();
    fetch(wallet.dataset.codesUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("codes: " + response.status);
        offline = response.headers.get("X-Club-Offline") === "1";
        return response.json();
      })
      .then(function (data) {
        if (!offline) {
          offset = Date.parse(data.now) - (started + Date.now()) / 2;
          try {
            localStorage.setItem(OFFSET_KEY, String(Math.round(offset)));
          } catch (error) {
            /* private mode: the offset is kept for this page only */
          }
        }
        codes = data.codes;
        wallet.classList.toggle("is-offline", offline);
        tick();
      })
      .catch(function () {
        offline = true;
        wallet.classList.add("is-offline");
      })
      .then(function () {
        loading = false;
      });
  }

  function show(code) {
    qr.innerHTML = code.svg;
    fallbackCode.textContent = grouped(code.fallback);
    shownCode = code.fallback;
    shownUntil = Date.parse(code.valid_until);
  }

  function tick() {
    var t = now();
    var current = codes.filter(function (code) {
      return Date.parse(code.valid_from) <= t && t < Date.parse(code.valid_until);
    })[0];
    if (current && current.fallback !== shownCode) show(current);
    var ahead = codes.filter(function (code) {
      return Date.parse(code.valid_from) > t;
    }).length;
    var stale = t >= shownUntil;
    wallet.classList.toggle("is-stale", stale);
    if (stale) {
      countdown.textContent = wallet.dataset.textStale;
    } else {
      var seconds = Math.max(1, Math.ceil((shownUntil - t) / 1000));
      countdown.textContent =
        (offline ? wallet.dataset.textOffline + " " : "") +
        wallet.dataset.textSeconds.replace("%(seconds)s", String(seconds));
      bar.style.width = Math.min(100, ((shownUntil - t) / windowMs) * 100) + "%";
    }
    if ((ahead < 3 || stale) && Date.now() - lastLoad > 10000) load();
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") load();
  });
  window.addEventListener("online", load);
  load();
  window.setInterval(tick, 1000);
})();
