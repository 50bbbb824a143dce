//! The Content-Security-Policy header values. The build writes them into the page table
//! ([`crate::Table`]'s `csp`, `csp_turnstile` and `page_csp`), so that the Worker only copies
//! them: formatting them at the edge cost wasm bytes for values known at build time.

/// The Content-Security-Policy: nothing is allowed but the inline stylesheet (by hash), the
/// page's JSON-LD block (by hash; browsers do not run it, the hash only documents it), images,
/// the manifest and forms of the site itself; no other script, no frame, no `<base>`. With
/// Turnstile, its script and frame from Cloudflare.
pub fn content_security_policy(
    css_hash: &str,
    script_hash: Option<&str>,
    turnstile: bool,
) -> String {
    let mut scripts: Vec<&str> = script_hash.into_iter().collect();
    if turnstile {
        scripts.push("https://challenges.cloudflare.com");
    }
    let script = if scripts.is_empty() {
        String::new()
    } else {
        format!(" script-src {};", scripts.join(" "))
    };
    let frame = if turnstile {
        " frame-src https://challenges.cloudflare.com;"
    } else {
        ""
    };
    format!(
        "default-src 'none'; style-src '{css_hash}'; img-src 'self' data:; manifest-src 'self'; connect-src 'self';{script}{frame} \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
}

/// A page's CSP without Turnstile, split around its JSON-LD hash: the Worker makes page `i`'s
/// value as `head + ld_hashes[i] + tail`, the same as
/// `content_security_policy(css_hash, Some(ld_hashes[i]), false)`.
pub fn page_csp_parts(css_hash: &str) -> (String, String) {
    // A hash is base64 between quotes: it never contains this.
    const MARK: &str = "\u{0}";
    let whole = content_security_policy(css_hash, Some(MARK), false);
    let (head, tail) = whole
        .split_once(MARK)
        .expect("the policy contains its script hash");
    (head.to_string(), tail.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three values the Worker sends, written out.
    #[test]
    fn policies_written_out() {
        let common = "default-src 'none'; style-src 'sha256-abc='; img-src 'self' data:; \
                      manifest-src 'self'; connect-src 'self';";
        let end = " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        assert_eq!(
            content_security_policy("sha256-abc=", None, false),
            format!("{common}{end}")
        );
        assert_eq!(
            content_security_policy("sha256-abc=", None, true),
            format!(
                "{common} script-src https://challenges.cloudflare.com; \
                 frame-src https://challenges.cloudflare.com;{end}"
            )
        );
        assert_eq!(
            content_security_policy("sha256-abc=", Some("'sha256-ld='"), false),
            format!("{common} script-src 'sha256-ld=';{end}")
        );
    }

    #[test]
    fn page_parts_around_the_hash_make_the_page_policy() {
        let (head, tail) = page_csp_parts("sha256-abc=");
        for hash in ["'sha256-ld='", "'sha256-Zm9v+/='"] {
            assert_eq!(
                format!("{head}{hash}{tail}"),
                content_security_policy("sha256-abc=", Some(hash), false)
            );
        }
    }

    #[test]
    fn csp_has_no_unsafe_inline_and_locks_down_frames_forms_and_base() {
        let csp = content_security_policy("sha256-abc=", None, false);
        assert!(!csp.contains("unsafe-inline"));
        for part in [
            "default-src 'none'",
            "style-src 'sha256-abc='",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{part} missing from {csp}");
        }
        assert!(!csp.contains("script-src"));
        let with_turnstile = content_security_policy("sha256-abc=", None, true);
        assert!(with_turnstile.contains("script-src https://challenges.cloudflare.com"));
        assert!(with_turnstile.contains("frame-src https://challenges.cloudflare.com"));
    }
}
