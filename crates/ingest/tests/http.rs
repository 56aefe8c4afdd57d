//! URL reading against a tiny HTTP server on 127.0.0.1 (never the internet). The server
//! answers a bounded number of connections and stops by itself.

use khaldun_ingest::{read_path, read_url, IngestOptions};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

type Routes = Vec<(&'static str, &'static str, String)>;

/// Serve the routes (path, content type, body) that `routes` builds from the server's base URL,
/// for at most `max_conns` connections and at most 30 s. `/slow` answers after 2.5 s.
fn serve(max_conns: usize, routes: impl FnOnce(&str) -> Routes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = routes(&base);
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut served = 0;
        while served < max_conns && Instant::now() < deadline {
            let mut stream = match listener.accept() {
                Ok((s, _)) => s,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                }
                Err(_) => break,
            };
            served += 1;
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .to_string();
            if path == "/slow" {
                std::thread::sleep(Duration::from_millis(2500));
            }
            let response = match routes.iter().find(|(p, _, _)| *p == path) {
                Some((_, ct, body)) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                ),
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    base
}

/// Options for fetching from this test's own loopback server.
fn local() -> IngestOptions {
    IngestOptions {
        allow_private_fetch: true,
        ..Default::default()
    }
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<html lang=\"en\"><head><title>{title}</title><meta property=\"article:published_time\" content=\"2024-03-09T10:00:00Z\"></head>\
         <body><article><h1>{title}</h1><p>{body}</p><p>Residents said the fighting lasted several hours before the attackers withdrew toward the border.</p></article></body></html>"
    )
}

#[test]
fn reads_a_page_over_http() {
    let base = serve(2, |_| {
        vec![(
            "/story.html",
            "text/html; charset=utf-8",
            page(
                "Clashes near Ménaka",
                "Fighting broke out near Ménaka on Saturday.",
            ),
        )]
    });
    let out: Vec<_> = read_url(&format!("{base}/story.html"), &local()).collect();
    let a = out[0].as_ref().unwrap();
    assert_eq!(a.title.as_deref(), Some("Clashes near Ménaka"));
    assert_eq!(a.published.as_deref(), Some("2024-03-09T10:00:00Z"));
    assert_eq!(
        a.url.as_deref(),
        Some(format!("{base}/story.html").as_str())
    );
    assert_eq!(
        a.origin.as_deref(),
        Some(format!("{base}/story.html").as_str())
    );
    assert!(a.text.contains("Fighting broke out near Ménaka"));
}

fn feed(base: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local</title>\
         <item><title>Summary only</title><link>{base}/linked.html</link><pubDate>Sat, 09 Mar 2024 10:00:00 GMT</pubDate><description>Short summary.</description></item>\
         <item><title>Broken link</title><link>{base}/gone.html</link><description>Summary of a page that is gone.</description></item>\
         </channel></rss>"
    )
}

#[test]
fn feed_items_with_only_a_summary_fetch_their_page() {
    let base = serve_feed();
    let opts = IngestOptions {
        fetch_links: true,
        ..local()
    };
    let out: Vec<_> = read_url(&format!("{base}/feed.xml"), &opts).collect();
    assert_eq!(out.len(), 2);
    let a = out[0].as_ref().unwrap();
    assert_eq!(a.title.as_deref(), Some("Linked page title"));
    assert!(
        a.text.contains("The full story from the linked page."),
        "{}",
        a.text
    );
    assert_eq!(a.format, "rss");
    // The page is gone: the summary stands in.
    let b = out[1].as_ref().unwrap();
    assert_eq!(b.text, "Summary of a page that is gone.");
}

/// The feed, its linked page, and (by omission) a missing page.
fn serve_feed() -> String {
    serve(4, |base| {
        vec![
            ("/feed.xml", "application/rss+xml", feed(base)),
            (
                "/linked.html",
                "text/html",
                page("Linked page title", "The full story from the linked page."),
            ),
        ]
    })
}

#[test]
fn without_fetch_links_the_summary_is_the_text() {
    let base = serve_feed();
    let out: Vec<_> = read_url(&format!("{base}/feed.xml"), &local()).collect();
    assert_eq!(out[0].as_ref().unwrap().text, "Short summary.");
    assert_eq!(
        out[0].as_ref().unwrap().title.as_deref(),
        Some("Summary only")
    );
}

#[test]
fn http_errors_are_clear() {
    let base = serve(4, |_| {
        vec![
            ("/big.html", "text/html", page("Big", &"word ".repeat(5000))),
            ("/slow", "text/html", page("Slow", "x")),
        ]
    });
    let e = read_url(&format!("{base}/missing"), &local())
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(e.cause, "the server answered HTTP 404");
    let opts = IngestOptions {
        max_bytes: 1024,
        ..local()
    };
    let e = read_url(&format!("{base}/big.html"), &opts)
        .next()
        .unwrap()
        .unwrap_err();
    assert!(e.cause.contains("over the 1 KB limit"), "{e}");
    let opts = IngestOptions {
        timeout: Duration::from_millis(500),
        ..local()
    };
    let e = read_url(&format!("{base}/slow"), &opts)
        .next()
        .unwrap()
        .unwrap_err();
    assert!(e.cause.contains("timeout"), "{e}");
    let e = read_url("ftp://example.org/x", &local())
        .next()
        .unwrap()
        .unwrap_err();
    assert!(e.cause.contains("only http and https"), "{e}");
}

#[test]
fn feed_file_with_fetch_links_uses_local_server() {
    let base = serve_feed();
    let dir = std::env::temp_dir().join(format!("khaldun-ingest-feed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("feed.xml");
    std::fs::write(&path, feed(&base)).unwrap();
    let opts = IngestOptions {
        fetch_links: true,
        max_links: 1,
        ..local()
    };
    let out: Vec<_> = read_path(&path, &opts).collect();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        out[0].as_ref().unwrap().title.as_deref(),
        Some("Linked page title")
    );
    // max_links = 1: the second item is not fetched, its summary is used.
    assert_eq!(
        out[1].as_ref().unwrap().text,
        "Summary of a page that is gone."
    );
}
