// newsprism: citation popovers (click/tap and Escape, hover and focus work without script) and the
// brief's tabs. No inline handlers anywhere; this file is the only script, served from this origin.
"use strict";

(function () {
  function closeAll(except) {
    document.querySelectorAll(".cite.open").forEach(function (cite) {
      if (cite !== except) {
        cite.classList.remove("open");
        var chip = cite.querySelector(".chip");
        if (chip) chip.setAttribute("aria-expanded", "false");
      }
    });
  }

  function placeQuote(cite) {
    cite.classList.remove("flip");
    var quote = cite.querySelector(".quote");
    if (!quote) return;
    var box = quote.getBoundingClientRect();
    if (box.right > window.innerWidth - 8) cite.classList.add("flip");
  }

  document.addEventListener("click", function (event) {
    var chip = event.target.closest(".chip");
    if (!chip) {
      if (!event.target.closest(".quote")) closeAll(null);
      return;
    }
    var cite = chip.closest(".cite");
    var open = !cite.classList.contains("open");
    closeAll(cite);
    cite.classList.toggle("open", open);
    chip.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) placeQuote(cite);
  });

  document.addEventListener("mouseover", function (event) {
    var cite = event.target.closest(".cite");
    if (cite) placeQuote(cite);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var open = document.querySelector(".cite.open");
      closeAll(null);
      if (open) open.querySelector(".chip").focus();
    }
  });

  function setupTabs() {
    var nav = document.querySelector(".tabs");
    if (!nav) return;
    var tabs = Array.prototype.slice.call(nav.querySelectorAll(".tab"));
    var panels = tabs.map(function (tab) { return document.getElementById(tab.dataset.tab); });
    nav.setAttribute("role", "tablist");
    tabs.forEach(function (tab, i) {
      tab.setAttribute("role", "tab");
      tab.id = "tab-" + tab.dataset.tab;
      tab.setAttribute("aria-controls", tab.dataset.tab);
      panels[i].setAttribute("role", "tabpanel");
      panels[i].setAttribute("aria-labelledby", tab.id);
    });

    function select(name, focus) {
      tabs.forEach(function (tab, i) {
        var on = tab.dataset.tab === name;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
        if (on && focus) tab.focus();
      });
    }

    function fromHash() {
      var name = window.location.hash.slice(1);
      return tabs.some(function (t) { return t.dataset.tab === name; }) ? name : tabs[0].dataset.tab;
    }

    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function (event) {
        event.preventDefault();
        select(tab.dataset.tab, false);
        history.replaceState(null, "", "#" + tab.dataset.tab);
      });
      tab.addEventListener("keydown", function (event) {
        var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (event.key === "Home") step = -i;
        if (event.key === "End") step = tabs.length - 1 - i;
        if (step === undefined) return;
        event.preventDefault();
        var next = tabs[(i + step + tabs.length) % tabs.length];
        select(next.dataset.tab, true);
        history.replaceState(null, "", "#" + next.dataset.tab);
      });
    });
    window.addEventListener("hashchange", function () { select(fromHash(), false); });
    select(fromHash(), false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupTabs);
  else setupTabs();
})();
