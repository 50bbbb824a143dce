//! A minimal HTTP/1.1 client over a TCP socket: it sends request lines exactly as written
//! (hostile paths included, which real clients would normalise) and reads the whole answer.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends raw bytes and reads one answer. It stops when the answer is complete (by its
/// `Content-Length` or last chunk) rather than waiting for the server to close: wrangler's dev
/// proxy keeps connections open for seconds despite `Connection: close`.
pub fn raw(port: u16, request: &[u8]) -> std::io::Result<Resp> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.write_all(request)?;
    let head_only = request.starts_with(b"HEAD ");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(resp) = complete(&buf, head_only) {
            return Ok(resp);
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    parse(&buf).ok_or_else(|| {
        std::io::Error::other(format!(
            "unparsable answer: {:?}",
            String::from_utf8_lossy(&buf)
        ))
    })
}

/// The answer, if `buf` holds all of it.
pub fn complete(buf: &[u8], head_only: bool) -> Option<Resp> {
    let (resp, end) = parse_head(buf)?;
    let body = &buf[end..];
    if head_only || resp.status == 304 || resp.status == 204 || (100..200).contains(&resp.status) {
        return Some(resp);
    }
    if resp
        .header("transfer-encoding")
        .is_some_and(|v| v.contains("chunked"))
    {
        return parse(buf).filter(|_| body.ends_with(b"0\r\n\r\n"));
    }
    let len: usize = resp.header("content-length")?.parse().ok()?;
    (body.len() >= len).then(|| Resp {
        body: body[..len].to_vec(),
        ..resp
    })
}

/// A request with `Connection: close` and the given headers and body.
pub fn send(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    raw(port, &bytes).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

pub fn get(port: u16, path: &str) -> Resp {
    send(port, "GET", path, &[], b"")
}

/// The status line and headers (with an empty body), and where the body starts.
fn parse_head(buf: &[u8]) -> Option<(Resp, usize)> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some((
        Resp {
            status,
            headers,
            body: Vec::new(),
        },
        end + 4,
    ))
}

fn parse(buf: &[u8]) -> Option<Resp> {
    let (resp, end) = parse_head(buf)?;
    let rest = &buf[end..];
    let chunked = resp
        .header("transfer-encoding")
        .is_some_and(|v| v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    Some(Resp { body, ..resp })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}
