// Review page: Ctrl+Enter approves and moves on; a focused field lights up (and scrolls to) its box.
(function () {
  var form = document.getElementById("decision");
  if (!form) return;
  var approve = document.getElementById("approve");
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit(approve);
    }
  });
  // Enter in a reason box submits that action, not approval (the form's first button)
  [["reject-reason", "reject"]].forEach(function (pair) {
    var input = document.getElementById(pair[0]);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        form.requestSubmit(document.getElementById(pair[1]));
      }
    });
  });
  function boxesOf(key) {
    return document.querySelectorAll('.box[data-field="' + key + '"]');
  }
  document.querySelectorAll(".field").forEach(function (div) {
    var key = div.dataset.field;
    var input = div.querySelector("input");
    input.addEventListener("focus", function () {
      document.querySelectorAll(".box.active").forEach(function (b) { b.classList.remove("active"); });
      var boxes = boxesOf(key);
      boxes.forEach(function (b) { b.classList.add("active"); });
      if (boxes.length) boxes[0].scrollIntoView({ block: "center", behavior: "smooth" });
    });
  });
  document.querySelectorAll(".box").forEach(function (box) {
    box.addEventListener("click", function () {
      var input = document.getElementById("f-" + box.dataset.field);
      if (input) input.focus();
    });
  });
})();
