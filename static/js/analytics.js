// The brand's analytics counters (templates/includes/analytics.html): Yandex Metrika and Google Analytics,
// their ids read from this script tag's data attributes, so no id is ever written into JavaScript.
(function () {
  "use strict";
  var tag = document.currentScript;

  function load(src) {
    var script = document.createElement("script");
    script.async = true;
    script.src = src;
    document.head.appendChild(script);
  }

  var metrika = tag.dataset.metrika;
  if (metrika) {
    window.ym = window.ym || function () { (window.ym.a = window.ym.a || []).push(arguments); };
    window.ym.l = 1 * new Date();
    load("https://mc.yandex.ru/metrika/tag.js");
    window.ym(Number(metrika), "init", { clickmap: true, trackLinks: true, accurateTrackBounce: true });
  }

  var gtagId = tag.dataset.gtag;
  if (gtagId) {
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
    window.gtag("js", new Date());
    window.gtag("config", gtagId);
    load("https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(gtagId));
  }
})();
