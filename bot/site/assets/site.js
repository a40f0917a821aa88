/* election-bot: an enhancement only; every page is complete without it.
 * 1. After each <time datetime="…" data-local>, the same instant in the reader's time zone, inline and
 *    only where it differs from the times the text shows.
 * 2. Each <p class="countdown" data-until="…"> says how long until that instant, by the reader's clock,
 *    updated every 30 seconds; once one has passed, a calm page-level notice says the page may be out
 *    of date (never in the phase's card).
 * No network, no storage, no third party: the page's Content-Security-Policy allows this file only. */
(function () {
  "use strict";
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function offset(date) {
    var minutes = -date.getTimezoneOffset();
    var sign = minutes < 0 ? "\u2212" : "+";
    minutes = Math.abs(minutes);
    return "UTC" + sign + pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  /* The one date format of everything the bot writes (bot/core/zones.py: `Tue 11 Aug 2026, 14:00`),
   * in the reader's zone, with its offset. */
  function localText(date) {
    return DAYS[date.getDay()] + " " + date.getDate() + " " + MONTHS[date.getMonth()] + " " +
      date.getFullYear() + ", " + pad(date.getHours()) + ":" + pad(date.getMinutes()) + " " + offset(date);
  }

  function zoneName() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      return "";
    }
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function duration(ms) {
    var minutes = Math.floor(ms / 60000);
    if (minutes < 1) {
      return "less than a minute";
    }
    var parts = [];
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var rest = minutes % 60;
    if (days) { parts.push(plural(days, "day")); }
    if (hours) { parts.push(plural(hours, "hour")); }
    if (rest) { parts.push(plural(rest, "minute")); }
    return parts.join(", ");
  }

  function parse(text) {
    var value = Date.parse(text || "");
    return isNaN(value) ? null : value;
  }

  /* The reader's own time, only where their offset at that instant is none of those the text already
   * shows (data-shown: the election's zone and UTC), as an inline part of the same sentence. */
  function showLocalTimes() {
    var times = document.querySelectorAll("time[data-local]");
    var added = 0;
    for (var i = 0; i < times.length; i++) {
      var at = parse(times[i].getAttribute("datetime"));
      if (at === null) { continue; }
      var date = new Date(at);
      var shown = (times[i].getAttribute("data-shown") || "0").split(" ");
      if (shown.indexOf(String(-date.getTimezoneOffset())) !== -1) { continue; }
      var span = document.createElement("span");
      span.className = "local";
      span.textContent = " (your time: " + localText(date) + ")";
      times[i].insertAdjacentElement("afterend", span);
      added++;
    }
    var note = document.getElementById("zone-note");
    var zone = zoneName();
    if (note && added) {
      note.textContent = " Where your device\u2019s time zone" + (zone ? " (" + zone + ")" : "") +
        " differs, your own time follows in brackets.";
      note.hidden = false;
    }
  }

  /* Once an instant a countdown waits for has passed, the page was built before it: the card's countdown
   * goes quiet and one calm notice at the top of the page (after its heading) says the page may be out of
   * date, by the longest time passed. Never inside a phase's card, never in bold. */
  function staleNote(overdue) {
    var note = document.getElementById("stale-note");
    if (overdue === null) {
      if (note) { note.hidden = true; }
      return;
    }
    if (!note) {
      var main = document.querySelector("main");
      if (!main) { return; }
      note = document.createElement("p");
      note.id = "stale-note";
      note.className = "note stale-note";
      note.setAttribute("role", "status");
      var heading = main.querySelector("h1");
      if (heading) {
        heading.insertAdjacentElement("afterend", note);
      } else {
        main.insertBefore(note, main.firstChild);
      }
    }
    note.textContent = "This page may be out of date: by your clock, a time it shows as still to come " +
      "passed " + duration(overdue) + " ago.";
    note.hidden = false;
  }

  function updateCountdowns() {
    var now = Date.now();
    var items = document.querySelectorAll(".countdown[data-until]");
    var overdue = null;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var until = parse(item.getAttribute("data-until"));
      if (until === null) { continue; }
      if (now < until) {
        item.textContent = (item.getAttribute("data-label") || "Ends") + " in " + duration(until - now) + ".";
      } else {
        item.textContent = "";
        overdue = Math.max(overdue === null ? 0 : overdue, now - until);
      }
    }
    staleNote(overdue);
  }

  function start() {
    showLocalTimes();
    updateCountdowns();
    window.setInterval(updateCountdowns, 30000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
