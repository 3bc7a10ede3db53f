//! The checks every request passes before it reaches a handler, in order:
//! the Host (DNS rebinding), the Origin (another site posting to us), the
//! token, the body's declared size. Every answer then gets headers that keep
//! the page and its token to itself.

use super::State;
use super::wire::Refusal;
use axum::extract::{Request, State as Shared};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The header a program may send the token in, instead of `?token=`.
pub const TOKEN_HEADER: &str = "x-huizong-token";

/// Refuse what is not for us; pass the rest on, and harden the answer.
pub async fn guard(Shared(state): Shared<Arc<State>>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let verdict = check(&state, request.headers(), request.uri().query());
    let mut response = match verdict {
        Err(refusal) if api => refusal.into_response(),
        Err(refusal) => (
            refusal.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            refusal.error,
        )
            .into_response(),
        Ok(()) => next.run(request).await,
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Every rule, in order; the first broken one is the answer.
fn check(state: &State, headers: &HeaderMap, query: Option<&str>) -> Result<(), Refusal> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !own_host(host, state.port) {
        return Err(Refusal::new(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "地址不对：本服务只接受 http://127.0.0.1:{port}/ 或 http://localhost:{port}/ 的访问（收到的 Host 是“{host}”）。",
                port = state.port
            ),
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !origin.eq_ignore_ascii_case(&format!("http://{host}")) {
            return Err(Refusal::new(
                StatusCode::FORBIDDEN,
                format!("拒绝来自其他网页（{origin}）的请求：只有本机的汇总页面可以使用本服务。"),
            ));
        }
    }
    let given = headers
        .get(TOKEN_HEADER)
        .and_then(|t| t.to_str().ok())
        .or_else(|| token_in(query));
    if !given.is_some_and(|t| same(t.as_bytes(), state.token.as_bytes())) {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "缺少或错误的访问令牌：请使用启动窗口中显示的完整地址（含 ?token=…）打开页面。",
        ));
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.max_upload) {
        return Err(too_large(state.max_upload));
    }
    Ok(())
}

/// 413, saying the limit and how to raise it.
pub fn too_large(limit: u64) -> Refusal {
    Refusal::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "上传的文件合计超过 {} MB 的上限。请分批上传，或用 huizong serve --max-upload-mb 调高上限后重新启动。",
            limit / (1024 * 1024)
        ),
    )
}

/// `127.0.0.1:PORT` or `localhost:PORT`, nothing else.
fn own_host(host: &str, port: u16) -> bool {
    let Some((name, p)) = host.rsplit_once(':') else {
        return false;
    };
    p == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// The `token` parameter of a query string.
fn token_in(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

/// Equal, in a time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_host_and_port() {
        assert!(own_host("127.0.0.1:8765", 8765));
        assert!(own_host("localhost:8765", 8765));
        assert!(own_host("LOCALHOST:8765", 8765));
        assert!(!own_host("127.0.0.1:8766", 8765));
        assert!(!own_host("127.0.0.1", 8765));
        assert!(!own_host("evil.example:8765", 8765));
        assert!(!own_host("127.0.0.1.evil.example:8765", 8765));
        assert!(!own_host("", 8765));
    }

    #[test]
    fn the_token_is_found_among_other_parameters() {
        assert_eq!(token_in(Some("a=1&token=abc")), Some("abc"));
        assert_eq!(token_in(Some("xtoken=abc")), None);
        assert_eq!(token_in(None), None);
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
    }
}
