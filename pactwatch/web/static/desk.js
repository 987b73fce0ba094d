// The review desk's keyboard shortcuts and small helps. Loaded on every desk page; each part
// acts only where its markup is present, and everything also works without it (plain forms).
// No inline handlers anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  var STATUS_LABELS = { new: "待审 New", approved: "已通过 Approved", rejected: "已拒绝 Rejected" };
  var DECISION_STATUS = { approve: "approved", reject: "rejected" };

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Fields that take typed text; a ticked checkbox or a pressed button does not.
  var TEXT_INPUT = /^(text|search|number|date|email|password|url|tel|month|week|time|datetime-local)$/;

  function isTyping(target) {
    if (!(target instanceof HTMLElement)) return false;
    if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") {
      return true;
    }
    return target.tagName === "INPUT" && TEXT_INPUT.test(target.type);
  }

  // A line at the top of the page saying what just happened (or went wrong).
  function say(text, isError) {
    var main = document.querySelector("main") || document.body;
    var line = document.getElementById("desk-status");
    if (!line) {
      line = document.createElement("p");
      line.id = "desk-status";
      line.setAttribute("role", "status");
      var heading = main.querySelector("h1");
      main.insertBefore(line, heading ? heading.nextSibling : main.firstChild);
    }
    line.className = isError ? "error" : "notice";
    line.textContent = text;
  }

  function postDecision(id, decision) {
    return fetch("/items/" + encodeURIComponent(id) + "/" + decision, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  function showStatus(badge, status) {
    if (!badge) return;
    badge.className = "badge " + status;
    badge.textContent = STATUS_LABELS[status] || status;
  }

  function openOriginal(url) {
    if (url && /^https?:\/\//i.test(url)) {
      window.open(url, "_blank", "noopener,noreferrer");
    }
  }

  // --- the help overlay ------------------------------------------------------------------------

  var help = document.getElementById("shortcut-help");
  var helpOpener = null;

  function toggleHelp(show) {
    if (!help) return;
    var visible = show === undefined ? help.hidden : show;
    if (visible && help.hidden) helpOpener = document.activeElement;
    help.hidden = !visible;
    if (visible) {
      var close = help.querySelector("[data-close-help]");
      if (close) close.focus();
    } else if (helpOpener && helpOpener.focus) {
      helpOpener.focus();
    }
  }

  if (help) {
    help.addEventListener("click", function (event) {
      if (event.target === help || event.target.closest("[data-close-help]")) toggleHelp(false);
    });
  }

  // --- the inbox -------------------------------------------------------------------------------

  var table = document.querySelector("table[data-inbox]");
  var rows = table ? Array.prototype.slice.call(table.querySelectorAll("tr.story")) : [];
  var current = -1;

  function select(index) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0 && rows[current]) rows[current].classList.remove("selected");
    current = index;
    var row = rows[current];
    row.classList.add("selected");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function selectedRow() {
    return current >= 0 ? rows[current] : null;
  }

  function bumpCount(status, delta) {
    var counter = document.querySelector('[data-count="' + status + '"]');
    if (!counter) return;
    var value = parseInt(counter.textContent, 10);
    if (!isNaN(value)) counter.textContent = String(Math.max(0, value + delta));
  }

  function decideRow(row, decision) {
    if (!row || row.classList.contains("pending")) return;
    row.classList.add("pending");
    postDecision(row.getAttribute("data-id"), decision).then(function (answer) {
      row.classList.remove("pending");
      var previous = answer.previous;
      row.setAttribute("data-status", answer.status);
      row.classList.add("decided", "decided-" + answer.status);
      showStatus(row.querySelector("[data-status-badge]"), answer.status);
      if (previous !== answer.status) {
        bumpCount(previous, -1);
        bumpCount(answer.status, 1);
      }
      say("#" + answer.id + " " + (STATUS_LABELS[answer.status] || answer.status), false);
      var index = rows.indexOf(row);
      if (index === current && index < rows.length - 1) select(index + 1);
    }).catch(function (error) {
      row.classList.remove("pending");
      say("操作失败，请刷新页面后重试 (the decision was not saved: " + error.message + ")", true);
    });
  }

  function inboxKey(event) {
    var row = selectedRow();
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current < 0 ? 0 : current - 1); break;
      case "a": decideRow(row, "approve"); break;
      case "r": decideRow(row, "reject"); break;
      case "o": if (row) openOriginal(row.getAttribute("data-url")); break;
      case "Enter":
      case "e": {
        var link = row ? row.querySelector("a.item-link") : null;
        if (!link) return;
        window.location.href = link.href;
        break;
      }
      case "x": {
        var box = row ? row.querySelector('input[type="checkbox"]') : null;
        if (!box) return;
        box.checked = !box.checked;
        break;
      }
      default: return;
    }
    event.preventDefault();
  }

  if (table) {
    // The row buttons decide in place; without this script they submit the form instead.
    table.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-decision]");
      if (!button) return;
      var row = button.closest("tr.story");
      event.preventDefault();
      select(rows.indexOf(row));
      decideRow(row, button.getAttribute("data-decision"));
    });
    table.addEventListener("click", function (event) {
      var row = event.target.closest("tr.story");
      if (row && !event.target.closest("a, button")) select(rows.indexOf(row));
    });
  }

  // --- the item page ---------------------------------------------------------------------------

  var item = document.querySelector(".item[data-item]");

  function decideItem(decision) {
    postDecision(item.getAttribute("data-item"), decision).then(function (answer) {
      showStatus(item.querySelector("[data-status-badge]"), answer.status);
      say("#" + answer.id + " " + (STATUS_LABELS[answer.status] || DECISION_STATUS[decision]), false);
    }).catch(function (error) {
      say("操作失败，请刷新页面后重试 (the decision was not saved: " + error.message + ")", true);
    });
  }

  function itemKey(event) {
    switch (event.key) {
      case "a": decideItem("approve"); break;
      case "r": decideItem("reject"); break;
      case "o": openOriginal(item.getAttribute("data-url")); break;
      case "e": {
        var field = document.querySelector(".agreement-form input[name=title]");
        if (!field) return;
        field.focus();
        break;
      }
      default: return;
    }
    event.preventDefault();
  }

  // A form sent back with errors: bring it into view, its first field focused.
  var failedForm = document.querySelector(".agreement-form .error");
  if (failedForm) {
    var form = failedForm.closest("form");
    (form.closest(".agreement-edit") || form).scrollIntoView({ block: "start" });
    var first = form.querySelector("input[type=text], textarea");
    if (first) first.focus({ preventScroll: true });
  }

  // --- keys ------------------------------------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (event.key === "?") {
      toggleHelp();
      event.preventDefault();
      return;
    }
    if (help && !help.hidden) {
      if (event.key === "Escape") toggleHelp(false);
      return;
    }
    // Enter on a link or button keeps its own meaning.
    if (event.key === "Enter" && event.target instanceof Element &&
        event.target.closest("a, button")) return;
    if (table) inboxKey(event);
    else if (item) itemKey(event);
  });

  // --- forms -----------------------------------------------------------------------------------

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Region fields: the gazetteer's suggestions in their <datalist> as the reviewer types.
  function suggest(input) {
    var list = input.list;
    var query = input.value.trim();
    if (!list || !query || query.length > 20) return;
    fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (found) {
      while (list.firstChild) list.removeChild(list.firstChild);
      found.forEach(function (place) {
        var option = document.createElement("option");
        option.value = place.name;
        option.label = place.label;
        list.appendChild(option);
      });
    }).catch(function () { /* no suggestions: the field still takes any name */ });
  }

  var timer = null;
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-suggest")) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { suggest(input); }, 150);
  });
})();
