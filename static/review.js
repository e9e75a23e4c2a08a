// Keyboard shortcuts for the review queue. Everything here also has a button or a link:
// the queue works without JavaScript. j/k move, Enter opens, a approve, e redact, r reject,
// ? help. Keys typed into a field are left alone.
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue-item]"));
  }

  function move(step) {
    var list = items();
    if (!list.length) return;
    var current = list.indexOf(document.activeElement && document.activeElement.closest("[data-queue-item]"));
    var next = list[Math.min(list.length - 1, Math.max(0, current + step))] || list[0];
    var link = next.querySelector("[data-open]");
    (link || next).focus();
    next.scrollIntoView({ block: "nearest" });
  }

  function click(selector) {
    var button = document.querySelector(selector);
    if (button) button.click();
    return Boolean(button);
  }

  // e: the text selected in the item's text becomes a phrase to mask, then redact.
  function redact() {
    var mask = document.querySelector("[data-mask]");
    var selection = window.getSelection ? String(window.getSelection()).trim() : "";
    if (mask && selection && mask.value.indexOf(selection) === -1) {
      mask.value = (mask.value ? mask.value + "\n" : "") + selection;
    }
    var ticked = document.querySelectorAll("[data-suggested-span]:checked").length;
    if (ticked || (mask && mask.value.trim())) {
      click("[data-action=redact]");
    } else if (mask) {
      mask.focus();
    }
  }

  // r: go to the reason list in "reject mode": choose with the arrow keys, then Enter rejects.
  // Enter in the list does nothing special otherwise (a reason is also chosen to mask words),
  // and leaving the list ends the mode.
  var rejecting = false;
  function reject() {
    var reason = document.querySelector("[data-reason]");
    if (!reason) return;
    rejecting = true;
    reason.focus();
    reason.addEventListener("blur", function () { rejecting = false; }, { once: true });
  }

  document.addEventListener("keydown", function (event) {
    // Enter on a chosen reason rejects with it, but only after r (r would pick an option).
    if (rejecting && event.key === "Enter" && event.target.matches && event.target.matches("[data-reason]") && event.target.value) {
      event.preventDefault();
      click("[data-action=reject]");
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var handlers = {
      j: function () { move(1); },
      k: function () { move(-1); },
      a: function () { click("[data-action=approve]"); },
      e: redact,
      r: reject,
      "?": function () {
        var help = document.getElementById("shortcuts");
        if (help) { help.open = !help.open; help.querySelector("summary").focus(); }
      }
    };
    var handler = handlers[event.key];
    if (handler) {
      event.preventDefault();
      handler();
    }
  });
})();
