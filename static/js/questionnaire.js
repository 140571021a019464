/* The questionnaire's autosave (templates/assessments/answering/page.html).
 *
 * Each radio posts its answer with htmx the moment it is chosen; this file adds what
 * htmx cannot compute under a strict CSP (no eval): the save's sequence number and the
 * seconds spent on the item during this visit. It shows "Saving…" until the server
 * answers (the server's own "Saved" then replaces it) and retries a failed save with the
 * same sequence number, so a retry never overtakes a later choice made elsewhere.
 *
 * Sequence numbers come from one counter per assignment shared by the browser's tabs
 * (localStorage), seeded with the last number the server accepted: the later choice,
 * in whichever tab, carries the higher number, and the server keeps it.
 */
(function () {
  "use strict";

  var form = null;
  var pageShownAt = Date.now();
  var lastMark = pageShownAt;
  var memoryCounter = 0;

  function counterKey() {
    return "talent-answer-sequence-" + form.dataset.questionnaire;
  }

  function storedCounter() {
    try {
      return Number(window.localStorage.getItem(counterKey())) || 0;
    } catch (e) {
      return 0;
    }
  }

  function remember(value) {
    memoryCounter = Math.max(memoryCounter, value);
    try {
      if (value > storedCounter()) {
        window.localStorage.setItem(counterKey(), String(value));
      }
    } catch (e) { /* private mode: the in-page counter still orders this tab */ }
  }

  function nextSequence() {
    var next = Math.max(storedCounter(), memoryCounter, Number(form.dataset.sequence) || 0) + 1;
    remember(next);
    return next;
  }

  function statusOf(input) {
    return document.getElementById("status-" + input.dataset.item);
  }

  function show(input, state, text) {
    var line = statusOf(input);
    if (!line) { return; }
    var span = document.createElement("span");
    span.className = "answer-status answer-" + state;
    span.dataset.state = state;
    span.textContent = text;
    line.replaceChildren(span);
  }

  function isAnswerInput(elt) {
    return elt && elt.matches && elt.matches("input[data-item]") && form && form.contains(elt);
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var input = event.detail.elt;
    if (!isAnswerInput(input)) { return; }
    var sequence, seconds;
    if (input.dataset.retrySequence) {
      sequence = Number(input.dataset.retrySequence);
      seconds = input.dataset.retrySeconds || "";
    } else {
      sequence = nextSequence();
      var now = Date.now();
      seconds = ((now - lastMark) / 1000).toFixed(1);
      lastMark = now;
    }
    input.dataset.sentSequence = String(sequence);
    input.dataset.sentSeconds = String(seconds);
    event.detail.parameters.sequence = String(sequence);
    if (seconds !== "") { event.detail.parameters.seconds = String(seconds); }
    // The page's form carries it too: Next/Back resend this very save (a no-op if it
    // arrived), so an answer whose save is still failing is not lost.
    var hidden = form.querySelector("[data-seq-for='" + input.dataset.item + "']");
    if (hidden) { hidden.value = String(sequence); }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isAnswerInput(event.detail.elt)) { show(event.detail.elt, "saving", form.dataset.saving); }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var input = event.detail.elt;
    if (!isAnswerInput(input) || !event.detail.successful) { return; }
    delete input.dataset.retrySequence;
    delete input.dataset.retrySeconds;
    input.dataset.failures = "0";
    var xhr = event.detail.xhr;
    var told = xhr && Number(xhr.getResponseHeader("X-Answer-Sequence"));
    if (told) { remember(told); }
    countAnswered(input);
  });

  function countAnswered(input) {
    var shown = form.querySelector("input[name='shown-" + input.dataset.item + "']");
    if (!shown || shown.value !== "" || shown.dataset.counted) { return; }
    shown.dataset.counted = "1";
    var count = document.querySelector("[data-count=answered]");
    var bar = document.querySelector("progress.progress-answers");
    if (count) { count.textContent = String(Number(count.textContent) + 1); }
    if (bar) { bar.value = Number(bar.value) + 1; }
  }

  function retryLater(input) {
    var failures = Number(input.dataset.failures || "0") + 1;
    input.dataset.failures = String(failures);
    input.dataset.retrySequence = input.dataset.sentSequence;
    input.dataset.retrySeconds = input.dataset.sentSeconds;
    show(input, "failed", form.dataset.failed);
    var delay = Math.min(30000, 1000 * Math.pow(2, Math.min(failures - 1, 5)));
    window.setTimeout(function () {
      // Only the choice still shown is worth saving; a later one has its own save.
      if (input.checked && input.dataset.retrySequence) { htmx.trigger(input, "change"); }
    }, delay);
  }

  function failed(event) {
    var input = event.detail.elt;
    if (!isAnswerInput(input)) { return; }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      // Refused for good (submitted, closed, not an answer of this questionnaire).
      var text = event.detail.xhr.responseText || "";
      show(input, "refused", form.dataset.refused + " " + text.slice(0, 300));
      return;
    }
    retryLater(input);
  }

  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);

  document.addEventListener("DOMContentLoaded", function () {
    form = document.querySelector("form[data-questionnaire]");
    if (!form) { return; }
    if (window.htmx && !htmx.config.timeout) { htmx.config.timeout = 15000; }
    remember(Number(form.dataset.sequence) || 0);
  });
})();
