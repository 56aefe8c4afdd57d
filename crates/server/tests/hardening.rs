//! Issue 16: SSRF through `POST /api/ingest {"url"}`, CSV formula injection,
//! server paths in `origin`, the Host header check, the 413 reply's headers
//! and the bearer scheme's case. A real server on 127.0.0.1; every fetch
//! target is on 127.0.0.1 too.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use khaldun_ingest::IngestOptions;
use khaldun_server::{testdata, AppState, Config, Store};
use serde_json::Value;

struct Server {
    base: String,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

async fn start_with(
    backend: Arc<dyn Store>,
    configure: impl FnOnce(&mut Config, &mut AppState),
) -> Server {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let mut state = AppState::new(backend);
    state.token = Some("s3cret".into());
    let mut config = Config {
        bind: addr,
        max_body: 1 << 20,
        ..Config::default()
    };
    configure(&mut config, &mut state);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        khaldun_server::serve_on(listener, config, state, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    Server {
        base: format!("http://{addr}"),
        addr,
        stop: Some(tx),
    }
}

fn assert_security_headers(r: &reqwest::Response) {
    let h = r.headers();
    assert!(h.contains_key("content-security-policy"), "{h:?}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
}

/// A page server on 127.0.0.1 that counts the connections it accepts.
fn page_server(hits: Arc<AtomicUsize>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let mut stream = match listener.accept() {
                Ok((s, _)) => s,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                }
                Err(_) => break,
            };
            hits.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_nonblocking(false);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let body = "<html><body><article><p>Gunmen attacked a village near Mopti on Sunday, residents said, and burned the market.</p></article></body></html>";
            let _ = stream.write_all(
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
                    .as_bytes(),
            );
        }
    });
    base
}

fn fetcher(opts: IngestOptions) -> khaldun_server::Fetch {
    Arc::new(move |url: &str| {
        khaldun_ingest::read_url(url, &opts)
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    })
}

async fn post_url(s: &Server, url: &str) -> Value {
    let r = reqwest::Client::new()
        .post(format!("{}/api/ingest", s.base))
        .bearer_auth("s3cret")
        .json(&serde_json::json!({ "url": url }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn ingest_by_url_refuses_private_targets_with_one_generic_error() {
    let hits = Arc::new(AtomicUsize::new(0));
    let open = page_server(hits.clone());
    // A port that nothing listens on.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let s = start_with(testdata::store(vec![]), |_, st| {
        st.fetch = Some(fetcher(IngestOptions::default()));
    })
    .await;
    let a = post_url(&s, &format!("{open}/story")).await;
    let b = post_url(&s, &format!("{closed}/story")).await;
    let c = post_url(&s, "http://169.254.169.254/latest/meta-data/").await;
    assert_eq!(a["new"], 0, "{a}");
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the private target was contacted"
    );
    // Open port, closed port, metadata address: the same answer.
    assert_eq!(a["errors"], b["errors"], "{a} / {b}");
    assert_eq!(a["errors"], c["errors"], "{a} / {c}");
    let msg = a["errors"][0].as_str().unwrap();
    assert!(!msg.contains("127.0.0.1"), "{msg}");
    assert!(!msg.to_lowercase().contains("connect"), "{msg}");

    // Allowed explicitly (as `serve --allow-private-fetch` does): fetched.
    let s = start_with(testdata::store(vec![]), |_, st| {
        st.fetch = Some(fetcher(IngestOptions {
            allow_private_fetch: true,
            ..Default::default()
        }));
    })
    .await;
    let a = post_url(&s, &format!("{open}/story")).await;
    assert_eq!(a["new"], 1, "{a}");
    // ... and every failure, open port or closed, still reads the same.
    let b = post_url(&s, &format!("{closed}/story")).await;
    let d = post_url(&s, &format!("{open}/not-html")).await;
    assert_eq!(b["errors"][0], c["errors"][0], "{b}");
    assert_eq!(d["new"], 1, "{d}"); // same page: the server answers every path
}

#[tokio::test]
async fn csv_export_neutralises_formulas() {
    let mut docs = testdata::all();
    // every article's telling, so the merged event (whichever report leads) has them
    for d in &mut docs[..2] {
        d.events[0].actor.as_mut().unwrap().name = "=HYPERLINK(\"http://x\")".into();
        if let Some(t) = d.events[0].target.as_mut() {
            t.name = "@SUM(A1)".into();
        }
    }
    let s = start_with(testdata::store(docs), |_, _| {}).await;
    let body = reqwest::get(format!("{}/api/events?format=csv&limit=100", s.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    let mut seen = 0;
    for rec in rd.records() {
        for cell in rec.unwrap().iter() {
            let number = cell.parse::<f64>().is_ok();
            assert!(
                number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?}"
            );
            seen += usize::from(cell.starts_with("'=") || cell.starts_with("'@"));
        }
    }
    assert!(seen >= 1, "{body}");
    // The round trip restores the text.
    let rows = khaldun_server::export::read_csv(body.as_bytes()).unwrap();
    assert!(rows.iter().any(|r| r
        .actor1
        .as_ref()
        .is_some_and(|a| a.name == "=HYPERLINK(\"http://x\")")));
}

#[tokio::test]
async fn article_origin_shows_no_server_path() {
    let mut a = testdata::article_bamako();
    a.article.origin = Some("/home/analyst/private/cases/brief-17.txt".into());
    let mut b = testdata::article_niamey();
    b.article.origin = Some("https://example.org/feed.xml".into());
    let (ida, idb) = (a.article.id.clone(), b.article.id.clone());
    let s = start_with(testdata::store(vec![a, b]), |_, _| {}).await;
    let va: Value = reqwest::get(format!("{}/api/articles/{ida}", s.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(va["article"]["origin"], "brief-17.txt", "{}", va["article"]);
    let vb: Value = reqwest::get(format!("{}/api/articles/{idb}", s.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(vb["article"]["origin"], "https://example.org/feed.xml");
}

async fn get_with_host(s: &Server, host: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{}/api/events", s.base))
        .header("host", host)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn host_header_is_checked() {
    let s = start_with(testdata::store(testdata::all()), |_, _| {}).await;
    let port = s.addr.port();
    for ok in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("[::1]:{port}"),
    ] {
        let r = get_with_host(&s, &ok).await;
        assert_eq!(r.status(), 200, "{ok}");
    }
    for bad in [
        format!("evil.example:{port}"),
        "attacker.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("10.0.0.5:{port}"),
    ] {
        let r = get_with_host(&s, &bad).await;
        assert_eq!(r.status(), 421, "{bad}");
        assert_security_headers(&r);
    }
    // A configured name is accepted.
    let s = start_with(testdata::store(testdata::all()), |c, _| {
        c.allowed_hosts = vec!["khaldun.lan".into()];
    })
    .await;
    assert_eq!(get_with_host(&s, "khaldun.lan:8080").await.status(), 200);
    assert_eq!(get_with_host(&s, "KHALDUN.lan").await.status(), 200);
    assert_eq!(get_with_host(&s, "other.lan").await.status(), 421);
}

#[tokio::test]
async fn body_limit_reply_has_security_headers_and_bearer_is_case_insensitive() {
    let s = start_with(testdata::store(testdata::all()), |_, _| {}).await;
    let c = reqwest::Client::new();
    let url = format!("{}/api/ingest", s.base);
    let r = c
        .post(&url)
        .bearer_auth("s3cret")
        .header("content-type", "text/plain")
        .body(vec![b'a'; 2 << 20])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_security_headers(&r);
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let r = c
            .post(&url)
            .header("authorization", format!("{scheme} s3cret"))
            .json(&serde_json::json!({"text": "Gunmen attacked a village near Mopti on Tuesday."}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{scheme}");
    }
    let r = c
        .post(&url)
        .header("authorization", "Basic s3cret")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}
