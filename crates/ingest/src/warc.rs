//! WARC files (plain or `.warc.gz`): one article per HTML response record, streamed record by
//! record.
//!
//! This is a small reader of our own rather than the `warc` crate's: that crate panics on a
//! header that is not UTF-8 and on an absurd `Content-Length`, and stops silently at a
//! truncated record, where Khaldun needs a clear error naming the record's line. Files the
//! `warc` crate writes read back here (see the tests).

use crate::decode::{charset_param, declared_charset, decode};
use crate::html::parse_html;
use crate::{human_size, IngestError, IngestOptions};
use khaldun_model::Article;
use std::io::{BufRead, Read};

/// Header blocks larger than this are not WARC.
const MAX_HEADER: usize = 64 * 1024;

pub(crate) struct WarcIter<R> {
    reader: R,
    origin: String,
    /// 1-based line number of the next unread line.
    line: usize,
    opts: IngestOptions,
    done: bool,
    records: usize,
    html: usize,
    failed: usize,
}

impl<R: BufRead> WarcIter<R> {
    pub(crate) fn new(reader: R, origin: String, opts: IngestOptions) -> Self {
        WarcIter {
            reader,
            origin,
            line: 1,
            opts,
            done: false,
            records: 0,
            html: 0,
            failed: 0,
        }
    }

    fn fail(&mut self, line: usize, cause: String) -> Option<Result<Article, IngestError>> {
        self.done = true;
        self.failed += 1;
        Some(Err(IngestError::at_line(&self.origin, line, cause)))
    }

    /// Read one line (through `\n`), at most `MAX_HEADER` bytes.
    fn read_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        buf.clear();
        let n = (&mut self.reader)
            .take(MAX_HEADER as u64)
            .read_until(b'\n', buf)?;
        if buf.ends_with(b"\n") {
            self.line += 1;
        }
        Ok(n)
    }
}

impl<R: BufRead> Iterator for WarcIter<R> {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = Vec::new();
        loop {
            if self.done {
                return None;
            }
            // Blank lines between records.
            let start_line = self.line;
            match self.read_line(&mut line) {
                Err(e) => return self.fail(start_line, gz_or_io(e)),
                Ok(0) => {
                    self.done = true;
                    if self.html == 0 && self.failed == 0 {
                        let cause = if self.records == 0 {
                            "no WARC records found".to_string()
                        } else {
                            format!(
                                "no HTML response records among {} WARC records",
                                self.records
                            )
                        };
                        return Some(Err(IngestError::new(&self.origin, cause)));
                    }
                    return None;
                }
                Ok(_) => {}
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if !line.starts_with(b"WARC/") {
                let shown: String = String::from_utf8_lossy(&line).chars().take(40).collect();
                return self.fail(
                    start_line,
                    format!(
                        "expected a WARC record header (\"WARC/1.0\"), found {:?}",
                        shown.trim_end()
                    ),
                );
            }
            // Header fields until a blank line.
            let mut headers: Vec<(String, String)> = Vec::new();
            let mut header_bytes = line.len();
            loop {
                match self.read_line(&mut line) {
                    Err(e) => return self.fail(start_line, gz_or_io(e)),
                    Ok(0) => {
                        return self.fail(
                            start_line,
                            "WARC record is truncated inside its header".into(),
                        )
                    }
                    Ok(n) => header_bytes += n,
                }
                if header_bytes > MAX_HEADER {
                    return self.fail(start_line, "WARC record header is over 64 KB".into());
                }
                let text = String::from_utf8_lossy(&line);
                let text = text.trim_end_matches(['\r', '\n']);
                if text.is_empty() {
                    break;
                }
                if text.starts_with([' ', '\t']) {
                    if let Some(last) = headers.last_mut() {
                        last.1.push(' ');
                        last.1.push_str(text.trim());
                    }
                } else if let Some((k, v)) = text.split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let get = |k: &str| {
                headers
                    .iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.as_str())
            };
            let Some(len) = get("content-length").and_then(|v| v.parse::<u64>().ok()) else {
                return self.fail(start_line, "WARC record has no valid Content-Length".into());
            };
            self.records += 1;
            let wtype = get("warc-type").unwrap_or("").to_ascii_lowercase();
            let target = get("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
            let content_type = get("content-type").unwrap_or("").to_ascii_lowercase();
            if len > 1 << 40 {
                return self.fail(
                    start_line,
                    format!("WARC record has an impossible Content-Length ({len})"),
                );
            }
            if len > self.opts.max_bytes {
                if let Err(e) =
                    std::io::copy(&mut (&mut self.reader).take(len), &mut std::io::sink())
                {
                    return self.fail(start_line, gz_or_io(e));
                }
                self.failed += 1;
                return Some(Err(IngestError::at_line(
                    &self.origin,
                    start_line,
                    format!(
                        "WARC record is {}, over the {} limit (raise with --max-mb)",
                        human_size(len),
                        human_size(self.opts.max_bytes)
                    ),
                )));
            }
            let mut body = Vec::with_capacity(len.min(1 << 20) as usize);
            match (&mut self.reader).take(len).read_to_end(&mut body) {
                Err(e) => return self.fail(start_line, gz_or_io(e)),
                Ok(n) if (n as u64) < len => {
                    return self.fail(
                        start_line,
                        format!("WARC record is truncated: Content-Length says {len} bytes, the file has {n}"),
                    )
                }
                Ok(_) => {}
            }
            self.line += body.iter().filter(|&&b| b == b'\n').count();

            let html_body = match (wtype.as_str(), content_type.as_str()) {
                ("response", ct) if ct.starts_with("application/http") => http_html(&body),
                ("response" | "resource", ct) if is_html_type(ct) => {
                    Some((body, charset_param(get("content-type").unwrap_or(""))))
                }
                _ => None,
            };
            let Some((html, charset)) = html_body else {
                continue;
            };
            self.html += 1;
            let declared = charset.or_else(|| declared_charset(&html));
            let origin = format!("{}:{}", self.origin, start_line);
            return Some(match decode(&html, declared.as_deref(), &origin) {
                Ok(text) => match crate::guard(|| parse_html(&text, target.as_deref())) {
                    Ok(mut art) => {
                        art.format = "warc".into();
                        art.origin = Some(origin);
                        Ok(art)
                    }
                    Err(cause) => Err(IngestError::at_line(&self.origin, start_line, cause)),
                },
                Err(cause) => {
                    self.failed += 1;
                    Err(IngestError::at_line(&self.origin, start_line, cause))
                }
            });
        }
    }
}

fn is_html_type(ct: &str) -> bool {
    let ct = ct.trim().to_ascii_lowercase();
    ct.starts_with("text/html") || ct.starts_with("application/xhtml")
}

fn gz_or_io(e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => "gzip stream is truncated".into(),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => {
            format!("gzip stream is corrupt ({e})")
        }
        _ => format!("read failed: {e}"),
    }
}

/// The body of a successful HTML HTTP response, with its declared charset; `None` for other
/// statuses and content types.
fn http_html(payload: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    let (head_end, body_start) = find_head_end(payload)?;
    let head = String::from_utf8_lossy(&payload[..head_end]);
    let mut lines = head.lines();
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    if !(200..300).contains(&status) {
        return None;
    }
    let (mut ct, mut chunked, mut encoding) = (None, false, String::new());
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => ct = Some(v.trim().to_string()),
            "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = v.trim().to_ascii_lowercase(),
            _ => {}
        }
    }
    if !ct.as_deref().is_some_and(is_html_type) {
        return None;
    }
    let mut body = payload[body_start..].to_vec();
    if chunked {
        body = dechunk(&body);
    }
    if encoding == "gzip" || encoding == "x-gzip" {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .take(256 << 20)
            .read_to_end(&mut out)
            .ok()?;
        body = out;
    } else if encoding == "deflate" {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(&body[..])
            .take(256 << 20)
            .read_to_end(&mut out)
            .ok()?;
        body = out;
    }
    Some((body, ct.as_deref().and_then(charset_param)))
}

fn find_head_end(p: &[u8]) -> Option<(usize, usize)> {
    if let Some(i) = p.windows(4).position(|w| w == b"\r\n\r\n") {
        return Some((i, i + 4));
    }
    p.windows(2).position(|w| w == b"\n\n").map(|i| (i, i + 2))
}

/// Undo `Transfer-Encoding: chunked`, best effort (a malformed size ends the body).
fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size_str = String::from_utf8_lossy(&b[..eol]);
        let Ok(size) = usize::from_str_radix(size_str.split(';').next().unwrap_or("").trim(), 16)
        else {
            break;
        };
        b = &b[eol + 2..];
        if size == 0 || size > b.len() {
            out.extend_from_slice(&b[..size.min(b.len())]);
            break;
        }
        out.extend_from_slice(&b[..size]);
        b = b.get(size + 2..).unwrap_or(&[]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"),
            b"Wikipedia"
        );
    }

    #[test]
    fn http_payloads() {
        let p = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n<p>x</p>";
        let (body, cs) = http_html(p).unwrap();
        assert_eq!(
            (body.as_slice(), cs.as_deref()),
            (&b"<p>x</p>"[..], Some("windows-1252"))
        );
        assert!(http_html(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nx").is_none());
        assert!(http_html(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nx").is_none());
    }
}
