// Newsdesk keyboard shortcuts (progressive enhancement: every page works without this file).
//   j / k  select the next / previous item of a list (story cards, article lines, search results)
//   o      open the selected item (Enter works too once it is selected)
//   /      focus the search field
(function () {
  "use strict";
  var ITEMS = ".story-card, .results > li, .outlet .articles > li, .other .articles > li";
  var current = -1;

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll(ITEMS));
  }

  function select(index) {
    var list = items();
    if (list.length === 0) return;
    index = Math.max(0, Math.min(list.length - 1, index));
    if (current >= 0 && list[current]) list[current].classList.remove("current");
    current = index;
    var item = list[current];
    item.classList.add("current");
    var link = item.querySelector("a[href]");
    if (link) link.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (event.key === "j") {
      select(current + 1);
    } else if (event.key === "k") {
      select(current < 0 ? 0 : current - 1);
    } else if (event.key === "o") {
      var item = items()[current];
      var link = item && item.querySelector("a[href]");
      if (!link) return;
      window.location.assign(link.getAttribute("href"));
    } else if (event.key === "/") {
      var field = document.querySelector("input[name=q]");
      if (!field) return;
      field.focus();
      field.select();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
