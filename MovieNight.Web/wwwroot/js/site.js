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

// Movie search (Pages/Week/_Nominate): ↓ from the search field moves into the results, ↑/↓ between
// them, Esc back. Enter in the field nominates the highlighted result (the one last moved to) or the
// first, and the page stays: the form's own GET would show the search page instead. A newer query
// replaces one still waiting for TMDB (hx-sync), and the results are aria-busy while TMDB is asked.
(function () {
  "use strict";
  var highlighted = null; // the result button last moved to
  var requested = null;   // the query of the search in flight
  // The query Enter was pressed for while its results were not in yet; only its own results are nominated from.
  var enterFor = null;

  function results() {
    return Array.prototype.slice.call(document.querySelectorAll("#search-results [data-search-result]"));
  }
  function shownQuery() {
    var answer = document.querySelector("#search-results [data-results-for]");
    return answer ? answer.getAttribute("data-results-for") : null;
  }
  function highlight(button) {
    document.querySelectorAll("#search-results .is-next").forEach(function (row) { row.classList.remove("is-next"); });
    if (highlighted && highlighted.closest("li")) highlighted.closest("li").classList.remove("is-highlighted");
    highlighted = button;
    if (button && button.closest("li")) button.closest("li").classList.add("is-highlighted");
  }
  function nominateFrom(input) {
    var query = input.value.trim();
    if (query.length < 2) return;
    var list = results();
    var busy = document.getElementById("search-results").getAttribute("aria-busy") === "true";
    if (!busy && shownQuery() === query) {
      if (list.length) {
        var pick = list.indexOf(highlighted) >= 0 ? highlighted : list[0];
        pick.form.requestSubmit(pick);
      }
      return;
    }
    // The results for what is typed are not in yet: nominate the first as soon as they are.
    enterFor = query;
    if (!(busy && requested === query) && window.htmx) window.htmx.trigger(input, "search");
  }

  document.addEventListener("keydown", function (event) {
    var inSearch = event.target.id === "movie-search";
    var inResult = event.target.hasAttribute && event.target.hasAttribute("data-search-result");
    if (!inSearch && !inResult) return;
    var list = results();
    var index = list.indexOf(event.target);
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      list[Math.min(index + 1, list.length - 1)].focus();
    } else if (event.key === "ArrowUp" && inResult) {
      event.preventDefault();
      (index > 0 ? list[index - 1] : document.getElementById("movie-search")).focus();
    } else if (event.key === "Escape" && inResult) {
      document.getElementById("movie-search").focus();
    } else if (event.key === "Enter" && inSearch) {
      event.preventDefault();
      nominateFrom(event.target);
    }
  });
  // A phone's "Go" key, should it not send Enter, submits the form: the same, on this page.
  document.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute || !event.target.hasAttribute("data-search")) return;
    var input = event.target.querySelector("#movie-search");
    if (!input) return;
    event.preventDefault();
    nominateFrom(input);
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-search-result")) highlight(event.target);
  });

  function searchBusy() {
    var box = document.getElementById("search-results");
    var progress = document.getElementById("search-progress");
    if (!box || !progress) return;
    if (progress.classList.contains("htmx-request")) box.setAttribute("aria-busy", "true");
    else box.removeAttribute("aria-busy");
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt.id !== "movie-search") return;
    requested = event.detail.elt.value.trim();
    document.getElementById("search-results").setAttribute("aria-busy", "true");
  });
  // htmx counts the requests on its indicator: once it is off, no search is waiting.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt.id === "movie-search") setTimeout(searchBusy, 0);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "search-results") return;
    highlight(null);
    // Marks the result Enter would nominate.
    if (results().length) results()[0].closest("li").classList.add("is-next");
    setTimeout(searchBusy, 0);
    var waitedFor = enterFor;
    enterFor = null;
    var input = document.getElementById("movie-search");
    if (waitedFor !== null && input && shownQuery() === waitedFor && input.value.trim() === waitedFor && results().length)
      results()[0].form.requestSubmit(results()[0]);
  });
  // A search that failed, or typing after Enter, cancels the nomination Enter asked for.
  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (event) { if (event.detail.elt.id === "movie-search") enterFor = null; });
  });
  document.addEventListener("input", function (event) {
    if (event.target.id === "movie-search" && enterFor !== null && event.target.value.trim() !== enterFor) enterFor = null;
  });
})();

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
    // Escape closes without setting a value: an earlier "yes" must not count for this one.
    dialog.returnValue = "";
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

// Nominating (Pages/Week): the Nominate button shows progress while its post is on its way (TMDB's
// details can take a few seconds), and a second tap does not post again. A refused title form comes
// back with its field marked: focus it, so its message is read out with it.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-nominate") || event.defaultPrevented) return;
    if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    form.setAttribute("aria-busy", "true");
    var button = event.submitter || form.querySelector("button[type=submit]");
    if (!button) return;
    button.setAttribute("aria-disabled", "true");
    button.classList.add("is-busy");
    var label = button.firstChild;
    if (label && label.nodeType === Node.TEXT_NODE) {
      button.setAttribute("data-label", label.nodeValue);
      label.nodeValue = "Nominating…";
    }
  });
  // Back to a page the browser kept: its buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-nominate][aria-busy]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll(".is-busy").forEach(function (button) {
        button.classList.remove("is-busy");
        button.removeAttribute("aria-disabled");
        if (button.hasAttribute("data-label") && button.firstChild) button.firstChild.nodeValue = button.getAttribute("data-label");
      });
    });
  });
  var invalid = document.querySelector(".manual-nomination [aria-invalid=true], #movie-search[aria-invalid=true]");
  if (invalid) invalid.focus();
})();

// A poster that does not load (TMDB's image host unreachable) leaves its title art showing rather than a
// broken-image icon: the art is drawn under every poster (Pages/Shared/_Poster.cshtml).
(function () {
  "use strict";
  function dropIfBroken(img) {
    if (img.complete && img.naturalWidth === 0 && img.closest(".title-art")) img.remove();
  }
  document.addEventListener("error", function (event) {
    var img = event.target;
    if (img.tagName === "IMG" && img.closest(".title-art")) img.remove();
  }, true);
  // Images that failed before this script ran, and any htmx brings in later.
  document.querySelectorAll(".title-art img").forEach(dropIfBroken);
  document.addEventListener("htmx:afterSettle", function (event) {
    event.detail.elt.querySelectorAll(".title-art img").forEach(dropIfBroken);
  });
})();

// Star picker (Pages/Watched/_StarPicker): the arrow keys stop at 5 stars instead of wrapping round to
// "No rating", which would remove the rating a moment later. "No rating" is still one ← from ½ star.
document.addEventListener("keydown", function (event) {
  var radio = event.target;
  if (!radio.classList || !radio.classList.contains("star-input") || radio.value !== "10") return;
  if (event.key === "ArrowRight" || event.key === "ArrowDown") event.preventDefault();
});
