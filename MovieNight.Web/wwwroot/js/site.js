// MovieNight's only script: htmx's antiforgery header, the PIN pad and the lock-out countdown.
// Everything works without it (typing a PIN, plain form posts); it only makes touch and htmx nicer.
(function () {
  "use strict";

  // htmx requests carry the antiforgery token in the header ASP.NET Core expects.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="request-verification-token"]');
    if (meta) event.detail.headers["RequestVerificationToken"] = meta.content;
  });

  // A failed htmx request changes nothing on the page: say so, instead of failing silently.
  function showRequestError(text) {
    var box = document.getElementById("request-error");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-error");
    if (box) box.hidden = true;
  });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    showRequestError(
      status === 400 ? "This page is out of date. Reload it and try again; nothing was changed." :
      status === 401 ? "You were signed out. Reload the page to sign in again." :
      status === 403 ? "Your profile may not do that." :
      status === 429 ? "Too many requests from this device. Wait a minute, then try again." :
      "Something went wrong and nothing was changed. Try again in a moment.");
  });
  document.addEventListener("htmx:sendError", function () {
    showRequestError("MovieNight could not be reached. Check the connection and try again; nothing was changed.");
  });

  // PIN pad: the digit buttons type into the PIN field; ⌫ deletes; the field keeps focus.
  function pinField(form) { return form && form.querySelector("input[name=Pin]"); }
  function typePin(input, digit) {
    if (digit === null) input.value = input.value.slice(0, -1);
    else if (input.value.length < input.maxLength) input.value += digit;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pin-pad] button[type=button]");
    if (!button) return;
    var input = pinField(button.form);
    typePin(input, button.hasAttribute("data-pin-erase") ? null : button.getAttribute("data-digit"));
    input.focus();
  });

  // On a touch screen the pad is the keyboard: inputmode="none" keeps the phone's own keyboard from
  // covering it when the field has focus. A physical keyboard still types into the field as usual.
  var padInput = pinField(document.querySelector("[data-pin-pad]"));
  if (padInput) {
    var touchOnly = function () { padInput.setAttribute("inputmode", "none"); };
    if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) touchOnly();
    // A touch screen whose main pointer is a mouse: the first touch on the field or the pad decides.
    padInput.form.addEventListener("pointerdown", function (event) { if (event.pointerType === "touch") touchOnly(); }, true);
  }

  // With focus on a pad button, typed digits, Backspace and Enter still reach the PIN field; Enter signs in.
  document.addEventListener("keydown", function (event) {
    var button = event.target.closest && event.target.closest("[data-pin-pad] button[type=button]");
    if (!button || event.ctrlKey || event.metaKey || event.altKey) return;
    var input = pinField(button.form);
    if (/^[0-9]$/.test(event.key)) typePin(input, event.key);
    else if (event.key === "Backspace") typePin(input, null);
    else if (event.key === "Enter") button.form.requestSubmit();
    else return;
    event.preventDefault();
  });

  // Lock-out: count down, then let the member try again.
  var lock = document.querySelector("[data-locked-until]");
  if (lock) {
    var until = Number(lock.getAttribute("data-locked-until"));
    var tick = function () {
      var left = Math.ceil((until - Date.now()) / 1000);
      if (left <= 0) {
        lock.textContent = "You can try again now.";
        document.querySelectorAll("[data-pin-pad] input, [data-pin-pad] button").forEach(function (el) { el.disabled = false; });
        var pin = document.querySelector("[data-pin-pad] input[name=Pin]");
        if (pin) pin.focus();
        return;
      }
      var text = left >= 120 ? Math.ceil(left / 60) + " minutes" : left >= 60 ? "1 minute " + (left - 60) + " seconds" : left + (left === 1 ? " second" : " seconds");
      lock.textContent = lock.textContent.replace(/Try again in .*$/, "Try again in " + text + ".");
      setTimeout(tick, 1000);
    };
    tick();
  }
})();

// Movie search: ↓ from the search field moves into the results, ↑/↓ between them, Esc back.
document.addEventListener("keydown", function (event) {
  var inSearch = event.target.id === "movie-search";
  var inResult = event.target.hasAttribute && event.target.hasAttribute("data-search-result");
  if (!inSearch && !inResult) return;
  var results = Array.prototype.slice.call(document.querySelectorAll("#search-results [data-search-result]"));
  var index = results.indexOf(event.target);
  if (event.key === "ArrowDown" && results.length) {
    event.preventDefault();
    results[Math.min(index + 1, results.length - 1)].focus();
  } else if (event.key === "ArrowUp" && inResult) {
    event.preventDefault();
    (index > 0 ? results[index - 1] : document.getElementById("movie-search")).focus();
  } else if (event.key === "Escape" && inResult) {
    document.getElementById("movie-search").focus();
  }
});

// Irreversible actions ask first: a form with data-confirm="question" (and data-confirm-button="Label")
// opens the page's confirmation dialog; only its confirm button submits the form. Without script the
// form simply submits, as every form here works without it.
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var pending = null;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-confirm")) return;
    if (pending && pending.form === form && pending.confirmed) { pending = null; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    pending = { form: form, submitter: event.submitter || null, confirmed: false };
    dialog.querySelector("[data-confirm-text]").textContent = form.getAttribute("data-confirm");
    dialog.querySelector("[data-confirm-yes]").textContent = form.getAttribute("data-confirm-button") || "Yes, do it";
    dialog.showModal();
    dialog.querySelector("[data-confirm-no]").focus();
  }, true);
  dialog.addEventListener("close", function () {
    if (!pending) return;
    if (dialog.returnValue === "yes") {
      pending.confirmed = true;
      pending.form.requestSubmit(pending.submitter);
    } else {
      pending = null;
    }
  });
})();
