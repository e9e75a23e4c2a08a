// Keyboard shortcuts for the review queue. Everything here also has a button or a link:
// the queue works without JavaScript. j/k move, Enter opens, a approve, e redact, r reject,
// ? help. Keys typed into a field are left alone. On the queue, a/e/r act on the card that
// has focus, and a card's decision is sent without leaving the page: the card goes, focus
// lands on the next one.
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

  function currentCard() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-queue-item]") : null;
  }

  // On the queue, the focused card's button; on an item's page, the decision form's.
  function click(selector) {
    var card = currentCard();
    var cardSelector = selector.replace("data-action", "data-card-action");
    var button = card ? card.querySelector(cardSelector) : document.querySelector(selector);
    if (button) button.click();
    return Boolean(button);
  }

  // e: the text selected in the item's text becomes a phrase to mask, then redact.
  function redact() {
    if (currentCard()) { click("[data-action=redact]"); return; }
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
    var card = currentCard();
    var reason = (card || document).querySelector("[data-reason]");
    if (!reason) return;
    rejecting = true;
    reason.focus();
    reason.addEventListener("blur", function () { rejecting = false; }, { once: true });
  }

  function announce(text) {
    var status = document.querySelector("[data-card-status]");
    if (status) status.textContent = text;
  }

  // A card's decision without a page load (204), or its error shown on the card.
  function sendCard(event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-card-form]")) return;
    event.preventDefault();
    var card = form.closest("[data-queue-item]");
    var body = new FormData(form, event.submitter);
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "inspel-card" }
    }).then(function (response) {
      if (response.status === 204) {
        var list = items();
        var index = list.indexOf(card);
        var next = list[index + 1] || list[index - 1];
        card.remove();
        var count = document.querySelector("[aria-current=page] [data-count]");
        var left = count ? parseInt(count.textContent.replace(/\D/g, ""), 10) - 1 : 0;
        if (count && left >= 0) count.textContent = "(" + left + ")";
        announce(form.getAttribute("data-saved") || "");
        if (next) { (next.querySelector("[data-open]") || next).focus(); }
        return;
      }
      return response.text().then(function (text) {
        var error = card.querySelector("[data-card-error]");
        error.textContent = text;
        card.focus();
      });
    }).catch(function () {
      card.querySelector("[data-card-error]").textContent = form.getAttribute("data-failed");
    });
  }
  document.addEventListener("submit", sendCard);

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
