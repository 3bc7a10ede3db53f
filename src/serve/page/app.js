
"use strict";
(function () {
  var token = new URLSearchParams(location.search).get("token") || "";
  var maxUpload = Number(document.querySelector('meta[name="huizong-max-upload"]').content);
  var $ = function (id) { return document.getElementById(id); };
  var chosen = { picked: [], folder: [], dropped: [] };

  var WORDS = {
    severity: { error: "错误", warning: "提醒" },
    fate: { accepted: "已汇总", superseded: "被替代（不汇总）", rejected: "未汇总" },
    unit: { done: "已完成", on_track: "符合时序进度", lagging: "滞后", no_return: "未报送", not_applicable: "不适用" },
    check: {
      ok: "相符", mismatch: "不相符", nested_ok: "含下属单位后相符", rate_warning: "比率低于全市",
      not_additive: "不累加", unassigned: "未分配", unverifiable: "无法核对"
    }
  };
  function word(kind, code) { return (WORDS[kind] && WORDS[kind][code]) || code || ""; }

  // The last quarter that has ended: in May 2025, 2025Q1; in February, last year's Q4.
  function lastFinishedQuarter(d) {
    var q = Math.floor(d.getMonth() / 3);
    return q === 0 ? (d.getFullYear() - 1) + "Q4" : d.getFullYear() + "Q" + q;
  }
  $("period").value = lastFinishedQuarter(new Date());

  // As the CLI takes a folder's files: workbooks only, no lock or hidden files.
  function isWorkbookName(name) {
    return !/^~\$/.test(name) && name.charAt(0) !== "." && /\.(xlsx|xlsm|xls|ods)$/i.test(name);
  }
  function byName(a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }
  function returnsChosen() { return chosen.picked.concat(chosen.folder, chosen.dropped); }
  function showChosen() {
    var files = returnsChosen();
    var total = files.reduce(function (n, f) { return n + f.size; }, 0);
    $("returns-chosen").textContent = files.length
      ? "已选择 " + files.length + " 个报表文件，共 " + megabytes(total) + "。"
      : "";
  }
  function megabytes(n) { return (n / 1048576).toFixed(n < 1048576 ? 2 : 1) + " MB"; }

  $("returns").addEventListener("change", function () {
    chosen.picked = Array.prototype.slice.call(this.files);
    showChosen();
  });
  $("returns-folder").addEventListener("change", function () {
    chosen.folder = Array.prototype.slice.call(this.files).filter(function (f) {
      var path = f.webkitRelativePath || f.name;
      return path.split("/").length <= 2 && isWorkbookName(f.name);
    }).sort(byName);
    showChosen();
  });

  // Dropping files or a folder anywhere on the page adds them to the returns.
  document.addEventListener("dragover", function (e) { e.preventDefault(); document.body.classList.add("dragging"); });
  document.addEventListener("dragleave", function (e) {
    if (e.target === document.documentElement || e.clientX <= 0) { document.body.classList.remove("dragging"); }
  });
  document.addEventListener("drop", function (e) {
    e.preventDefault();
    document.body.classList.remove("dragging");
    var items = Array.prototype.slice.call(e.dataTransfer.items || []);
    var waits = items.map(function (item) {
      var entry = item.webkitGetAsEntry && item.webkitGetAsEntry();
      if (entry && entry.isDirectory) { return folderFiles(entry); }
      var f = item.getAsFile();
      return Promise.resolve(f ? [f] : []);
    });
    Promise.all(waits).then(function (lists) {
      chosen.dropped = chosen.dropped.concat.apply(chosen.dropped, lists);
      showChosen();
    });
  });
  function folderFiles(dir) {
    return new Promise(function (resolve) {
      var reader = dir.createReader(), entries = [];
      (function more() {
        reader.readEntries(function (batch) {
          if (batch.length) { entries = entries.concat(batch); more(); return; }
          var files = entries.filter(function (e) { return e.isFile && isWorkbookName(e.name); });
          Promise.all(files.map(function (e) { return new Promise(function (ok) { e.file(ok, function () { ok(null); }); }); }))
            .then(function (list) { resolve(list.filter(Boolean).sort(byName)); });
        }, function () { resolve([]); });
      })();
    });
  }

  // ---- sending
  function form(fields) {
    var data = new FormData();
    var plan = $("plan").files[0];
    if (plan) { data.append("plan", plan, plan.name); }
    data.append("period", $("period").value);
    (fields || []).forEach(function (f) {
      if (f.length > 2) { data.append(f[0], f[1], f[2]); } else { data.append(f[0], f[1]); }
    });
    return data;
  }
  function sizeOf(data) {
    var n = 0;
    data.forEach(function (v) { n += (typeof v === "string") ? v.length : v.size; });
    return n;
  }
  function busy(on, text) {
    ["check", "merge", "template"].forEach(function (id) { $(id).disabled = on; });
    $("form").setAttribute("aria-busy", on ? "true" : "false");
    $("progress").hidden = !on;
    $("progress-text").textContent = text || "";
  }
  function fail(message) {
    busy(false);
    $("error").textContent = message;
    $("error").hidden = false;
    $("error").focus();
  }
  function clear() {
    $("error").hidden = true;
    $("result").hidden = true;
    $("result").textContent = "";
  }
  function needPlan() {
    if (!$("plan").files[0]) { fail("请先选择计划表（任务分解表）文件。"); return false; }
    return true;
  }

  // XMLHttpRequest, not fetch: only it reports the upload's progress.
  function send(path, data, what, asBlob) {
    return new Promise(function (resolve) {
      if (sizeOf(data) > maxUpload) {
        fail("所选文件合计 " + megabytes(sizeOf(data)) + "，超过本服务允许的 " + megabytes(maxUpload) +
          "。请分批汇总，或用 huizong serve --max-upload-mb 调高上限后重新启动。");
        return;
      }
      var xhr = new XMLHttpRequest(), started = Date.now(), timer = null;
      var bar = $("bar");
      xhr.open("POST", path);
      xhr.setRequestHeader("X-Huizong-Token", token);
      xhr.responseType = asBlob ? "blob" : "text";
      bar.value = 0;
      busy(true, "正在上传……");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round(100 * e.loaded / e.total);
          $("progress-text").textContent = "正在上传 " + bar.value + "%（" + megabytes(e.loaded) + " / " + megabytes(e.total) + "）";
        }
      };
      xhr.upload.onload = function () {
        bar.removeAttribute("value");
        timer = setInterval(function () {
          $("progress-text").textContent = what + "（已用 " + Math.round((Date.now() - started) / 1000) + " 秒）";
        }, 500);
        $("progress-text").textContent = what;
      };
      xhr.onerror = function () { clearInterval(timer); fail("无法连接汇总服务：它可能已经停止。请重新启动 huizong，再打开它显示的地址。"); };
      xhr.onload = function () {
        clearInterval(timer);
        if (xhr.status === 200) { busy(false); resolve(xhr); return; }
        readError(xhr).then(fail);
      };
      xhr.send(data);
    });
  }
  function readError(xhr) {
    var text = xhr.responseType === "blob" ? xhr.response.text() : Promise.resolve(xhr.responseText);
    return text.then(function (t) {
      try { return JSON.parse(t).error || t; } catch (e) { return t || ("服务返回错误 " + xhr.status); }
    });
  }

  // ---- showing
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }
  function table(id, caption, heads, rows) {
    var head = el("tr", {}, heads.map(function (h) { return el("th", { scope: "col", text: h }); }));
    var body = rows.map(function (r) {
      return el("tr", {}, r.map(function (c) {
        return typeof c === "object" && c ? el("td", { class: c.cls || "", text: c.text }) : el("td", { text: c == null ? "" : String(c) });
      }));
    });
    return el("div", { class: "table", role: "region", "aria-label": caption, tabindex: "0" }, [
      el("table", { id: id }, [el("caption", { text: caption }), el("thead", {}, [head]), el("tbody", {}, body)])
    ]);
  }
  function counts(pairs) {
    return el("ul", { class: "counts" }, pairs.map(function (p) {
      return el("li", { class: p[2] || "" }, [document.createTextNode(p[0] + "："), el("strong", { text: String(p[1]) }),
        p[3] ? document.createTextNode(" " + p[3]) : null]);
    }));
  }
  function tally(list, key) {
    return list.reduce(function (t, x) { t[x[key]] = (t[x[key]] || 0) + 1; return t; }, {});
  }
  function link(id, href, text) {
    return el("a", { id: id, class: "download", href: href + (href.indexOf("?") < 0 ? "?" : "&") + "token=" + encodeURIComponent(token), download: "", text: text });
  }
  function show(nodes) {
    var result = $("result");
    result.textContent = "";
    nodes.forEach(function (n) { if (n) { result.appendChild(n); } });
    result.hidden = false;
    result.focus();
  }
  // A finding's cell is `sheet!A1` already, in check's findings and merge's alike.
  function cellOf(f) { return f.cell || ""; }
  function findingsTable(findings, withFile) {
    if (!findings.length) { return el("p", { class: "none", text: "没有发现问题。" }); }
    var heads = withFile ? ["级别", "单位", "序号", "文件", "单元格", "说明"] : ["级别", "序号", "单元格", "说明"];
    var rows = findings.map(function (f) {
      var sev = { text: word("severity", f.severity), cls: "nowrap sev-" + f.severity };
      return withFile
        ? [sev, { text: f.unit || "", cls: "nowrap" }, f.target, f.file, { text: cellOf(f), cls: "nowrap" }, f.message]
        : [sev, f.target, { text: cellOf(f), cls: "nowrap" }, f.message];
    });
    return table("findings", "问题清单（共 " + findings.length + " 条）", heads, rows);
  }

  function showMerge(doc) {
    var fates = tally(doc.returns, "status"), sev = tally(doc.findings, "severity"), st = tally(doc.units, "status");
    var name = decodeURIComponent(doc.report.split("/").pop());
    // One file may hold several units' returns (layout B): files counted once.
    var files = doc.returns.map(function (r) { return r.file; })
      .filter(function (f, i, all) { return all.indexOf(f) === i; }).length;
    show([
      el("h2", { text: doc.period + " 汇总结果（时序进度 " + Math.round(Number(doc.elapsed) * 100) + "%）" }),
      el("p", { text: "计划表 " + doc.plan.file + "，" + doc.plan.targets + " 项目标，" + doc.plan.units.length + " 个单位。" }),
      counts([["收到文件", files, "", "份"], ["已汇总", fates.accepted || 0, "fate-accepted"],
        ["被替代", fates.superseded || 0, "fate-superseded"], ["未汇总", fates.rejected || 0, "fate-rejected"]]),
      counts([["问题：错误", sev.error || 0, "sev-error"], ["提醒", sev.warning || 0, "sev-warning"]]),
      counts([["单位指标：已完成", st.done || 0, "st-done"], ["符合时序进度", st.on_track || 0],
        ["滞后", st.lagging || 0, "st-lagging"], ["未报送", st.no_return || 0, "st-no_return"],
        ["不适用", st.not_applicable || 0]]),
      link("report", doc.report, "下载汇总表（" + name + "）"),
      el("h3", { text: "回收情况" }),
      table("received", "回收情况（每个文件及其处理结果）", ["文件", "单位", "处理", "填报日期", "原因"],
        doc.returns.map(function (r) {
          return [r.file, { text: r.unit || "", cls: "nowrap" }, { text: word("fate", r.status), cls: "nowrap fate-" + r.status },
            { text: r.date || "", cls: "nowrap" }, r.reason];
        })),
      el("h3", { text: "问题清单" }),
      findingsTable(doc.findings, true)
    ]);
  }

  function showCheck(doc) {
    var sev = tally(doc.findings, "severity");
    var name = decodeURIComponent(doc.checked.split("/").pop());
    show([
      el("h2", { text: "计划表检查结果" }),
      el("p", { text: doc.file + "，工作表“" + doc.sheet + "”（" + doc.table + "），" + doc.targets.length + " 项目标，" +
        doc.units.length + " 个单位：" + doc.units.join("、") + "。" }),
      counts(Object.keys(doc.tally).map(function (k) { return [word("check", k), doc.tally[k], "st-" + k]; })),
      counts([["问题：错误", sev.error || 0, "sev-error"], ["提醒", sev.warning || 0, "sev-warning"]]),
      link("checked", doc.checked, "下载标出问题的计划表（" + name + "）"),
      el("h3", { text: "计划表中的问题" }),
      findingsTable(doc.findings, false)
    ]);
  }

  function fileNameOf(xhr, fallback) {
    var cd = xhr.getResponseHeader("Content-Disposition") || "";
    var m = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    return m ? decodeURIComponent(m[1]) : fallback;
  }

  // ---- the three buttons
  $("check").addEventListener("click", function () {
    clear();
    if (!needPlan()) { return; }
    send("/api/check", form(), "正在检查计划表……").then(function (xhr) { showCheck(JSON.parse(xhr.responseText)); });
  });
  $("merge").addEventListener("click", function () {
    clear();
    if (!needPlan()) { return; }
    var files = returnsChosen();
    if (!files.length) { fail("请选择各单位报送的报表（文件、文件夹或 .zip 压缩包）。"); return; }
    var fields = [];
    files.forEach(function (f) {
      fields.push(["returns", f, f.name]);
      fields.push(["modified", String(f.lastModified)]);
    });
    Array.prototype.forEach.call($("previous").files, function (f) { fields.push(["previous", f, f.name]); });
    if ($("notes").checked) { fields.push(["notes", "1"]); }
    send("/api/merge", form(fields), "正在读取并汇总 " + files.length + " 份报表……")
      .then(function (xhr) { showMerge(JSON.parse(xhr.responseText)); });
  });
  $("template").addEventListener("click", function () {
    clear();
    if (!needPlan()) { return; }
    var fields = $("wide").checked ? [["wide", "1"]] : [];
    send("/api/template", form(fields), "正在生成填报表……", true).then(function (xhr) {
      var name = fileNameOf(xhr, "填报表.zip");
      var n = xhr.getResponseHeader("X-Huizong-Forms") || "";
      var a = el("a", { id: "forms", class: "download", href: URL.createObjectURL(xhr.response), download: name,
        text: "下载填报表（" + name + "，" + n + " 份）" });
      show([
        el("h2", { text: "填报表已生成" }),
        el("p", { text: "压缩包中每个单位一份填报表（" + n + " 份）：发给各单位，填好黄色单元格后交回，再在本页汇总。" }),
        a
      ]);
    });
  });
})();
