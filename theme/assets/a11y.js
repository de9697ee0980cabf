/* 示例市人民政府信息公开 — reader switches (大字版, 高对比度) and small
 * keyboard aids. Vanilla JS, no libraries, no pop-ups.
 *
 * Settings live in localStorage ("dc-large-text": "1" | "2", "dc-contrast":
 * "1") and are applied as data-dc-text / data-dc-contrast on <html>. The
 * inline script in main.html applies them before first paint; this file
 * wires the buttons, keeps aria-pressed in step and follows changes made in
 * other tabs. Works (for the current page only) when storage is blocked.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var KEY_TEXT = "dc-large-text";
  var KEY_CONTRAST = "dc-contrast";

  function load(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function save(key, value) {
    try {
      if (value) {
        window.localStorage.setItem(key, value);
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (e) {
      /* storage unavailable (private mode, policy): keep the page setting */
    }
  }

  function textLevel() {
    var v = root.getAttribute("data-dc-text");
    return v === "1" || v === "2" ? v : "";
  }

  function contrastOn() {
    return root.getAttribute("data-dc-contrast") === "1";
  }

  function setAttr(name, value) {
    if (value) {
      root.setAttribute(name, value);
    } else {
      root.removeAttribute(name);
    }
  }

  var TEXT_LABEL = { "": "关", "1": "125%", "2": "150%" };

  /* Bring every switch on the page in line with the <html> attributes. */
  function sync() {
    var level = textLevel();
    var contrast = contrastOn();
    var buttons = document.querySelectorAll("[data-dc-switch]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var kind = b.getAttribute("data-dc-switch");
      if (kind === "text") {
        b.setAttribute("aria-pressed", level ? "true" : "false");
        b.setAttribute("data-dc-state", level || "off");
        b.title = "大字版当前为" + TEXT_LABEL[level] + "，按下切换";
      } else if (kind === "contrast") {
        b.setAttribute("aria-pressed", contrast ? "true" : "false");
        b.setAttribute("data-dc-state", contrast ? "on" : "off");
        b.title = "高对比度当前为" + (contrast ? "开" : "关") + "，按下切换";
      }
    }
  }

  function toggle(kind) {
    if (kind === "text") {
      /* off -> 125 % -> 150 % -> off */
      var next = { "": "1", "1": "2", "2": "" }[textLevel()];
      setAttr("data-dc-text", next);
      save(KEY_TEXT, next);
    } else if (kind === "contrast") {
      var on = !contrastOn();
      setAttr("data-dc-contrast", on ? "1" : "");
      save(KEY_CONTRAST, on ? "1" : "");
    }
    sync();
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target;
    var button = target && target.closest ? target.closest("[data-dc-switch]") : null;
    if (button) {
      ev.preventDefault();
      toggle(button.getAttribute("data-dc-switch"));
    }
  });

  /* Material's drawer opener is a <label for="__drawer">; the header
   * override gives it role=button and tabindex=0, this makes Enter and
   * Space work on it and keeps aria-expanded in step. */
  function drawerToggle() {
    return document.getElementById("__drawer");
  }

  /* Capture phase on window, and no further propagation: Material's own
   * keyboard handler also clicks a focused <label> on Enter, which would
   * toggle the drawer twice (open, then closed again). */
  window.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (!t || !t.classList || !t.classList.contains("dc-menu-button")) {
      return;
    }
    if (ev.key === "Enter" || ev.key === " " || ev.key === "Spacebar") {
      ev.preventDefault();
      ev.stopPropagation();
      var box = drawerToggle();
      if (box) {
        box.click();
      }
    }
  }, true);

  function syncDrawer() {
    var box = drawerToggle();
    var labels = document.querySelectorAll(".dc-menu-button");
    for (var i = 0; i < labels.length; i++) {
      var open = !!(box && box.checked);
      labels[i].setAttribute("aria-expanded", open ? "true" : "false");
      labels[i].setAttribute("aria-label", open ? "关闭导航菜单" : "打开导航菜单");
    }
  }

  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__drawer") {
      syncDrawer();
    }
  });

  /* Escape closes the drawer when it is open. */
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") {
      return;
    }
    var box = drawerToggle();
    if (box && box.checked) {
      box.click();
      var label = document.querySelector(".dc-menu-button");
      if (label) {
        label.focus();
      }
    }
  });

  /* Settings changed in another tab or window. */
  window.addEventListener("storage", function (ev) {
    if (ev.key === KEY_TEXT) {
      setAttr("data-dc-text", ev.newValue === "1" || ev.newValue === "2" ? ev.newValue : "");
      sync();
    } else if (ev.key === KEY_CONTRAST) {
      setAttr("data-dc-contrast", ev.newValue === "1" ? "1" : "");
      sync();
    }
  });

  /* Pages restored from the back/forward cache keep their old attributes. */
  window.addEventListener("pageshow", function () {
    var t = load(KEY_TEXT);
    var c = load(KEY_CONTRAST);
    if (t !== null || c !== null) {
      setAttr("data-dc-text", t === "1" || t === "2" ? t : "");
      setAttr("data-dc-contrast", c === "1" ? "1" : "");
    }
    sync();
  });

  /* Prefill the header search box on the search page (?q=…). */
  function prefill() {
    var input = document.getElementById("dc-q");
    if (!input || input.value || !window.URLSearchParams) {
      return;
    }
    try {
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) {
        input.value = q;
      }
    } catch (e) {
      /* ignore */
    }
  }

  /* Printing: show absolute link targets (gov.css prints attr(data-dc-href)). */
  function markLinksForPrint() {
    var links = document.querySelectorAll(".md-typeset a[href]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (href && href.charAt(0) !== "#") {
        links[i].setAttribute("data-dc-href", links[i].href);
      }
    }
  }

  window.addEventListener("beforeprint", markLinksForPrint);

  /* 打印本页 (item pages): the button is hidden in the markup, as it needs this script. */
  function showPrintButtons() {
    var buttons = document.querySelectorAll("[data-dc-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
    }
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target && ev.target.closest ? ev.target.closest("[data-dc-print]") : null;
    if (button) {
      ev.preventDefault();
      window.print();
    }
  });

  /* 我为政府网站找错: the message names the page it is about. */
  document.addEventListener("click", function (ev) {
    var link = ev.target && ev.target.closest ? ev.target.closest("a[data-dc-report]") : null;
    if (!link) {
      return;
    }
    var href = link.getAttribute("href").replace(/&body=.*$/, "");
    var body = "页面：" + document.title + "\n地址：" + window.location.href + "\n问题：";
    link.setAttribute("href", href + "&body=" + encodeURIComponent(body));
  });

  /* Tables wider than their box: mark the box (gov.css then says it can be swiped). */
  var SCROLL_BOXES = ".md-typeset .dc-table-wrap, .md-typeset .md-typeset__scrollwrap";

  function markWideTables() {
    var boxes = document.querySelectorAll(SCROLL_BOXES);
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var wide = box.scrollWidth > box.clientWidth + 1 && window.getComputedStyle(box).overflowX !== "visible";
      if (wide !== box.hasAttribute("data-dc-overflow")) {
        if (wide) {
          box.setAttribute("data-dc-overflow", "");
        } else {
          box.removeAttribute("data-dc-overflow");
        }
      }
      /* Material's box around a Markdown table: keyboard users scroll it with the arrow keys */
      if (wide && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "表格（可左右滚动）");
      }
    }
  }

  var markPending = false;
  function markSoon() {
    if (!markPending) {
      markPending = true;
      window.requestAnimationFrame(function () {
        markPending = false;
        markWideTables();
      });
    }
  }

  window.addEventListener("resize", markSoon);
  window.addEventListener("load", markSoon);
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(markSoon);
  }
  if (window.MutationObserver) {
    /* the 大字版 switch changes the widths; Material wraps Markdown tables after this script ran */
    new MutationObserver(markSoon).observe(root, { attributes: true, attributeFilter: ["data-dc-text"] });
  }

  /* Skip link: Material's points at the first heading, which cannot take
   * focus, so keyboard focus stayed at the top of the page. Point every skip
   * link at the main content (<article id="dc-main" tabindex="-1">) and move
   * focus there explicitly, also when the address already ends in #dc-main. */
  function fixSkipLinks() {
    var main = document.getElementById("dc-main");
    var links = document.querySelectorAll("a.md-skip");
    for (var i = 0; i < links.length; i++) {
      if (main) {
        links[i].setAttribute("href", "#dc-main");
      }
    }
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target && ev.target.closest ? ev.target.closest("a.md-skip") : null;
    var main = document.getElementById("dc-main");
    if (!link || !main) {
      return;
    }
    ev.preventDefault();
    if (window.history && history.replaceState) {
      try {
        history.replaceState(history.state, "", "#dc-main");
      } catch (e) {
        /* ignore */
      }
    }
    main.focus();
    main.scrollIntoView();
  });

  function init() {
    fixSkipLinks();
    sync();
    syncDrawer();
    prefill();
    showPrintButtons();
    markSoon();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  /* Material's instant navigation (if ever enabled) swaps the page body. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
})();
