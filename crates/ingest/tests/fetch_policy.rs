//! Issue 16: fetching refuses loopback, private, link-local and other
//! non-public addresses unless allowed, after DNS resolution and after every
//! redirect. Network traffic stays on 127.0.0.1 (refused addresses are never
//! contacted).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use khaldun_ingest::{read_url, IngestOptions};

/// A server on 127.0.0.1 answering every request with `response(base)`, for
/// at most `max_conns` connections and 20 s.
fn serve_raw(max_conns: usize, response: impl Fn(&str) -> String + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let b = base.clone();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
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
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = stream.write_all(response(&b).as_bytes());
        }
    });
    base
}

fn html_response(_: &str) -> String {
    let body = "<html><body><article><p>Gunmen attacked a village near Mopti on Sunday, residents said, and burned the market.</p></article></body></html>";
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[test]
fn non_public_addresses_are_refused_by_default() {
    let base = serve_raw(1, html_response);
    let port = base.rsplit(':').next().unwrap().to_string();
    for url in [
        base.clone(),
        format!("http://localhost:{port}/"),
        format!("http://[::1]:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        "http://0.0.0.0:9/".into(),
        "http://169.254.169.254/latest/meta-data/".into(),
        "http://10.0.0.1/".into(),
        "http://192.168.1.1/".into(),
        "http://[fd00::1]/".into(),
        "http://[fe80::1]/".into(),
        "http://224.0.0.1/".into(),
        "http://100.64.0.1/".into(),
        "http://2130706433/".into(),
    ] {
        let e = read_url(&url, &IngestOptions::default())
            .next()
            .unwrap()
            .unwrap_err();
        assert!(e.cause.contains("not a public address"), "{url}: {e}");
    }
    // Explicitly allowed: the same loopback page reads.
    let opts = IngestOptions {
        allow_private_fetch: true,
        ..Default::default()
    };
    let a = read_url(&base, &opts).next().unwrap().unwrap();
    assert!(a.text.contains("Mopti"));
}

#[test]
fn redirects_to_non_public_addresses_are_refused() {
    // The target would answer; the redirect to it must not be followed.
    let target = serve_raw(1, html_response);
    let t = target.clone();
    let redirector = serve_raw(2, move |_| {
        format!("HTTP/1.1 302 Found\r\nLocation: {t}/page\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    });
    let metadata = serve_raw(1, |_| {
        "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into()
    });
    // Only the redirector's own address is allowed, as a public host would be.
    let addr = |base: &str| base.trim_start_matches("http://").parse().unwrap();
    for (from, allowed) in [
        (&redirector, addr(&redirector)),
        (&metadata, addr(&metadata)),
    ] {
        let opts = IngestOptions {
            fetch_allow: vec![allowed],
            ..Default::default()
        };
        let e = read_url(&format!("{from}/start"), &opts)
            .next()
            .unwrap()
            .unwrap_err();
        assert!(e.cause.contains("not a public address"), "{from}: {e}");
    }
    // With the target allowed too, the redirect is followed.
    let opts = IngestOptions {
        fetch_allow: vec![addr(&redirector), addr(&target)],
        ..Default::default()
    };
    let a = read_url(&format!("{redirector}/start"), &opts)
        .next()
        .unwrap()
        .unwrap();
    assert!(a.text.contains("Mopti"));
}
