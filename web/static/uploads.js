// Uploads: files, folders (walked, keeping their paths) or a zip dropped on the zone or picked, sent
// as one multipart form with each file named by its path; the status tables reload while a batch runs.
(function () {
  var busy = document.getElementById("uploads");
  var form = document.getElementById("upload-form");
  var chosen = [];  // {file, path}
  var sending = false;

  if (window.location.search.indexOf("received=") >= 0) {
    history.replaceState(null, "", window.location.pathname);  // said once, not at every reload
  }
  if (busy && busy.dataset.busy) {
    setInterval(function () { if (!sending && !chosen.length) window.location.reload(); }, 5000);
  }
  if (!form) return;
  var zone = document.getElementById("dropzone");
  var picked = document.getElementById("picked");
  var progress = document.getElementById("upload-progress");

  function size(bytes) {
    var units = ["B", "KB", "MB", "GB"], i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
    return (i ? bytes.toFixed(1) : bytes) + " " + units[i];
  }
  function show() {
    var total = chosen.reduce(function (n, c) { return n + c.file.size; }, 0);
    picked.textContent = chosen.length ? form.dataset.picked.replace("{n}", chosen.length).replace("{size}", size(total)) : "";
  }
  function add(file, path) {
    chosen.push({ file: file, path: path || file.webkitRelativePath || file.name });
  }

  // a dropped folder: every file under it, with its path from the dropped folder's parent
  function walk(entry, done) {
    if (entry.isFile) {
      entry.file(function (file) { add(file, entry.fullPath.replace(/^\//, "")); done(); }, done);
      return;
    }
    var reader = entry.createReader(), children = [];
    (function more() {
      reader.readEntries(function (batch) {
        if (!batch.length) {
          var left = children.length;
          if (!left) return done();
          children.forEach(function (child) { walk(child, function () { if (--left === 0) done(); }); });
          return;
        }
        children = children.concat(Array.prototype.slice.call(batch));
        more();  // readEntries gives at most 100 entries at a time
      }, done);
    })();
  }

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    zone.classList.remove("over");
    var items = e.dataTransfer.items, entries = [];
    for (var i = 0; items && i < items.length; i++) {  // entries must be taken during the event
      var entry = items[i].webkitGetAsEntry && items[i].webkitGetAsEntry();
      if (entry) entries.push(entry);
    }
    if (!entries.length) {  // no entry API (or files made by a script): plain files
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) { add(f); });
      return show();
    }
    var left = entries.length;
    entries.forEach(function (entry) { walk(entry, function () { if (--left === 0) show(); }); });
  });
  ["pick-files", "pick-folder"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", function (e) {
      Array.prototype.forEach.call(e.target.files, function (f) { add(f); });
      e.target.value = "";
      show();
    });
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (sending) return;
    var data = new FormData();
    data.append("csrf", form.elements.csrf.value);
    data.append("batch", form.elements.batch.value);
    chosen.forEach(function (c) { data.append("files", c.file, c.path); });
    var xhr = new XMLHttpRequest();
    sending = true;
    progress.hidden = false;
    xhr.upload.addEventListener("progress", function (ev) {
      if (!ev.lengthComputable) return;
      var pct = Math.round(100 * ev.loaded / ev.total);
      progress.value = pct;
      picked.textContent = form.dataset.sending.replace("{pct}", pct);
    });
    xhr.addEventListener("load", function () {
      if (xhr.status < 400) { window.location.assign(xhr.responseURL); return; }
      document.open();  // the page that says why the upload was refused
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      sending = false;
      progress.hidden = true;
      picked.textContent = form.dataset.network;
    });
    xhr.open("POST", form.action);
    xhr.send(data);
  });
})();
