//! End-to-end tests against the real Worker in `wrangler dev` (workerd, local D1, local rate
//! limiter and email). One server for the whole run, always stopped at the end, even when a
//! test fails. Run with `make test` (or `cargo test --test e2e` after `scripts/build`);
//! `cargo test --test e2e -- NAME` runs the tests whose name contains NAME.

mod abuse;
mod contact;
mod http;
mod logs;
mod panic;
mod preview;
mod search;
mod server;
mod site;
mod visitors;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

pub use server::Server;

type Test = (&'static str, fn(&Server));

const TESTS: &[Test] = &[
    (
        "serves_every_page_with_cache_and_security_headers",
        site::serves_every_page_with_cache_and_security_headers,
    ),
    (
        "revalidates_with_etag_and_answers_304",
        site::revalidates_with_etag_and_answers_304,
    ),
    (
        "revalidates_with_last_modified_and_answers_304",
        site::revalidates_with_last_modified_and_answers_304,
    ),
    ("head_has_no_body", site::head_has_no_body),
    (
        "other_methods_get_405_with_allow",
        site::other_methods_get_405_with_allow,
    ),
    (
        "redirects_to_canonical_urls",
        site::redirects_to_canonical_urls,
    ),
    (
        "unknown_pages_get_the_french_404",
        site::unknown_pages_get_the_french_404,
    ),
    (
        "the_root_follows_accept_language",
        site::the_root_follows_accept_language,
    ),
    (
        "sitemap_feeds_and_assets_are_served",
        site::sitemap_feeds_and_assets_are_served,
    ),
    (
        "hostile_paths_get_400_or_404",
        site::hostile_paths_get_400_or_404,
    ),
    (
        "a_valid_form_post_is_stored_once_and_redirected",
        contact::a_valid_form_post_is_stored_once_and_redirected,
    ),
    (
        "a_json_post_gets_201_with_the_stored_reference",
        contact::a_json_post_gets_201_with_the_stored_reference,
    ),
    (
        "invalid_posts_get_422_and_store_nothing",
        contact::invalid_posts_get_422_and_store_nothing,
    ),
    (
        "the_honeypot_stores_nothing",
        contact::the_honeypot_stores_nothing,
    ),
    (
        "cross_site_posts_get_403",
        contact::cross_site_posts_get_403,
    ),
    (
        "the_rate_limit_trips_with_429_and_retry_after",
        contact::the_rate_limit_trips_with_429_and_retry_after,
    ),
    (
        "the_team_gets_a_notification_mail",
        contact::the_team_gets_a_notification_mail,
    ),
    ("form_post_latency", contact::form_post_latency),
    (
        "concurrent_posts_are_all_stored_once",
        contact::concurrent_posts_are_all_stored_once,
    ),
    (
        "turnstile_is_verified_server_side_when_configured",
        contact::turnstile_is_verified_server_side_when_configured,
    ),
    (
        "crlf_in_any_field_never_reaches_the_mail_headers",
        abuse::crlf_in_any_field_never_reaches_the_mail_headers,
    ),
    (
        "html_and_script_in_every_field_come_back_escaped",
        abuse::html_and_script_in_every_field_come_back_escaped,
    ),
    (
        "oversized_headers_and_urls_are_refused_without_a_5xx",
        abuse::oversized_headers_and_urls_are_refused_without_a_5xx,
    ),
    (
        "chunked_and_slow_bodies_beyond_the_limit_get_413",
        abuse::chunked_and_slow_bodies_beyond_the_limit_get_413,
    ),
    (
        "a_wrong_host_changes_nothing",
        abuse::a_wrong_host_changes_nothing,
    ),
    (
        "duplicate_fields_are_refused",
        abuse::duplicate_fields_are_refused,
    ),
    (
        "a_json_bomb_is_refused_at_once",
        abuse::a_json_bomb_is_refused_at_once,
    ),
    (
        "a_percent_encoding_bomb_is_decoded_once",
        abuse::a_percent_encoding_bomb_is_decoded_once,
    ),
    (
        "confusables_and_bidi_marks_are_kept_and_reordering_controls_refused",
        abuse::confusables_and_bidi_marks_are_kept_and_reordering_controls_refused,
    ),
    (
        "the_longest_messages_in_every_script_are_stored",
        visitors::the_longest_messages_in_every_script_are_stored,
    ),
    (
        "a_form_over_the_cap_comes_back_with_a_message_in_its_language",
        visitors::a_form_over_the_cap_comes_back_with_a_message_in_its_language,
    ),
    (
        "bidi_marks_and_an_arabic_domain_reach_the_team",
        visitors::bidi_marks_and_an_arabic_domain_reach_the_team,
    ),
    (
        "a_post_without_the_slash_is_redirected_with_308",
        visitors::a_post_without_the_slash_is_redirected_with_308,
    ),
    (
        "a_honeypot_answer_is_indistinguishable_and_nothing_counts",
        visitors::a_honeypot_answer_is_indistinguishable_and_nothing_counts,
    ),
    (
        "the_mail_is_dated_folded_and_crlf",
        visitors::the_mail_is_dated_folded_and_crlf,
    ),
    (
        "ipv6_clients_are_limited_per_64",
        visitors::ipv6_clients_are_limited_per_64,
    ),
    (
        "the_site_wide_limit_caps_messages_per_minute",
        visitors::the_site_wide_limit_caps_messages_per_minute,
    ),
    (
        "old_messages_are_deleted_by_the_cron",
        visitors::old_messages_are_deleted_by_the_cron,
    ),
    (
        "error_pages_speak_the_language_of_the_path",
        visitors::error_pages_speak_the_language_of_the_path,
    ),
    (
        "an_unreadable_origin_is_refused",
        visitors::an_unreadable_origin_is_refused,
    ),
    ("a_stalled_body_gets_408", visitors::a_stalled_body_gets_408),
    (
        "the_team_reads_the_messages_without_sql",
        visitors::the_team_reads_the_messages_without_sql,
    ),
    (
        "search_answers_in_every_language",
        search::search_answers_in_every_language,
    ),
    (
        "search_refuses_malformed_queries_with_a_400_in_the_page_s_language",
        search::search_refuses_malformed_queries_with_a_400_in_the_page_s_language,
    ),
    (
        "after_a_panic_the_next_request_is_served",
        panic::after_a_panic_the_next_request_is_served,
    ),
    (
        "preview_hosts_get_noindex_and_the_production_host_does_not",
        preview::preview_hosts_get_noindex_and_the_production_host_does_not,
    ),
    (
        "a_preview_s_message_is_stored_marked_and_not_mailed",
        preview::a_preview_s_message_is_stored_marked_and_not_mailed,
    ),
    (
        "pages_answer_with_the_readership_binding_and_without_it",
        preview::pages_answer_with_the_readership_binding_and_without_it,
    ),
    (
        "the_newest_item_is_on_the_home_page_its_list_its_feed_and_the_sitemap",
        site::the_newest_item_is_on_the_home_page_its_list_its_feed_and_the_sitemap,
    ),
    (
        "list_pages_link_to_each_other_and_page_one_is_the_section",
        site::list_pages_link_to_each_other_and_page_one_is_the_section,
    ),
    (
        "browser_checks_at_phone_sizes",
        site::browser_checks_at_phone_sizes,
    ),
    // Last: it reads the logs of everything above.
    (
        "logs_are_json_lines_without_any_submitted_value",
        logs::logs_are_json_lines_without_any_submitted_value,
    ),
];

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let selected: Vec<&Test> = TESTS
        .iter()
        .filter(|(name, _)| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str())))
        .collect();

    let started = Instant::now();
    eprintln!("e2e: building and starting wrangler dev…");
    let server = match Server::start() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("e2e: could not start the Worker: {e}");
            println!("0 passed, {} failed", selected.len());
            std::process::exit(1);
        }
    };
    eprintln!(
        "e2e: Worker ready on http://127.0.0.1:{} after {:.1} s",
        server.port,
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = site::same_content_as_this_binary(&server) {
        eprintln!("e2e: {e}");
        println!("0 passed, {} failed", selected.len());
        std::process::exit(1);
    }

    let (mut passed, mut failed) = (0, Vec::new());
    for (name, test) in selected {
        let t = Instant::now();
        match catch_unwind(AssertUnwindSafe(|| test(&server))) {
            Ok(()) => {
                passed += 1;
                println!("test {name} ... ok ({:.1} s)", t.elapsed().as_secs_f64());
            }
            Err(_) => {
                failed.push(*name);
                println!("test {name} ... FAILED");
            }
        }
    }
    drop(server);
    if !failed.is_empty() {
        println!("\nfailures:\n    {}", failed.join("\n    "));
    }
    println!("\n{passed} passed, {} failed", failed.len());
    std::process::exit(if failed.is_empty() { 0 } else { 1 });
}
