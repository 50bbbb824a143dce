//! Panic recovery: a second Worker, built with the `panic-route` test feature into its own
//! folder (target/e2e/build-panic/, never build/), panics on `/__panic/`. With
//! `panic = "abort"` the panic traps the wasm instance; worker-build's shim
//! (`--experimental-reset-state-function`) sees the trap and resets the instance before the
//! next request. The request that panicked fails (500); the next one is served normally.

use crate::http::{get, send};
use crate::server::Variant;
use crate::Server;

const PANIC: Variant = Variant {
    name: "panic",
    features: "panic-route",
};

pub fn after_a_panic_the_next_request_is_served(main: &Server) {
    let s = Server::start_variant(&PANIC).unwrap_or_else(|e| panic!("panic server: {e}"));
    let expected = get(main.port, "/");
    assert_eq!(expected.status, 200);
    // The release build has no such route.
    assert_eq!(get(main.port, "/__panic/").status, 404);

    for round in 1..=3 {
        let boom = get(s.port, "/__panic/");
        assert!(
            boom.status >= 500,
            "round {round}: the panicking request got {}",
            boom.status
        );
        // Served again at once, from a fresh instance: same page, same headers.
        let page = get(s.port, "/");
        assert_eq!(page.status, 200, "round {round}: {}", page.text());
        assert_eq!(page.body, expected.body, "round {round}: same page");
        assert_eq!(page.header("etag"), expected.header("etag"));
        assert!(page.header("content-security-policy").is_some());
        assert_eq!(get(s.port, "/nope/").status, 404, "round {round}");
    }

    // The platform bindings work after a reset: a message is stored.
    let marker = format!("apres-panique-{}", std::process::id());
    let body = format!(
        "name=Amina&email=visiteur%40exemple.ma&subject=information&message=Bonjour+{marker}&consent=oui"
    );
    let r = send(
        s.port,
        "POST",
        "/contact/",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("CF-Connecting-IP", "198.19.0.1"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(s.count_messages(&marker), 1);
    crate::logs::submitted(&[&marker, "198.19.0.1"]);

    // The shim said why the instance was reset (worker-build 0.8.7's message).
    let log = s.log_with("Reinitializing Wasm application");
    assert!(
        log.contains("Reinitializing Wasm application"),
        "no reset in the log:\n{log}"
    );
    eprintln!(
        "    3 panics, each followed by a normal page; reset {} times",
        log.matches("Reinitializing Wasm application").count()
    );
}
