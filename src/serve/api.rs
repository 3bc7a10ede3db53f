//! The handlers: the page, `check`, `merge`, `template`, downloads. Each does
//! what its command does, through the same library calls and the same pure
//! renderers, so the page gets the `--json` document and the report bytes the
//! CLI gives for the same files.

use super::State;
use super::page;
use super::store::{self, Stored};
use super::upload::{Received, Upload, receive};
use super::wire::{self, Refusal};
use crate::error::Error;
use crate::load::plan::read_plan_named;
use crate::load::returns;
use crate::model::period::Period;
use crate::model::plan::Plan;
use crate::model::profile::BUILT_IN;
use crate::model::returns::Return;
use crate::render::form;
use crate::{merge, reconcile, render};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path as UrlPath, State as Shared};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::sync::Arc;

/// `GET /`: the page.
pub async fn page(Shared(state): Shared<Arc<State>>) -> Response {
    let csp = HeaderValue::from_str(&page::content_security_policy())
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CONTENT_SECURITY_POLICY, csp),
        ],
        page::html(state.max_upload),
    )
        .into_response()
}

/// `POST /api/check`: `plan` (and optionally `sheet`, `profile`) → the
/// `check --json` document, plus `"checked"`: the link to the checked plan.
pub async fn check(
    Shared(state): Shared<Arc<State>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    answer(state, multipart, move |received, state| {
        let plan = plan_upload(&received)?;
        let (sheet, profile) = (received.text("sheet"), profile(&received)?);
        let (plan_read, grid, _) = read_plan_named(&plan.path, &plan.name, sheet, profile)?;
        let check = reconcile::check(plan_read);
        let bytes = render::check::xlsx::checked(&grid, &check).map_err(cannot_write)?;
        let name = format!("{}-校验结果.xlsx", stem(&plan.name));
        let link = state
            .store
            .put(&name, store::XLSX, &bytes)
            .map_err(|e| cannot_keep(&e))?;
        let json = render::check::json::check(&check);
        Ok(wire::json(
            StatusCode::OK,
            wire::with_key(&json, "checked", &link),
        ))
    })
    .await
}

/// `POST /api/merge`: `plan`, `returns` (repeated, .zip allowed), `period`,
/// optionally `previous` (repeated), `notes`, `sheet`, `profile`, `modified`
/// → the `merge --json` document, plus `"report"`: the link to the report.
pub async fn merge(
    Shared(state): Shared<Arc<State>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    answer(state, multipart, move |received, state| {
        let period = period(&received)?;
        let plan = plan_upload(&received)?;
        let uploads = received.returns(state.max_upload)?;
        if uploads.is_empty() {
            return Err(Refusal::unusable(
                "没有收到报表：请选择各单位报送的报表文件（.xlsx/.xls/.ods，或它们的 .zip 压缩包）。",
            ));
        }
        let (sheet, profile) = (received.text("sheet"), profile(&received)?);
        // As the CLI does: the plan is read and checked while the returns
        // are, and each return read after it is taken at once.
        let (check, inputs) = merge::check_while_reading(
            period,
            || {
                let (plan, _, _) = read_plan_named(&plan.path, &plan.name, sheet, profile)?;
                Ok::<_, Error>(reconcile::check(plan))
            },
            |take| read_returns(&uploads, period, take),
        );
        let check = check?;
        let previous = previous(&received.files("previous"), period.before());
        let consolidation = merge::consolidate_pending(check, period, inputs, previous);
        let bytes = render::merge::xlsx::report(&consolidation, received.flag("notes"))
            .map_err(cannot_write)?;
        let name = format!("汇总-{period}.xlsx");
        let link = state.store.put(&name, store::XLSX, &bytes).map_err(|e| cannot_keep(&e))?;
        let json = render::merge::json::merge(&consolidation);
        Ok(wire::json(StatusCode::OK, wire::with_key(&json, "report", &link)))
    })
    .await
}

/// `POST /api/template`: `plan`, `period`, optionally `unit` (repeated),
/// `wide`, `sheet`, `profile` → a .zip of the forms (`填报表-<period>.zip`),
/// their number in `X-Huizong-Forms`.
pub async fn template(
    Shared(state): Shared<Arc<State>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    answer(state, multipart, move |received, _| {
        let period = period(&received)?;
        let upload = plan_upload(&received)?;
        let (sheet, profile) = (received.text("sheet"), profile(&received)?);
        let (plan, _, _) = read_plan_named(&upload.path, &upload.name, sheet, profile)?;
        let forms = forms(&plan, period, &received)?;
        let zip = zip_of(&forms).map_err(|e| cannot_keep(&std::io::Error::other(e)))?;
        let name = format!("填报表-{period}.zip");
        let count = HeaderValue::from(forms.len());
        Ok((
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(store::ZIP)),
                (
                    header::CONTENT_DISPOSITION,
                    wire::content_disposition(&name),
                ),
                (header::HeaderName::from_static("x-huizong-forms"), count),
            ],
            zip,
        )
            .into_response())
    })
    .await
}

/// `GET /download/<id>/<name>`: a report or checked plan made earlier, saved
/// under its Chinese name.
pub async fn download(
    Shared(state): Shared<Arc<State>>,
    UrlPath((id, _name)): UrlPath<(String, String)>,
) -> Response {
    let Some(Stored {
        name,
        path,
        media_type,
    }) = state.store.get(&id)
    else {
        return not_found().await;
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
                (
                    header::CONTENT_DISPOSITION,
                    wire::content_disposition(&name),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => not_found().await,
    }
}

/// Anything else: 404.
pub async fn not_found() -> Response {
    Refusal::new(
        StatusCode::NOT_FOUND,
        "没有这个页面或文件（下载链接在服务停止后失效）。",
    )
    .into_response()
}

/// Run the reading and rendering off the async threads, so that other
/// requests are answered meanwhile.
/// Receive the multipart form, then do `work` with it off the async threads
/// (a refusal of the form is answered as such).
async fn answer<F>(
    state: Arc<State>,
    multipart: Result<Multipart, MultipartRejection>,
    work: F,
) -> Response
where
    F: FnOnce(Received, &State) -> Result<Response, Refusal> + Send + 'static,
{
    match receive(&state, multipart).await {
        Ok(received) => blocking(move || work(received, &state)).await,
        Err(refusal) => refusal.into_response(),
    }
}

async fn blocking<F>(work: F) -> Response
where
    F: FnOnce() -> Result<Response, Refusal> + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(response)) => response,
        Ok(Err(refusal)) => refusal.into_response(),
        Err(_) => Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "处理时发生内部错误：请重试；如仍出错，请把所用文件交给维护人员。",
        )
        .into_response(),
    }
}

fn plan_upload(received: &Received) -> Result<Upload, Refusal> {
    received
        .file("plan")
        .ok_or_else(|| Refusal::unusable("请选择计划表（任务分解表）文件。"))
}

fn period(received: &Received) -> Result<Period, Refusal> {
    let text = received
        .text("period")
        .ok_or_else(|| Refusal::unusable("请填写所属期，例如 2024Q3。"))?;
    Ok(text.parse::<Period>()?)
}

/// The roster: a built-in profile's name or `none`; never a path, since the
/// page must not make the server read a file of its choosing.
fn profile(received: &Received) -> Result<Option<&str>, Refusal> {
    match received.text("profile") {
        None => Ok(None),
        Some(name) if name == "none" || BUILT_IN.iter().any(|(n, _)| *n == name) => Ok(Some(name)),
        Some(name) => {
            let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
            Err(Refusal::unusable(format!(
                "单位名册“{name}”不是内置名册。网页上可用：{}、none。",
                names.join("、")
            )))
        }
    }
}

/// Every return read in parallel, as the CLI reads them.
fn read_returns(uploads: &[Upload], period: Period, take: &merge::Take) -> Vec<merge::Pending> {
    use rayon::prelude::*;
    uploads
        .par_iter()
        .map(|u| {
            take(returns::read_named(
                &u.path,
                &u.name,
                u.modified,
                Some(period),
            ))
        })
        .collect()
}

/// Last quarter: each file our own report (its 单位情况 sheet), else a return.
fn previous(uploads: &[Upload], last: Period) -> Vec<Return> {
    uploads
        .iter()
        .filter_map(|u| {
            returns::read_report_named(&u.path, &u.name)
                .or_else(|| returns::read_named(&u.path, &u.name, u.modified, Some(last)).ok())
        })
        .collect()
}

/// The forms `huizong template` writes for these fields: (file name, bytes).
fn forms(
    plan: &Plan,
    period: Period,
    received: &Received,
) -> Result<Vec<(String, Vec<u8>)>, Refusal> {
    if received.flag("wide") {
        let bytes = form::wide_form(plan, period).map_err(cannot_write)?;
        return Ok(vec![(form::file_name("全部单位", period), bytes)]);
    }
    let chosen = form::chosen_units(plan, &received.texts("unit"))?;
    chosen
        .into_iter()
        .map(|unit| {
            let bytes = form::unit_form(plan, unit, period).map_err(cannot_write)?;
            Ok((form::file_name(&plan.units[unit].name, period), bytes))
        })
        .collect()
}

/// The forms in one .zip, stored (an .xlsx is compressed already), names in UTF-8.
fn zip_of(files: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        zip.start_file(name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// A file name without its extension (`计划.xlsx` → `计划`).
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

fn cannot_write(e: impl std::fmt::Display) -> Refusal {
    Refusal {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        error: format!("无法生成表格（{e}）。"),
        detail: Some(e.to_string()),
    }
}

fn cannot_keep(e: &std::io::Error) -> Refusal {
    Refusal {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        error: format!("无法在临时文件夹中保存生成的文件（{e}）：请检查磁盘空间后重试。"),
        detail: Some(e.to_string()),
    }
}
