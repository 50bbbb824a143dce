//! A small JSON writer for the fixed shapes the site writes: each page's JSON-LD, the Worker's
//! API answers and log lines. serde_json cost 16 KB of wasm and float formatting for this
//! (docs/performance.md); the tests parse every output back with serde_json.

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
