// noshow serve: small enhancements; every page works without them.
"use strict";
(function () {
  function names(input, out) {
    var list = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    out.textContent = list.length ? "Chosen: " + list.join(", ") : "";
  }
  document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var out = zone.querySelector(".file-names");
    var hint = zone.querySelector(".drop-hint");
    if (!input) { return; }
    if (hint) { hint.hidden = false; }
    input.addEventListener("change", function () { names(input, out); });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      input.files = event.dataTransfer.files;
      names(input, out);
      var form = zone.closest("form");
      if (form && form.hasAttribute("data-autosubmit")) { form.requestSubmit(); }
    });
  });
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.textContent = "Copied";
      });
    });
  });
})();
