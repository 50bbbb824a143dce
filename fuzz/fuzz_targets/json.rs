//! `cargo fuzz run json`: the hand JSON parser against serde_json, plus the contact API checks
//! of `oim_maroc::fuzz_targets::json`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oim_maroc::fuzz_targets::depth;
use oim_maroc::json::{self, Value, MAX_DEPTH};

fuzz_target!(|data: &[u8]| {
    oim_maroc::fuzz_targets::json(data);
    let ours = json::parse(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match (&ours, &theirs) {
        (Some(a), Ok(b)) => assert!(same(a, b), "{a:?} != {b:?}"),
        // serde_json turns numbers into f64 and refuses 1e400; the site keeps the text.
        (Some(_), Err(e)) => assert!(
            e.to_string().contains("number out of range"),
            "only we accept it: {e}"
        ),
        (None, Ok(b)) => assert!(
            serde_depth(b) > MAX_DEPTH,
            "only serde_json accepts it: {b:?}"
        ),
        (None, Err(_)) => {}
    }
    if let Some(v) = &ours {
        assert!(depth(v) <= MAX_DEPTH);
    }
});

/// The same document: equal scalars, numbers equal once read by serde_json, objects equal
/// with the last of duplicate keys winning (as serde_json does).
fn same(a: &Value, b: &serde_json::Value) -> bool {
    match (a, b) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(x), serde_json::Value::Bool(y)) => x == y,
        (Value::Str(x), serde_json::Value::String(y)) => x == y,
        (Value::Number(x), serde_json::Value::Number(_)) => {
            serde_json::from_str::<serde_json::Value>(x).is_ok_and(|n| &n == b)
        }
        (Value::Array(x), serde_json::Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), serde_json::Value::Object(y)) => {
            let mut keys: Vec<&String> = x.iter().map(|(k, _)| k).collect();
            keys.sort();
            keys.dedup();
            keys.len() == y.len()
                && y.iter().all(|(k, vb)| {
                    x.iter()
                        .rev()
                        .find(|(ka, _)| ka == k)
                        .is_some_and(|(_, va)| same(va, vb))
                })
        }
        _ => false,
    }
}

fn serde_depth(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Array(items) => {
            items.iter().map(|i| 1 + serde_depth(i)).max().unwrap_or(0)
        }
        serde_json::Value::Object(fields) => fields
            .values()
            .map(|i| 1 + serde_depth(i))
            .max()
            .unwrap_or(0),
        _ => 0,
    }
}
