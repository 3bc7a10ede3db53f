//! The one page: plain HTML, CSS and JavaScript compiled into the binary,
//! the style and script inlined so the page needs nothing but itself (no CDN,
//! works offline), and a Content-Security-Policy that allows exactly them.

use sha2::{Digest, Sha256};

const HTML: &str = include_str!("page/index.html");
const CSS: &str = include_str!("page/app.css");
const JS: &str = include_str!("page/app.js");

/// The page, with the upload limit (bytes) the page checks before sending.
pub fn html(max_upload: u64) -> String {
    HTML.replace("{{max_upload}}", &max_upload.to_string())
        .replace("/*{{style}}*/", CSS)
        .replace("/*{{script}}*/", JS)
}

/// The policy the page is served with: its own inline style and script (by
/// their hashes), requests to itself only, no frames, no other site.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; connect-src 'self'; \
         img-src 'self' data: blob:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        hash(CSS),
        hash(JS)
    )
}

/// `sha256-<base64>` of a text, as CSP names an inline block.
fn hash(text: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(text.as_bytes())))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_rfc_4648_gives_it() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_page_holds_its_style_and_script_and_nothing_from_elsewhere() {
        let page = html(200 * 1024 * 1024);
        assert!(page.contains(CSS.trim()) && page.contains(JS.trim()));
        assert!(!page.contains("{{"), "every placeholder is filled");
        assert!(!page.contains("http://") && !page.contains("https://"));
        for id in [
            "plan", "returns", "period", "check", "merge", "template", "result",
        ] {
            assert!(page.contains(&format!("id=\"{id}\"")), "#{id}");
        }
    }
}
