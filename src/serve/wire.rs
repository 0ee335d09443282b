//! HTTP/1.1 on one connection, every read bounded: one request head is read under the limits of
//! [`policy`](super::policy) (request line, header section, header count, time) and parsed by
//! httparse, a response is written, and the connection is closed. No connection is kept
//! alive, so an idle browser connection never holds a thread.

use super::policy::{
    HEAD_TIMEOUT, MAX_BODY, MAX_HEADER_BYTES, MAX_HEADER_COUNT, MAX_REQUEST_LINE, SECURITY_HEADERS,
};
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// After answering, the rest of the request (a body, or an over-long line) is read and dropped,
/// up to this much or this long, so closing does not reset the connection before the client has
/// read the answer.
const DRAIN_BYTES: usize = 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// One request head.
pub(super) struct Request {
    pub method: String,
    pub target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    /// Every value of the header `name`.
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

/// Why no request could be read.
#[derive(Debug, PartialEq)]
pub(super) enum ReadError {
    /// The client went away (or the server is stopping): nothing to answer.
    Closed,
    /// Answer with this status and close.
    Status(u16),
}

/// Reads one request head within the limits.
pub(super) fn read_request(stream: &mut TcpStream) -> Result<Request, ReadError> {
    let request = read_head(stream)?;
    check_body(&request).map_err(ReadError::Status)?;
    Ok(request)
}

/// Reads until the request head is complete, within the limits.
fn read_head(stream: &mut TcpStream) -> Result<Request, ReadError> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(request) = parse_head(&buf).map_err(ReadError::Status)? {
            return Ok(request);
        }
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| timed_out(&buf))?;
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| ReadError::Closed)?;
        match stream.read(&mut chunk) {
            Ok(0) => return Err(ReadError::Closed),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(timed_out(&buf))
            }
            Err(_) => return Err(ReadError::Closed),
        }
    }
}

/// A connection that never sent a byte (a browser's spare, opened in advance) is closed
/// silently; one that stopped halfway is told why (408).
fn timed_out(received: &[u8]) -> ReadError {
    if received.is_empty() {
        ReadError::Closed
    } else {
        ReadError::Status(408)
    }
}

/// The request head at the start of what has arrived, parsed by httparse; `None` until it is
/// complete. The byte limits are checked first, on what has arrived so far, so nothing past them
/// is ever kept: 414, 431; then 431 for more than [`MAX_HEADER_COUNT`] headers, 505 for another
/// HTTP version and 400 for anything else malformed (folded headers included: obsolete, and a
/// way to smuggle headers).
fn parse_head(received: &[u8]) -> Result<Option<Request>, u16> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADER_COUNT];
    let mut parsed = httparse::Request::new(&mut headers);
    let status = parsed.parse(received);
    let head = match status {
        Ok(httparse::Status::Complete(end)) => without_blank_line(&received[..end]),
        _ => received,
    };
    check_limits(head)?;
    match status {
        Ok(httparse::Status::Partial) => Ok(None),
        Ok(httparse::Status::Complete(_)) => owned(&parsed).map(Some),
        Err(httparse::Error::TooManyHeaders) => Err(431),
        Err(httparse::Error::Version) => Err(version_status(received)),
        Err(_) => Err(400),
    }
}

/// The head without the empty line that ends it, as the header limit counts it.
fn without_blank_line(head: &[u8]) -> &[u8] {
    head.strip_suffix(b"\r\n")
        .or_else(|| head.strip_suffix(b"\n"))
        .unwrap_or(head)
}

/// 505 for an HTTP version other than 1.0 and 1.1, 400 for something that is no HTTP version.
/// httparse has already read the method and target, which hold no space.
fn version_status(received: &[u8]) -> u16 {
    let version = received.trim_ascii_start().split(|&b| b == b' ').nth(2);
    if version.is_some_and(|v| v.starts_with(b"HTTP/")) {
        505
    } else {
        400
    }
}

/// 414 for a long request line, 431 for a long header section.
fn check_limits(head: &[u8]) -> Result<(), u16> {
    let line_end = memchr::memchr(b'\n', head);
    // Up to the line's own `\r`.
    if line_end.unwrap_or(head.len()) > MAX_REQUEST_LINE + 1 {
        return Err(414);
    }
    if line_end.is_some_and(|end| head.len() - (end + 1) > MAX_HEADER_BYTES) {
        return Err(431);
    }
    Ok(())
}

/// Our copy of a complete head; 400 for a target that is not ASCII (httparse lets UTF-8
/// through; browsers always percent-encode it).
fn owned(parsed: &httparse::Request) -> Result<Request, u16> {
    let (Some(method), Some(target)) = (parsed.method, parsed.path) else {
        return Err(400);
    };
    if !target.is_ascii() {
        return Err(400);
    }
    let headers = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    })
}

/// 413 for a body over the limit, 411 for one of unknown length (chunked), 400 for conflicting
/// lengths. A body within the limit is allowed and dropped.
fn check_body(request: &Request) -> Result<(), u16> {
    if request.values("Transfer-Encoding").next().is_some() {
        return Err(411);
    }
    let mut lengths = request
        .values("Content-Length")
        .map(|v| v.parse::<u64>().map_err(|_| 400u16));
    let Some(first) = lengths.next().transpose()? else {
        return Ok(());
    };
    if lengths.any(|l| l != Ok(first)) {
        return Err(400);
    }
    if first > MAX_BODY {
        return Err(413);
    }
    Ok(())
}

/// One response; every response closes its connection.
pub(super) struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// The status line and headers of a response, the security headers included.
pub(super) fn head(status: u16, headers: &[(&str, String)], length: Option<usize>) -> String {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(length) = length {
        out.push_str(&format!("Content-Length: {length}\r\n"));
    }
    out.push_str("Connection: close\r\n");
    for (name, value) in SECURITY_HEADERS {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out
}

/// Writes the response (its head only for HEAD), then closes the connection gracefully.
pub(super) fn send(mut stream: TcpStream, response: &Response, head_only: bool) {
    let head = head(
        response.status,
        &response.headers,
        Some(response.body.len()),
    );
    let written = stream.write_all(head.as_bytes()).and_then(|()| {
        if head_only {
            Ok(())
        } else {
            stream.write_all(&response.body)
        }
    });
    if written.is_ok() {
        linger(stream);
    }
}

/// Closes the sending side, then reads and drops what the client still sends (bounded), so the
/// client sees the whole answer and then the end of the connection, not a reset.
fn linger(mut stream: TcpStream) {
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + DRAIN_TIME;
    let mut drained = 0;
    let mut chunk = [0u8; 8192];
    while drained < DRAIN_BYTES {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return;
        };
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &[u8]) -> Result<Request, u16> {
        let request = parse_head(raw)?.expect("a complete head");
        check_body(&request)?;
        Ok(request)
    }

    #[test]
    fn a_request_head_is_parsed() {
        let r = parse(b"GET /a?b HTTP/1.1\r\nHost: x:1\r\nX-A:  v \r\n\r\nbody").unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/a?b"));
        assert_eq!(r.values("host").collect::<Vec<_>>(), ["x:1"]);
        assert_eq!(r.values("x-a").collect::<Vec<_>>(), ["v"]);
        assert!(parse(b"HEAD / HTTP/1.0\n\n").unwrap().is_head());
    }

    #[test]
    fn malformed_or_over_limit_heads_are_refused_with_their_status() {
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADER_COUNT + 1)
        );
        let big = format!(
            "GET / HTTP/1.1\r\nA: {}\r\n\r\n",
            "b".repeat(MAX_HEADER_BYTES)
        );
        let body = format!(
            "POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
            MAX_BODY + 1
        );
        let cases: [(&[u8], u16); 17] = [
            (long_line.as_bytes(), 414),
            (many.as_bytes(), 431),
            (big.as_bytes(), 431),
            (body.as_bytes(), 413),
            (b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
            (
                b"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                400,
            ),
            (b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
            (b"GET / HTTP/2.0\r\n\r\n", 505),
            (b"GET  / HTTP/1.1\r\n\r\n", 400),
            (b"GET / HTTP/1.1 x\r\n\r\n", 400),
            (b"G\xc3\xa9T / HTTP/1.1\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nBad Name: b\r\n\r\n", 400),
            (b"GET /a b HTTP/1.1\r\n\r\n", 400),
            (b"GET / HTTX/1.1\r\n\r\n", 400),
            (b"GET /\xc3\xa9 HTTP/1.1\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nA: b\x00c\r\n\r\n", 400),
        ];
        for (raw, status) in cases {
            let shown = String::from_utf8_lossy(&raw[..raw.len().min(60)]).into_owned();
            assert_eq!(parse(raw).err(), Some(status), "{shown}");
        }
        assert!(
            parse(format!("GET / HTTP/1.1\r\nContent-Length: {MAX_BODY}\r\n\r\n").as_bytes())
                .is_ok()
        );
        let most = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADER_COUNT)
        );
        assert!(parse(most.as_bytes()).is_ok());
        assert!(matches!(
            parse_head(b"GET / HTTP/1.1\r\nA: b\r\n"),
            Ok(None)
        ));
    }

    #[test]
    fn an_unfinished_head_is_refused_as_soon_as_it_passes_a_limit() {
        let line = vec![b'a'; MAX_REQUEST_LINE + 2];
        assert_eq!(check_limits(&line), Err(414));
        assert_eq!(check_limits(&line[..MAX_REQUEST_LINE]), Ok(()));
        let mut headers = b"GET / HTTP/1.1\r\n".to_vec();
        headers.extend(vec![b'a'; MAX_HEADER_BYTES + 1]);
        assert_eq!(check_limits(&headers), Err(431));
    }
}
