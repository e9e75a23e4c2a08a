// The check before sending, inline: the forms' "Preview" button posts the form to the JSON
// endpoint (debate/views/preview.py) and shows the findings under the form. Without
// JavaScript the same button posts the form itself, which answers with the form again and the
// findings (templates/submissions/_preview.html, whose markup this copies). No innerHTML:
// every text from the server is set as text.
(function () {
  "use strict";
  var make = function (tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };
  var marked = function (parent, pieces, slot) {
    pieces.forEach(function (piece) {
      if (!piece.kind) { parent.appendChild(document.createTextNode(piece.text)); return; }
      var mark = make("mark", { "class": piece.kind });
      mark.setAttribute("data-" + piece.kind, piece.rule || "");
      var label = slot.getAttribute(piece.kind === "masked" ? "data-t-masked" : "data-t-flagged");
      mark.appendChild(make("span", { "class": "visually-hidden" }, label + " "));
      mark.appendChild(document.createTextNode(piece.text));
      parent.appendChild(mark);
    });
  };
  var show = function (slot, data) {
    var state = data.checked ? data.action : "unchecked";
    // One heading id per form: a thread has a preview slot under each answer form too.
    var heading = slot.getAttribute("data-heading-id") || "preview-heading";
    var section = make("section", {
      "class": "preview preview-" + state, "data-preview": state,
      "aria-labelledby": heading, tabindex: "-1"
    });
    section.appendChild(make("h2", { id: heading }, slot.getAttribute("data-t-heading")));
    section.appendChild(make("p", { "data-preview-summary": "" }, data.summary));
    if (data.findings.length) {
      var list = make("ul", { "data-preview-findings": "" });
      data.findings.forEach(function (finding) {
        var item = make("li", { "data-finding": finding.rule }, finding.text + " ");
        var href = slot.getAttribute("data-rules-url") + "#" + finding.anchor;
        item.appendChild(make("a", { href: href }, finding.link));
        list.appendChild(item);
      });
      section.appendChild(list);
    }
    data.reasons.forEach(function (text) { section.appendChild(make("p", { "data-preview-reason": "" }, text)); });
    data.hints.forEach(function (text) { section.appendChild(make("p", { "class": "hint", "data-preview-hint": "" }, text)); });
    if (data.findings.length) {
      section.appendChild(make("h3", {}, slot.getAttribute("data-t-text")));
      if (data.title) {
        var title = make("p", { "data-preview-title": "" });
        var strong = make("strong");
        marked(strong, data.title, slot);
        title.appendChild(strong);
        section.appendChild(title);
      }
      var body = make("div", { "class": "text", "data-preview-body": "" });
      marked(body, data.body, slot);
      section.appendChild(body);
    }
    section.appendChild(make("p", { "class": "meta" }, slot.getAttribute("data-t-advice")));
    slot.replaceChildren(section);
    section.focus();
  };
  var failed = function (slot, message) {
    var note = make("p", { "class": "error", role: "alert", "data-preview-error": "" },
      message || slot.getAttribute("data-t-failed"));
    slot.replaceChildren(note);
  };
  document.querySelectorAll("form[data-preview-url]").forEach(function (form) {
    var button = form.querySelector("[data-preview-button]");
    var slot = form.querySelector("[data-preview-slot]");
    if (!button || !slot || !window.fetch) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var fields = new URLSearchParams(new FormData(form));
      button.disabled = true;
      fetch(form.getAttribute("data-preview-url"), {
        method: "POST", body: fields, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (answer.ok) show(slot, answer.data);
        else failed(slot, answer.data && answer.data.error);
      }).catch(function () { failed(slot); }).then(function () { button.disabled = false; });
    });
  });
})();
