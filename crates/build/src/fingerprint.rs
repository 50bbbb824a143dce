//! Content-addressed names: a file whose bytes change gets a new URL, so that every URL under
//! `/assets/` can be cached forever (`Cache-Control: immutable`).

use sha2::{Digest, Sha256};

/// `/assets/<stem>.<10 hex digits of SHA-256>.<ext>`.
pub fn url(name: &str, bytes: &[u8]) -> String {
    let hash: String = Sha256::digest(bytes)
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect();
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    format!("/assets/{stem}.{hash}.{ext}")
}

/// `sha256-<base64>`, as a CSP source hash (`'sha256-…'` allows one inline block).
pub fn csp_hash(text: &str) -> String {
    use base64::Engine as _;
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// A strong ETag from a page's bytes: 80 bits of SHA-256, quoted.
pub fn etag(bytes: &[u8]) -> String {
    let hex: String = Sha256::digest(bytes)
        .iter()
        .take(10)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("\"{hex}\"")
}
