// The status page's "Copy the link" button: shown only with JavaScript (without it the link
// is in a read-only field to select and copy by hand).
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-link]");
  var field = document.querySelector("[data-status-link]");
  var result = document.querySelector("[data-copy-result]");
  if (!button || !field) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var done = function () { if (result) result.textContent = button.getAttribute("data-copied"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      try { if (document.execCommand("copy")) done(); } catch (e) { /* selected for the reader */ }
    }
  });
})();
