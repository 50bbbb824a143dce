//! A strict JSON parser for the one flat object the Worker reads (the contact API, Turnstile's
//! answer). serde_json cost 16 KB of wasm and float formatting for this (docs/performance.md);
//! it is RFC 8259, limits nesting, and `cargo test` checks it against serde_json.

/// A parsed JSON value. Numbers are kept as their text: the site never computes with them,
/// and parsing floats would bring float code into the wasm.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Nesting deeper than this is refused ("JSON bombs"); a contact message is one level deep.
pub const MAX_DEPTH: usize = 32;

/// Parses a complete JSON document (RFC 8259), strictly: no trailing commas, no comments,
/// nothing after the value, strings must be valid UTF-8 with valid escapes.
pub fn parse(input: &[u8]) -> Option<Value> {
    let mut p = Parser { s: input, i: 0 };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> Option<()> {
        self.s
            .get(self.i..self.i + lit.len())
            .filter(|w| *w == lit)?;
        self.i += lit.len();
        Some(())
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match *self.s.get(self.i)? {
            b'n' => self.eat(b"null").map(|_| Value::Null),
            b't' => self.eat(b"true").map(|_| Value::Bool(true)),
            b'f' => self.eat(b"false").map(|_| Value::Bool(false)),
            b'"' => self.string().map(Value::Str),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat(b"]").is_some() {
                    return Some(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(b",").is_none() {
                        self.eat(b"]")?;
                        return Some(Value::Array(items));
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.eat(b"}").is_some() {
                    return Some(Value::Object(fields));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.ws();
                    self.eat(b":")?;
                    fields.push((key, self.value(depth + 1)?));
                    self.ws();
                    if self.eat(b",").is_none() {
                        self.eat(b"}")?;
                        return Some(Value::Object(fields));
                    }
                }
            }
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let from = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i > from
        };
        let _ = self.eat(b"-");
        if self.eat(b"0").is_none() && !digits(self) {
            return None;
        }
        if self.eat(b".").is_some() && !digits(self) {
            return None;
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        Some(Value::Number(
            String::from_utf8_lossy(&self.s[start..self.i]).into_owned(),
        ))
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
        self.i += 4;
        u32::from_str_radix(h, 16)
            .ok()
            .filter(|_| h.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b"\"")?;
        let mut out = Vec::new();
        loop {
            let b = *self.s.get(self.i)?;
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi) {
                                self.eat(b"\\u")?;
                                let lo = self.hex4().filter(|lo| (0xdc00..0xe000).contains(lo))?;
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return None,
                _ => out.push(b),
            }
        }
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn parses_what_serde_json_parses() {
        let docs: &[&str] = &[
            r#"{"name": "Amina", "consent": true, "n": -1.5e3, "x": null, "a": [1, [], {}]}"#,
            r#"  "\u00e9\ud83d\ude00\n\"\\\/"  "#,
            "[]",
            "0",
            r#"{"k":"v","k":"w"}"#,
        ];
        for doc in docs {
            assert!(parse(doc.as_bytes()).is_some(), "{doc}");
            assert!(
                serde_json::from_str::<serde_json::Value>(doc).is_ok(),
                "{doc}"
            );
        }
        assert_eq!(
            parse(br#""\u00e9\ud83d\ude00""#),
            Some(Value::Str("é😀".into()))
        );
    }

    #[test]
    fn refuses_what_is_not_json() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 2), "]".repeat(MAX_DEPTH + 2));
        let bad: &[&[u8]] = &[
            b"",
            b"{",
            b"{\"a\":1,}",
            b"[1,]",
            b"{'a':1}",
            b"01",
            b"1.",
            b"-",
            b"1e",
            b"tru",
            b"\"\\x\"",
            b"\"\\ud800\"",
            b"\"a\x01\"",
            b"\"\xff\"",
            b"{} {}",
            b"{\"a\" 1}",
            b"/* */{}",
            deep.as_bytes(),
        ];
        for doc in bad {
            assert_eq!(parse(doc), None, "{:?}", String::from_utf8_lossy(doc));
        }
    }
}

/// The hand parser against serde_json on generated documents: valid ones (any nesting up to
/// the limit, any strings, numbers in every syntax), the same with one byte changed, inserted
/// or removed, and soups of JSON tokens. `make fuzz` runs the same comparison on coverage-guided
/// inputs; this keeps it in every `cargo test`.
#[cfg(test)]
mod against_serde_json {
    use proptest::prelude::*;

    use crate::fuzz_targets::agrees_with_serde_json;

    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| format!("{f:e}")),
            "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,8})?([eE][+-]?[0-9]{1,3})?",
        ]
    }

    fn value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<String>().prop_map(serde_json::Value::String),
            number().prop_filter_map("a JSON number", |n| serde_json::from_str(&n).ok()),
        ];
        leaf.prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("{".to_string()),
            Just("}".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just(",".to_string()),
            Just(":".to_string()),
            Just(" ".to_string()),
            Just("true".to_string()),
            Just("null".to_string()),
            "\"([a-z]|\\\\[\"\\\\/bfnrtu]|\\\\u[0-9a-fA-F]{4}|[é😀])*\"",
            number(),
        ]
    }

    proptest! {
        #[test]
        fn valid_documents_parse_the_same(v in value(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&v)
            } else {
                serde_json::to_string(&v)
            };
            let text = text.map_err(|e| TestCaseError::fail(e.to_string()))?;
            agrees_with_serde_json(text.as_bytes());
        }

        #[test]
        fn damaged_documents_are_refused_alike(
            v in value(),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            how in 0..3u8,
        ) {
            let mut bytes = serde_json::to_vec(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let i = at.index(bytes.len() + 1);
            match (how, i < bytes.len()) {
                (0, true) => bytes[i] = byte,
                (1, _) => bytes.insert(i, byte),
                (_, true) => { bytes.remove(i); }
                _ => bytes.push(byte),
            }
            agrees_with_serde_json(&bytes);
        }

        #[test]
        fn token_soups_are_judged_alike(tokens in prop::collection::vec(token(), 0..24)) {
            agrees_with_serde_json(tokens.concat().as_bytes());
        }
    }
}
