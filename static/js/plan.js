/* Session planner: remembers the last plan, adds games to it, reorders by dragging, prints.
   Everything here improves pages that already work without it. */
(function () {
  "use strict";
  var KEY = "gamelibrary.plan";

  function stored() {
    try { return window.localStorage.getItem(KEY) || ""; } catch (error) { return ""; }
  }

  function remember(query) {
    try { window.localStorage.setItem(KEY, query); } catch (error) { /* storage off: the URL still holds the plan */ }
  }

  function planUrl(base, params) {
    var query = params.toString().replace(/%2C/g, ",");
    return query ? base + "?" + query : base;
  }

  function withGame(query, id) {
    var params = new URLSearchParams(query);
    var games = (params.get("games") || "").split(",").filter(Boolean);
    if (games.indexOf(id) === -1) { games.push(id); }
    params.set("games", games.join(","));
    return params;
  }

  function formFields(params) {
    var fields = [];
    params.forEach(function (value, name) {
      if (name === "games") {
        value.split(",").forEach(function (id) { fields.push(["game", id]); });
      } else {
        fields.push([name, value]);
      }
    });
    return fields;
  }

  function rememberOrResume(planner) {
    var query = planner.getAttribute("data-plan-query");
    if (query) { remember(query); return; }
    var last = stored();
    var resume = document.getElementById("resume-plan");
    if (last && resume) {
      var link = resume.querySelector("a");
      link.href = link.pathname + "?" + last;
      resume.hidden = false;
    }
  }

  function addToRememberedPlan() {
    var last = stored();
    if (!last) { return; }
    document.querySelectorAll("form[data-plan-add][data-plan-known=false]").forEach(function (form) {
      form.querySelectorAll("input[type=hidden]").forEach(function (input) { input.remove(); });
      var button = form.querySelector("button");
      formFields(withGame(last, form.getAttribute("data-plan-add"))).forEach(function (field) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = field[0];
        input.value = field[1];
        form.insertBefore(input, button);
      });
    });
    document.querySelectorAll("a[data-plan-link]").forEach(function (link) {
      link.href = link.pathname + "?" + last;
    });
  }

  function reorderByDragging(list) {
    var dragged = null;
    list.querySelectorAll("li[data-game-id]").forEach(function (item) {
      item.draggable = true;
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.getAttribute("data-game-id"));
      });
      item.addEventListener("dragend", function () { item.classList.remove("dragging"); });
      item.addEventListener("dragover", function (event) {
        if (!dragged || dragged === item) { return; }
        event.preventDefault();
        var box = item.getBoundingClientRect();
        list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? item.nextSibling : item);
      });
      item.addEventListener("drop", function (event) { event.preventDefault(); });
    });
    list.addEventListener("dragend", function () {
      if (!dragged) { return; }
      dragged = null;
      var order = Array.prototype.map.call(list.querySelectorAll("li[data-game-id]"), function (item) {
        return item.getAttribute("data-game-id");
      });
      var params = new URLSearchParams(window.location.search);
      if (order.join(",") === params.get("games")) { return; }
      params.set("games", order.join(","));
      window.location.assign(planUrl(window.location.pathname, params));
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var planner = document.getElementById("planner");
    if (planner) { rememberOrResume(planner); }
    addToRememberedPlan();
    var list = document.getElementById("plan-games");
    if (list) { reorderByDragging(list); }
    printButtons();
  });
})();
