// Review page: Ctrl+Enter approves and moves on; a focused field lights up (and scrolls to) its box;
// picking a procedure shows its fields; a field the machine missed can be added.
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
  function watch(div) {
    var key = div.dataset.field;
    var input = div.querySelector("input");
    input.addEventListener("focus", function () {
      document.querySelectorAll(".box.active").forEach(function (b) { b.classList.remove("active"); });
      var boxes = boxesOf(key);
      boxes.forEach(function (b) { b.classList.add("active"); });
      if (boxes.length) boxes[0].scrollIntoView({ block: "center", behavior: "smooth" });
    });
  }
  document.querySelectorAll(".field").forEach(watch);

  // The fields of the procedure the reviewer picks: required ones marked, missing ones added empty.
  var data = JSON.parse(document.getElementById("procedure-data").textContent);
  var fieldset = form.querySelector("fieldset.fields");
  var adder = document.getElementById("add-field");
  function fieldDiv(key) {
    var found = form.querySelector('.field[data-field="' + key + '"]');
    if (found) return found;
    var div = document.createElement("div");
    div.className = "field added";
    div.dataset.field = key;
    var label = document.createElement("label");
    label.htmlFor = "f-" + key;
    label.textContent = data.names[key] || key;
    var input = document.createElement("input");
    input.id = "f-" + key;
    input.name = "f." + key;
    input.autocomplete = "off";
    div.appendChild(label);
    div.appendChild(input);
    fieldset.insertBefore(div, adder.parentNode);
    var option = adder.querySelector('option[value="' + key + '"]');
    if (option) option.remove();
    watch(div);
    return div;
  }
  function markRequired(key) {
    var required = data.required[key] || [];
    required.forEach(fieldDiv);
    form.querySelectorAll(".field").forEach(function (div) {
      var label = div.querySelector("label");
      var mark = label.querySelector(".req");
      var wanted = required.indexOf(div.dataset.field) >= 0;
      if (wanted && !mark) {
        mark = document.createElement("span");
        mark.className = "req";
        mark.textContent = "(" + data.required_word + ")";
        label.appendChild(document.createTextNode(" "));
        label.appendChild(mark);
      } else if (!wanted && mark) {
        mark.remove();
      }
    });
  }
  var keyOf = {};
  Object.keys(data.keys).forEach(function (key) { keyOf[data.keys[key]] = key; });
  document.getElementById("procedure").addEventListener("input", function (e) {
    var key = keyOf[e.target.value];
    if (key) markRequired(key);
  });
  adder.addEventListener("change", function () {
    if (!adder.value) return;
    fieldDiv(adder.value).querySelector("input").focus();
    adder.value = "";
  });
  document.querySelectorAll(".box").forEach(function (box) {
    box.addEventListener("click", function () {
      var input = document.getElementById("f-" + box.dataset.field);
      if (input) input.focus();
    });
  });
})();
