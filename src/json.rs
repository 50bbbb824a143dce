//! JSON by hand, for the two fixed shapes the Worker handles: writing small objects (API
//! answers, log lines) and reading one flat object (the contact API, Turnstile's answer).
//! serde_json cost 16 KB of wasm and float formatting for this; the parser below is strict
//! RFC 8259, limits nesting, and is tested against serde_json.

/// A JSON object under construction: `Obj::new().str("a", "b").int("n", 1).end()`.
#[derive(Default)]
pub struct Obj(String);

impl Obj {
    pub fn new() -> Self {
        Obj(String::from("{"))
    }

    fn key(mut self, key: &str) -> Self {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        push_str(&mut self.0, key);
        self.0.push(':');
        self
    }

    pub fn str(self, key: &str, value: &str) -> Self {
        let mut o = self.key(key);
        push_str(&mut o.0, value);
        o
    }

    /// A string, or `null`.
    pub fn opt(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self.raw(key, "null"),
        }
    }

    pub fn int(self, key: &str, value: i64) -> Self {
        self.raw(key, &value.to_string())
    }

    /// Adds an already-serialized JSON value (a nested object from [`Obj::end`]).
    pub fn raw(self, key: &str, json: &str) -> Self {
        let mut o = self.key(key);
        o.0.push_str(json);
        o
    }

    pub fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A JSON array of already-serialized values.
pub fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// Appends `s` as a JSON string literal (RFC 8259 escaping; `<` `>` `&` escaped too, so the
/// output is also safe inside HTML).
fn push_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_objects_that_parse_back() {
        let inner = Obj::new().str("name", "Ce champ n’existe pas").end();
        let text = Obj::new()
            .str("q", "a \"quote\", a \\ and\n\u{1}<script>")
            .int("id", -42)
            .opt("ray", None)
            .raw("errors", &inner)
            .end();
        let v: serde_json::Value = serde_json::from_str(&text).expect(&text);
        assert_eq!(v["q"], "a \"quote\", a \\ and\n\u{1}<script>");
        assert_eq!(v["id"], -42);
        assert!(v["ray"].is_null());
        assert_eq!(v["errors"]["name"], "Ce champ n’existe pas");
        assert!(!text.contains('<'), "{text}");
    }

    #[test]
    fn writes_an_empty_object() {
        assert_eq!(Obj::new().end(), "{}");
    }
}

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
