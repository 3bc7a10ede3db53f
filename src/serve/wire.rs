//! What goes on the wire besides the documents: refusals as JSON, file names
//! in URLs and in `Content-Disposition`.

use crate::error::Error;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters is encoded: safe in a URL
/// path segment and in RFC 5987's `filename*` alike.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `name` percent-encoded as UTF-8, for a URL path segment or `filename*`.
pub fn encode(name: &str) -> String {
    utf8_percent_encode(name, ENCODED).to_string()
}

/// `attachment` with the file's name kept whole: `filename*` (RFC 5987, UTF-8)
/// for every browser since 2011, and an ASCII `filename` for the rest.
pub fn content_disposition(name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '/')) || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let value = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        encode(name)
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// A request the server will not carry out: the status, and why in Chinese
/// (`error`), with the CLI's own message (`detail`) when the input was unusable.
#[derive(Debug)]
pub struct Refusal {
    /// The HTTP status.
    pub status: StatusCode,
    /// Why, in Chinese, for the clerk.
    pub error: String,
    /// The CLI's message for the same input (`huizong: …` on stderr), if any.
    pub detail: Option<String>,
}

impl Refusal {
    /// A refusal with this status and Chinese reason.
    pub fn new(status: StatusCode, error: impl Into<String>) -> Refusal {
        Refusal {
            status,
            error: error.into(),
            detail: None,
        }
    }

    /// 422: the input cannot be used, said as the clerk needs to hear it.
    pub fn unusable(error: impl Into<String>) -> Refusal {
        Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, error)
    }
}

impl From<Error> for Refusal {
    /// An input the CLI refuses with exit code 2 is refused with 422: the same
    /// error, the CLI's own message, with what a library said (in its own
    /// words, as `--json`'s `detail`) beside it.
    fn from(e: Error) -> Refusal {
        Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            error: e.to_string(),
            detail: e.detail().map(str::to_string),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({ "error": self.error });
        if let Some(detail) = self.detail {
            body["detail"] = detail.into();
        }
        json(self.status, body.to_string())
    }
}

/// A JSON document as the answer, with this status.
pub fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// `document` (a pretty-printed JSON object, as `--json` prints it) with one
/// more key at the end, the rest left exactly as the CLI prints it.
pub fn with_key(document: &str, key: &str, value: &str) -> String {
    let body = document.trim_end();
    let inner = body.strip_suffix('}').unwrap_or(body).trim_end();
    let value = serde_json::Value::from(value).to_string();
    format!("{inner},\n  \"{key}\": {value}\n}}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_name_is_kept_in_filename_star() {
        let v = content_disposition("汇总-2024Q3.xlsx");
        assert_eq!(
            v.to_str().unwrap(),
            "attachment; filename=\"__-2024Q3.xlsx\"; \
             filename*=UTF-8''%E6%B1%87%E6%80%BB-2024Q3.xlsx"
        );
    }

    #[test]
    fn quotes_and_slashes_never_reach_the_header_raw() {
        let v = content_disposition("a\"b\\c/d.xlsx");
        let s = v.to_str().unwrap();
        assert!(
            s.starts_with("attachment; filename=\"a_b_c_d.xlsx\";"),
            "{s}"
        );
        assert!(s.ends_with("a%22b%5Cc%2Fd.xlsx"), "{s}");
    }

    #[test]
    fn a_key_is_added_without_touching_the_document() {
        let doc = "{\n  \"period\": \"2024Q3\"\n}\n";
        assert_eq!(
            with_key(doc, "report", "/download/x/汇总.xlsx"),
            "{\n  \"period\": \"2024Q3\",\n  \"report\": \"/download/x/汇总.xlsx\"\n}\n"
        );
    }
}
