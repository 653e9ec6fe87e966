// The club's cashier screen: scan the member's QR code with the camera (BarcodeDetector, where the browser has it),
// then show who she is and how many points she may spend. Without it, the cashier types the 8-digit code.
(function () {
  "use strict";
  var form = document.querySelector("[data-cashier]");
  if (!form) return;
  var codeInput = form.querySelector("[data-cashier-code]");
  var amountInput = form.querySelector("[data-cashier-amount]");
  var memberLine = form.querySelector("[data-cashier-member]");
  var limitLine = form.querySelector("[data-cashier-limit]");
  var maxShare = parseFloat(form.dataset.maxShare) || 0;
  var available = null;

  function showLimit() {
    if (available === null) return;
    var amount = parseFloat(amountInput.value) || 0;
    var limit = Math.min(available, Math.floor(amount * maxShare) / 100);
    limitLine.textContent = limitLine.dataset.template
      .replace("{available}", available.toFixed(2))
      .replace("{limit}", limit.toFixed(2));
  }

  function lookUp() {
    var code = codeInput.value.trim();
    if (!code) return;
    fetch(form.dataset.memberUrl + "?code=" + encodeURIComponent(code), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.error) {
          memberLine.textContent = data.error;
          available = null;
          return;
        }
        memberLine.textContent = data.name + " · " + data.tier + " · " + data.available_text;
        available = parseFloat(data.available);
        showLimit();
      });
  }

  limitLine.dataset.template = (document.documentElement.lang || "ru").indexOf("en") === 0
    ? "Available: {available}; at most {limit} of this purchase"
    : (document.documentElement.lang || "").indexOf("kk") === 0
      ? "Қолжетімді: {available}; осы сатып алудан ең көбі {limit}"
      : "Доступно: {available}; этой покупки — не больше {limit}";
  codeInput.addEventListener("change", lookUp);
  amountInput.addEventListener("input", showLimit);

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var scanner = form.querySelector("[data-cashier-scanner]");
  var video = form.querySelector("[data-cashier-video]");
  scanner.hidden = false;
  form.querySelector("[data-cashier-scan]").addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      function stop() {
        stream.getTracks().forEach(function (track) { track.stop(); });
        video.hidden = true;
      }
      function tick() {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            codeInput.value = codes[0].rawValue;
            stop();
            lookUp();
            amountInput.focus();
          } else {
            window.requestAnimationFrame(tick);
          }
        }, function () { window.requestAnimationFrame(tick); });
      }
      tick();
    }, function () { scanner.hidden = true; });
  });
})();
