// MovieNight's only script: htmx's antiforgery header, the PIN pad and the lock-out countdown.
// Everything works without it (typing a PIN, plain form posts); it only makes touch and htmx nicer.
(function () {
  "use strict";

  // htmx requests carry the antiforgery token in the header ASP.NET Core expects.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="request-verification-token"]');
    if (meta) event.detail.headers["RequestVerificationToken"] = meta.content;
  });

  // PIN pad: the digit buttons type into the PIN field; ⌫ deletes; the field keeps focus.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pin-pad] button[type=button]");
    if (!button) return;
    var input = button.form.querySelector("input[name=Pin]");
    if (button.hasAttribute("data-pin-erase")) {
      input.value = input.value.slice(0, -1);
    } else if (input.value.length < input.maxLength) {
      input.value += button.getAttribute("data-digit");
    }
    input.focus();
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
