//! `huizong serve`: the real binary on a free port, spoken to over plain HTTP
//! (the harness in serve/http.rs), then driven in headless Chromium
//! (serve_browser.py, Python selenium).

mod http;

use crate::{fresh_dir, repo};
use http::{Form, Served, http};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const PLAN: &str = "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx";
const RETURNS: &str = "samples/zhoushan-2024/returns-2024Q3";

/// The sample's returns as the CLI takes the folder: workbooks, sorted, no lock file.
fn sample_returns() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo(RETURNS))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with("~$") && [".xlsx", ".xls"].iter().any(|e| name.ends_with(e))
        })
        .collect();
    files.sort();
    files
}

/// The CLI run in `dir` (so that files are named as the page names them).
fn cli_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_huizong"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The plan and the sample returns copied into `dir` under their own names.
fn copy_sample(dir: &Path) -> Vec<String> {
    std::fs::copy(repo(PLAN), dir.join("plan.xlsx")).unwrap();
    sample_returns()
        .iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(f, dir.join(&name)).unwrap();
            name
        })
        .collect()
}

fn plan_form() -> Form {
    Form::new().file("plan", "plan.xlsx", &std::fs::read(repo(PLAN)).unwrap())
}

fn merge_form() -> Form {
    let mut form = plan_form().text("period", "2024Q3");
    for f in sample_returns() {
        form = form.path("returns", &f);
    }
    form
}

/// What the temporary folder holds besides the downloads: nothing, between requests.
fn left_behind(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "downloads")
        .collect()
}

#[test]
fn without_the_token_every_request_is_refused() {
    let s = Served::start(&[]);
    assert_eq!(s.get("/", &[]).status, 403);
    assert_eq!(s.get("/?token=0123", &[]).status, 403);
    let no_token = s.send("POST", "/api/merge", &[], &merge_form().done());
    assert_eq!(no_token.status, 403);
    assert!(no_token.error().contains("访问令牌"), "{}", no_token.text());
    let wrong = s.send(
        "POST",
        "/api/check",
        &[("X-Huizong-Token", "ffffffffffffffffffffffffffffffff")],
        &plan_form().done(),
    );
    assert_eq!(wrong.status, 403);
    assert_eq!(s.get("/download/x/y.xlsx", &[]).status, 403);

    let page = s.get(&format!("/?token={}", s.token), &[]);
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    let html = page.text();
    for id in [
        "plan", "returns", "period", "check", "merge", "template", "result",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "#{id} on the page");
    }
    assert!(!html.contains("https://"), "nothing from elsewhere");
    assert_eq!(page.header("cache-control"), Some("no-store"));
}

#[test]
fn another_host_is_misdirected_and_another_origin_forbidden() {
    let s = Served::start(&[]);
    let path = format!("/?token={}", s.token);
    let port = s.port;
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
    ] {
        let a = s.get(&path, &[("Host", &host)]);
        assert_eq!(a.status, 421, "Host {host}: {}", a.text());
        assert!(a.text().contains("地址不对"), "{}", a.text());
    }
    assert_eq!(
        s.get(&path, &[("Host", &format!("localhost:{port}"))])
            .status,
        200
    );

    // Another site the clerk has open posts to the page's API: refused.
    let foreign = s.send(
        "POST",
        "/api/check",
        &[
            ("X-Huizong-Token", &s.token),
            ("Origin", "http://evil.example"),
        ],
        &plan_form().done(),
    );
    assert_eq!(foreign.status, 403);
    assert!(foreign.error().contains("其他网页"), "{}", foreign.text());
    let null = s.send(
        "POST",
        "/api/check",
        &[("X-Huizong-Token", &s.token), ("Origin", "null")],
        &plan_form().done(),
    );
    assert_eq!(null.status, 403);
    let own = format!("http://127.0.0.1:{port}");
    let ours = s.send(
        "POST",
        "/api/check",
        &[("X-Huizong-Token", &s.token), ("Origin", &own)],
        &plan_form().done(),
    );
    assert_eq!(ours.status, 200, "{}", ours.text());
}

#[test]
fn an_upload_over_the_limit_is_413_and_the_server_goes_on() {
    let s = Served::start(&["--max-upload-mb", "1"]);
    let big = vec![b'x'; 3 * 1024 * 1024];
    let form = plan_form().file("returns", "big.xlsx", &big).done();
    let declared = s.api("/api/merge", &form);
    assert_eq!(declared.status, 413);
    assert!(declared.error().contains("1 MB"), "{}", declared.text());
    // No Content-Length to refuse it by: cut off while it streams.
    let streamed = s.send(
        "POST",
        "/api/merge",
        &[
            ("X-Huizong-Token", &s.token),
            ("Transfer-Encoding", "chunked"),
        ],
        &form,
    );
    assert_eq!(streamed.status, 413, "{}", streamed.text());
    let after = s.api("/api/check", &plan_form().done());
    assert_eq!(after.status, 200, "still serving: {}", after.text());
    assert!(
        left_behind(&s.folder).is_empty(),
        "nothing of the refused uploads kept"
    );
}

#[test]
fn malformed_multipart_is_400_and_the_server_goes_on() {
    let s = Served::start(&[]);
    let mut cut = plan_form();
    cut.body.truncate(cut.body.len() / 2);
    let a = s.api("/api/check", &cut);
    assert_eq!(a.status, 400, "{}", a.text());
    assert!(a.error().contains("格式不正确"), "{}", a.text());
    let not_multipart = http(
        s.port,
        "POST",
        "/api/merge",
        &[
            ("X-Huizong-Token", &s.token),
            ("Content-Type", "application/json"),
        ],
        b"{}",
    );
    assert_eq!(not_multipart.status, 400, "{}", not_multipart.text());
    let garbage = Form {
        boundary: "b".into(),
        body: b"--b\r\nthis is no header\r\n\r\n".to_vec(),
    };
    assert_eq!(s.api("/api/merge", &garbage).status, 400);
    assert_eq!(s.api("/api/check", &plan_form().done()).status, 200);
    assert!(left_behind(&s.folder).is_empty());
}

#[test]
fn an_unusable_plan_is_422_with_the_clis_reason_in_chinese() {
    let s = Served::start(&[]);
    let text = b"this is a text file, not a workbook\n";
    let a = s.api(
        "/api/check",
        &Form::new().file("plan", "计划.xlsx", text).done(),
    );
    assert_eq!(a.status, 422, "{}", a.text());
    let doc = a.json();
    let error = doc["error"].as_str().unwrap();
    assert!(error.starts_with("计划.xlsx: 不是工作簿"), "{error}");
    // The CLI refuses the same file with the same message.
    let dir = fresh_dir("serve-422");
    std::fs::write(dir.join("计划.xlsx"), text).unwrap();
    let (code, stdout, stderr) = cli_in(&dir, &["check", "计划.xlsx"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr.trim_end(), format!("huizong: {error}"));

    let one_return = repo(RETURNS).join("定海区局-2024Q3.xlsx");
    let bad_period = plan_form()
        .text("period", "三季度")
        .path("returns", &one_return)
        .done();
    let bad_period = s.api("/api/merge", &bad_period);
    assert_eq!(bad_period.status, 422);
    assert!(
        bad_period.error().contains("不是报告期"),
        "{}",
        bad_period.text()
    );
    let no_plan = s.api("/api/merge", &Form::new().text("period", "2024Q3").done());
    assert_eq!(no_plan.status, 422);
    assert!(no_plan.error().contains("计划表"), "{}", no_plan.text());
    let path_profile = s.api(
        "/api/check",
        &plan_form().text("profile", "/etc/passwd").done(),
    );
    assert_eq!(
        path_profile.status, 422,
        "a profile is never a path on the server"
    );
}

#[test]
fn merge_through_the_page_is_the_clis_merge_and_its_report() {
    let s = Served::start(&[]);
    let dir = fresh_dir("serve-merge");
    let names = copy_sample(&dir);
    let mut args = vec!["merge", "plan.xlsx"];
    args.extend(names.iter().map(String::as_str));
    args.extend(["--period", "2024Q3", "--json", "-o", "cli.xlsx"]);
    let (code, cli, stderr) = cli_in(&dir, &args);
    assert_eq!(code, 1, "the sample has findings: {stderr}");

    let mut form = plan_form().text("period", "2024Q3");
    for name in &names {
        form = form.path("returns", &dir.join(name));
    }
    let a = s.api("/api/merge", &form.done());
    assert_eq!(a.status, 200, "{}", a.text());
    let mut doc = a.json();
    let report = doc
        .as_object_mut()
        .unwrap()
        .remove("report")
        .expect("a link to the report");
    let cli: Value = serde_json::from_str(&cli).unwrap();
    assert_eq!(
        doc, cli,
        "the page's JSON is merge --json's, figure for figure"
    );
    assert!(doc["findings"].as_array().unwrap().len() >= 7);

    let link = report.as_str().unwrap();
    assert!(
        link.starts_with("/download/") && link.ends_with("/%E6%B1%87%E6%80%BB-2024Q3.xlsx"),
        "{link}"
    );
    let got = s.get(&format!("{link}?token={}", s.token), &[]);
    assert_eq!(got.status, 200);
    let disposition = got.header("content-disposition").unwrap();
    assert!(
        disposition.contains("filename*=UTF-8''%E6%B1%87%E6%80%BB-2024Q3.xlsx"),
        "the Chinese name is kept: {disposition}"
    );
    assert_eq!(
        got.body,
        std::fs::read(dir.join("cli.xlsx")).unwrap(),
        "the report is merge -o's, byte for byte"
    );
    let saved = dir.join("汇总-2024Q3.xlsx");
    std::fs::write(&saved, &got.body).unwrap();
    assert_report_reads_back(&saved);
    assert!(
        left_behind(&s.folder).is_empty(),
        "the uploads went with the answer"
    );
}

/// The downloaded report opens in calamine with the sheets a report has.
fn assert_report_reads_back(path: &Path) {
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).unwrap();
    let sheets = wb.sheet_names();
    for sheet in ["汇总", "单位情况", "问题清单", "回收情况"] {
        assert!(sheets.iter().any(|s| s == sheet), "{sheet} in {sheets:?}");
    }
    let received = wb.worksheet_range("回收情况").unwrap();
    let text: String = received.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        text.contains("定海区局-2024Q3.xlsx"),
        "回收情况 names the files"
    );
}

#[test]
fn returns_in_a_zip_merge_as_the_folder_does() {
    let s = Served::start(&[]);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for entry in std::fs::read_dir(repo(RETURNS)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        zip.start_file(format!("returns-2024Q3/{name}"), options)
            .unwrap();
        zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let zipped = s.api(
        "/api/merge",
        &plan_form()
            .text("period", "2024Q3")
            .file("returns", "报表.zip", &bytes)
            .done(),
    );
    assert_eq!(zipped.status, 200, "{}", zipped.text());
    let one_by_one = s.api("/api/merge", &merge_form().done());
    let (a, b) = (zipped.json(), one_by_one.json());
    for key in ["returns", "findings", "units", "city"] {
        assert_eq!(
            a[key], b[key],
            "{key}: the lock file and the .tsv files skipped"
        );
    }
}

#[test]
fn check_and_forms_through_the_page_are_the_clis() {
    let s = Served::start(&[]);
    let dir = fresh_dir("serve-check");
    copy_sample(&dir);
    let (_, cli, _) = cli_in(&dir, &["check", "plan.xlsx", "--json"]);
    // A name with a path in it is never a path here: only its last part is shown.
    let a = s.api(
        "/api/check",
        &Form::new()
            .file(
                "plan",
                "../../plan.xlsx",
                &std::fs::read(repo(PLAN)).unwrap(),
            )
            .done(),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let mut doc = a.json();
    let checked = doc.as_object_mut().unwrap().remove("checked").unwrap();
    assert_eq!(doc, serde_json::from_str::<Value>(&cli).unwrap());
    let got = s.get(
        &format!("{}?token={}", checked.as_str().unwrap(), s.token),
        &[],
    );
    assert_eq!(got.status, 200);
    assert!(
        got.header("content-disposition")
            .unwrap()
            .contains("filename*=UTF-8''plan-%E6%A0%A1%E9%AA%8C%E7%BB%93%E6%9E%9C.xlsx")
    );

    let forms = s.api(
        "/api/template",
        &plan_form().text("period", "2024Q3").done(),
    );
    assert_eq!(forms.status, 200, "{}", forms.text());
    assert_eq!(forms.header("x-huizong-forms"), Some("11"));
    assert!(
        forms
            .header("content-disposition")
            .unwrap()
            .contains("filename*=UTF-8''%E5%A1%AB%E6%8A%A5%E8%A1%A8-2024Q3.zip")
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(forms.body)).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert_eq!(names.len(), 11);
    assert!(names.contains(&"定海-2024Q3.xlsx".to_string()), "{names:?}");
    // Each form is the one `huizong template` writes.
    let out = dir.join("forms");
    std::fs::create_dir(&out).unwrap();
    cli_in(
        &dir,
        &["template", "plan.xlsx", "--period", "2024Q3", "-o", "forms"],
    );
    let mut form = Vec::new();
    zip.by_name("定海-2024Q3.xlsx")
        .unwrap()
        .read_to_end(&mut form)
        .unwrap();
    assert_eq!(form, std::fs::read(out.join("定海-2024Q3.xlsx")).unwrap());
}

#[test]
fn several_requests_at_once_are_answered() {
    let s = Served::start(&[]);
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let jobs: Vec<_> = (0..4)
            .map(|i| {
                let s = &s;
                scope.spawn(move || {
                    if i % 2 == 0 {
                        s.api("/api/merge", &merge_form().done()).status
                    } else {
                        s.api("/api/check", &plan_form().done()).status
                    }
                })
            })
            .collect();
        jobs.into_iter().map(|j| j.join().unwrap()).collect()
    });
    assert_eq!(answers, [200, 200, 200, 200]);
}

#[cfg(unix)]
#[test]
fn ctrl_c_removes_everything_it_stored() {
    let mut s = Served::start(&[]);
    assert!(s.folder.is_dir(), "{}", s.folder.display());
    assert_eq!(s.api("/api/merge", &merge_form().done()).status, 200);
    assert!(
        std::fs::read_dir(s.folder.join("downloads"))
            .unwrap()
            .count()
            > 0
    );
    let status = s.interrupt();
    assert_eq!(status.code(), Some(130));
    assert!(!s.folder.exists(), "{} removed", s.folder.display());
}

/// Started with no arguments at all, as a double-click on Windows starts it:
/// the page is served and opened in the browser ($BROWSER, here a script
/// that writes down the address it was given).
#[cfg(unix)]
#[test]
fn no_arguments_is_serve_and_opens_the_browser() {
    let dir = fresh_dir("serve-double-click");
    let opened = dir.join("opened.txt");
    let browser = dir.join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&browser)
        .status()
        .unwrap();
    let s = Served::spawn(&[], &[("BROWSER", browser.to_str().unwrap())]);
    assert!(s.port > 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !opened.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let given = std::fs::read_to_string(&opened).expect("the browser was opened");
    assert_eq!(given.trim(), s.address);
    assert_eq!(s.get(&format!("/?token={}", s.token), &[]).status, 200);
}

#[test]
fn a_clerk_merges_in_a_real_browser() {
    let required = std::env::var_os("HUIZONG_REQUIRE_BROWSER").is_some();
    let missing: Vec<&str> = [
        ("chromium", "chromium --version"),
        ("chromedriver", "chromedriver --version"),
        ("python3 selenium", "python3 -c 'import selenium'"),
    ]
    .into_iter()
    .filter(|(_, probe)| {
        !Command::new("sh")
            .args(["-c", &format!("{probe} >/dev/null 2>&1")])
            .status()
            .is_ok_and(|s| s.success())
    })
    .map(|(what, _)| what)
    .collect();
    if !missing.is_empty() {
        let why = format!(
            "the browser test needs {} (apt-get install chromium chromium-driver; pip install selenium)",
            missing.join(", ")
        );
        assert!(!required, "HUIZONG_REQUIRE_BROWSER is set: {why}");
        eprintln!("SKIPPED: {why}");
        return;
    }
    let s = Served::start(&[]);
    let downloads = fresh_dir("serve-browser");
    let returns: Vec<String> = sample_returns()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut command = Command::new("python3");
    command
        .arg(repo("tests/cli/serve_browser.py"))
        .arg(&s.address)
        .arg(repo(PLAN))
        .arg(&downloads)
        .args(&returns);
    let out = command.output().expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the browser script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert!(seen["findings"].as_u64().unwrap() >= 7, "{seen}");
    assert!(
        seen["result"].as_str().unwrap().contains("岱山"),
        "a finding names its unit"
    );
    let report = downloads.join("汇总-2024Q3.xlsx");
    assert_eq!(
        seen["download"].as_str().unwrap(),
        report.display().to_string()
    );
    assert_report_reads_back(&report);
}
