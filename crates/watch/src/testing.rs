//! A tiny HTTP/1.1 server on loopback for tests and the throughput example: routes whose
//! answers the test changes while the watcher runs, and a log of the requests received.
//! Not for production use: one thread per connection, `Connection: close`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One answer.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Announce and stream this many bytes of filler instead of `body` (a huge answer).
    pub huge: Option<u64>,
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            ..Default::default()
        }
    }

    pub fn status(status: u16) -> Self {
        Reply {
            status,
            ..Default::default()
        }
    }

    pub fn redirect(to: &str) -> Self {
        Reply {
            status: 302,
            headers: vec![("Location".into(), to.into())],
            ..Default::default()
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A request as received.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// The server. Lives until the process ends.
#[derive(Clone)]
pub struct TestServer {
    pub addr: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Handler>>>,
    log: Arc<Mutex<Vec<Request>>>,
}

impl TestServer {
    /// Listen on 127.0.0.1 (a free port).
    pub fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let server = TestServer {
            addr: listener.local_addr()?,
            routes: Arc::default(),
            log: Arc::default(),
        };
        let s = server.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let s = s.clone();
                std::thread::spawn(move || s.answer(stream));
            }
        });
        Ok(server)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Answer `path` with a fixed reply.
    pub fn set(&self, path: &str, reply: Reply) {
        self.set_fn(path, move |_| reply.clone());
    }

    /// Answer `path` from the request (conditional GETs).
    pub fn set_fn(&self, path: &str, f: impl Fn(&Request) -> Reply + Send + Sync + 'static) {
        self.routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string(), Arc::new(f));
    }

    /// Requests received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// How many requests asked for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }

    fn answer(&self, stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let Some(req) = read_request(&stream) else {
            return;
        };
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(req.clone());
        let handler = self
            .routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&req.path)
            .cloned();
        let reply = handler.map_or_else(|| Reply::status(404), |h| h(&req));
        std::thread::sleep(reply.delay);
        let _ = write_reply(stream, &reply);
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    use std::io::Read;
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        path,
        headers,
        body,
    })
}

fn write_reply(mut stream: TcpStream, r: &Reply) -> std::io::Result<()> {
    let len = r.huge.unwrap_or(r.body.len() as u64);
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {len}\r\nConnection: close\r\n",
        r.status
    );
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    match r.huge {
        Some(n) => {
            let chunk = vec![b'x'; 64 << 10];
            let mut sent = 0;
            while sent < n {
                let k = chunk.len().min((n - sent) as usize);
                stream.write_all(&chunk[..k])?; // fails once the client hangs up
                sent += k as u64;
            }
        }
        None => stream.write_all(&r.body)?,
    }
    stream.flush()
}

/// A feed item: `(guid, title, link, description)`.
pub type Item = (String, String, String, String);

/// An RSS 2.0 feed of `(guid, title, link, description)` items.
pub fn rss<S: AsRef<str>>(items: &[(S, S, S, S)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Test desk</title><language>en</language>\n",
    );
    for (guid, title, link, desc) in items {
        let (guid, title, link, desc) =
            (guid.as_ref(), title.as_ref(), link.as_ref(), desc.as_ref());
        s.push_str(&format!(
            "<item><guid>{guid}</guid><title>{title}</title><link>{link}</link><description>{desc}</description><pubDate>Mon, 25 Apr 2022 10:00:00 GMT</pubDate></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

/// An article page with a title and paragraphs.
pub fn page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><title>{title}</title></head><body>\
         <article><h1>{title}</h1>{body}</article></body></html>"
    )
}
