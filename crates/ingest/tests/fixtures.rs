//! Every reader against the fixtures in `tests/fixtures/`: titles, dates, authors, provenance,
//! and a clear error or a best-effort article (never a panic) for each malformed input.

use khaldun_ingest::{read_bytes, read_path, FieldMap, Format, IngestError, IngestOptions};
use khaldun_model::Article;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> Vec<Result<Article, IngestError>> {
    read_path(fixture(name), &IngestOptions::default()).collect()
}

fn articles(name: &str) -> Vec<Article> {
    read(name)
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn one(name: &str) -> Article {
    let mut all = articles(name);
    assert_eq!(all.len(), 1, "{name}");
    all.remove(0)
}

#[test]
fn seed_excerpt_header_layout() {
    let a = one("seed-excerpt.txt");
    assert_eq!(a.format, "text");
    assert_eq!(a.publisher.as_deref(), Some("Ocnus.net"));
    assert_eq!(a.section.as_deref(), Some("Africa"));
    assert_eq!(
        a.title.as_deref(),
        Some("Al-Qaeda’s Malian Affiliate Targets Russia’s Wagner Group")
    );
    assert_eq!(a.authors, ["Jacob Zenn"]);
    assert_eq!(a.published.as_deref(), Some("2022-05-22T12:07:40"));
    assert_eq!(a.language, None, "the text stage detects the language");
    assert_eq!(a.retrieved, None);
    let p = &a.republished_from[0];
    assert_eq!(p.publisher.as_deref(), Some("Jamestown Foundation"));
    assert_eq!(p.publication.as_deref(), Some("Terrorism Monitor"));
    assert_eq!(p.author.as_deref(), Some("Jacob Zenn"));
    assert_eq!(p.published.as_deref(), Some("2022-05-20"));
    assert_eq!(
        p.url.as_deref(),
        Some("https://jamestown.org/program/briefs-365/")
    );
    assert!(a
        .text
        .starts_with("On April 25, the al-Qaeda affiliate in Mali"));
    assert!(
        a.text.ends_with("(Senenews.com, April 27)."),
        "footer removed: {:?}",
        &a.text[a.text.len() - 60..]
    );
    assert!(!a.text.contains("Source: Ocnus.net"));
    assert!(a.origin.as_deref().unwrap().ends_with("seed-excerpt.txt"));
}

#[test]
fn same_article_twice_same_id() {
    let a = one("seed-excerpt.txt");
    let bytes = std::fs::read(fixture("seed-excerpt.txt")).unwrap();
    let b = read_bytes(&bytes, "elsewhere.txt", &IngestOptions::default())
        .remove(0)
        .unwrap();
    assert_eq!(a.id, b.id);
    // Re-wrapped with CRLF line ends, still the same article.
    let crlf = String::from_utf8(bytes).unwrap().replace('\n', "\r\n");
    let c = read_bytes(crlf.as_bytes(), "crlf.txt", &IngestOptions::default())
        .remove(0)
        .unwrap();
    assert_eq!(a.id, c.id);
    assert_eq!(c.title, a.title);
}

#[test]
fn raw_keeps_input_exactly() {
    let bytes = std::fs::read(fixture("seed-excerpt.txt")).unwrap();
    let opts = IngestOptions {
        raw: true,
        published: Some("2022-05-22".into()),
        lang: Some("en".into()),
        ..Default::default()
    };
    let a = read_bytes(&bytes, "seed.txt", &opts).remove(0).unwrap();
    assert_eq!(a.text.as_bytes(), &bytes[..]);
    assert_eq!(a.title, None);
    assert_eq!(a.published.as_deref(), Some("2022-05-22"));
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn html_page_metadata_and_main_content() {
    let a = one("article.html");
    assert_eq!(a.format, "html");
    assert_eq!(
        a.title.as_deref(),
        Some("Gunmen kill 12 in attack on Mopti market")
    );
    assert_eq!(a.publisher.as_deref(), Some("Sahel Wire"));
    assert_eq!(a.published.as_deref(), Some("2024-03-05T09:15:00Z"));
    assert_eq!(a.authors, ["Awa Traoré", "Daniel Okafor"]);
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.section.as_deref(), Some("Mali"));
    assert_eq!(a.keywords, ["Mali", "JNIM"]);
    assert!(a
        .url
        .as_deref()
        .unwrap()
        .starts_with("https://sahelwire.example.org/2024/03/mopti-market-attack"));
    assert_eq!(
        a.id,
        khaldun_ingest::article_id(
            Some("https://sahelwire.example.org/2024/03/mopti-market-attack"),
            ""
        )
    );
    let p = &a.republished_from[0];
    assert_eq!(p.publisher.as_deref(), Some("Reuters"));
    assert_eq!(p.published.as_deref(), Some("2024-03-04"));
    assert!(
        a.text.starts_with("MOPTI, Mali — Gunmen on motorcycles"),
        "{}",
        a.text
    );
    assert!(a.text.contains("\n\nThe attackers arrived"));
    for junk in [
        "Home",
        "Privacy",
        "Related",
        "Niger junta",
        "All rights reserved",
    ] {
        assert!(!a.text.contains(junk), "boilerplate {junk:?} left in text");
    }
}

#[test]
fn rss_feed_items() {
    let items = articles("feed-rss2.xml");
    assert_eq!(items.len(), 2);
    let (a, b) = (&items[0], &items[1]);
    assert_eq!(a.format, "rss");
    assert_eq!(
        a.title.as_deref(),
        Some("Army says it repelled attack on Boni camp")
    );
    assert_eq!(a.published.as_deref(), Some("2024-03-06T14:30:00Z"));
    assert_eq!(a.authors, ["Awa Traoré"]);
    assert!(
        a.text.starts_with("BONI, Mali — The Malian army said"),
        "full content, not the summary"
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(b.title.as_deref(), Some("Convoy ambushed on Gao road"));
    assert_eq!(b.published.as_deref(), Some("2024-03-07T07:00:00Z"));
    assert_eq!(b.authors, ["Daniel Okafor"]);
    assert_eq!(b.text, "A supply convoy was ambushed on the road between Gao and Ansongo on Thursday morning, residents said.");
    assert_eq!(b.publisher.as_deref(), Some("Sahel Wire - Mali"));
    assert_ne!(a.id, b.id);
}

#[test]
fn atom_feed_entries() {
    let items = articles("feed-atom.xml");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].format, "atom");
    assert_eq!(
        items[0].title.as_deref(),
        Some("Attaque contre un poste de gendarmerie près de Kaya")
    );
    assert_eq!(items[0].published.as_deref(), Some("2024-03-08T07:45:00Z"));
    assert_eq!(items[0].authors, ["Moussa Ouédraogo"]);
    assert_eq!(items[0].language.as_deref(), Some("fr"));
    assert!(items[0]
        .text
        .ends_with("L’attaque n’a pas été revendiquée."));
    // No <published>: the <updated> date stands in.
    assert_eq!(items[1].published.as_deref(), Some("2024-03-07T18:20:00Z"));
    assert_eq!(
        items[1].title.as_deref(),
        Some("Libération de deux otages à Ségou")
    );
}

#[test]
fn jsonl_records_in_order_with_exact_text() {
    let items = articles("stories.jsonl");
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[0].title.as_deref(),
        Some("Attack on Niger army post kills 10")
    );
    assert_eq!(items[0].published.as_deref(), Some("2024-02-10T16:05:00Z"));
    assert_eq!(items[0].source_id.as_deref(), Some("s-1"));
    assert_eq!(items[0].dateline.as_deref(), Some("NIAMEY, Niger —"));
    assert_eq!(items[1].source_id.as_deref(), Some("2"));
    assert_eq!(
        items[1].text,
        "  Burkina Faso's army said Sunday it killed 30 militants near Djibo.  "
    );
    assert_eq!(items[1].authors, ["John Roe", "Jane Doe"]);
    assert_eq!(items[1].publisher.as_deref(), Some("Voice of America"));
    assert_eq!(items[2].language.as_deref(), Some("fr"));
    assert_eq!(items[2].published.as_deref(), Some("2024-02-12"));
    assert!(items[2]
        .origin
        .as_deref()
        .unwrap()
        .ends_with("stories.jsonl:3"));
    // Tracking parameters do not change the id.
    assert_eq!(
        items[1].id,
        khaldun_ingest::article_id(Some("https://www.voanews.com/a/example-two/2.html"), "")
    );
}

#[test]
fn jsonl_field_mapping() {
    let fields: FieldMap = "id=uid,url=link,title=headline,published=date,author=byline,text=body"
        .parse()
        .unwrap();
    let opts = IngestOptions {
        fields,
        ..Default::default()
    };
    let a: Vec<_> = read_path(fixture("mapped.jsonl"), &opts).collect();
    let a = a[0].as_ref().unwrap();
    assert_eq!(a.title.as_deref(), Some("Mapped headline"));
    assert_eq!(a.published.as_deref(), Some("2024-03-12"));
    assert_eq!(a.authors, ["Ana Lima"]);
    assert_eq!(a.source_id.as_deref(), Some("m-1"));
    assert_eq!(a.text, "Body text of the mapped record.");
}

#[test]
fn warc_plain_and_gzipped() {
    for name in ["pages.warc", "pages.warc.gz"] {
        let items = articles(name);
        assert_eq!(
            items.len(),
            2,
            "{name}: two HTML 200 responses; request, PNG and 404 skipped"
        );
        assert_eq!(items[0].format, "warc");
        assert_eq!(
            items[0].title.as_deref(),
            Some("Drone strike hits fuel depot in Kidal")
        );
        assert_eq!(items[0].published.as_deref(), Some("2024-01-15T11:00:00Z"));
        assert_eq!(
            items[0].url.as_deref(),
            Some("https://desert-dispatch.example.org/2024/01/kidal-drone")
        );
        assert_eq!(items[0].language.as_deref(), Some("en"));
        assert!(items[0].text.starts_with("KIDAL, Mali — A drone strike"));
        // Windows-1252 body, chunked transfer encoding.
        assert_eq!(
            items[1].title.as_deref(),
            Some("Gendarmes tués près de Dori")
        );
        assert_eq!(items[1].published.as_deref(), Some("2024-01-16"));
        assert!(items[1]
            .text
            .contains("« Les renforts sont arrivés trop tard »"));
        assert!(items[0]
            .origin
            .as_deref()
            .unwrap()
            .ends_with(&format!("{name}:25")));
    }
}

#[test]
fn warc_written_by_the_warc_crate_reads_back() {
    use warc::{RecordBuilder, RecordType, WarcHeader, WarcWriter};
    let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>Interop</title></head><body><p>Written by another WARC implementation, read back by Khaldun.</p></body></html>";
    let record = RecordBuilder::default()
        .warc_type(RecordType::Response)
        .header(WarcHeader::TargetURI, "https://example.org/interop")
        .header(
            WarcHeader::ContentType,
            "application/http; msgtype=response",
        )
        .body(page.as_bytes().to_vec())
        .build()
        .unwrap();
    let mut w = WarcWriter::new(std::io::BufWriter::new(Vec::new()));
    w.write(&record).unwrap();
    let bytes = w.into_inner().unwrap();
    let out = read_bytes(&bytes, "interop.warc", &IngestOptions::default());
    let a = out[0].as_ref().unwrap();
    assert_eq!(a.title.as_deref(), Some("Interop"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/interop"));
}

#[test]
fn encodings() {
    for name in ["utf16le-bom.txt", "utf16be-bom.txt"] {
        let a = one(name);
        assert_eq!(
            a.title.as_deref(),
            Some("Mali: attack near Ségou"),
            "{name}"
        );
        assert_eq!(a.authors, ["Awa Traoré"]);
        assert_eq!(a.published.as_deref(), Some("2022-05-22"));
    }
    let a = one("fr-windows-1252.txt");
    assert_eq!(
        a.title.as_deref(),
        Some("Attaque contre l’armée malienne près de Ségou")
    );
    assert_eq!(a.authors, ["Aminata Keïta"]);
    assert_eq!(a.published.as_deref(), Some("2022-05-22"));
    assert_eq!(a.publisher.as_deref(), Some("Bamako Hebdo"));
    assert_eq!(a.section.as_deref(), Some("Sécurité"));
    assert_eq!(a.dateline.as_deref(), Some("SÉGOU, Mali (AFP) –"));
    assert!(a.text.contains("l'armée malienne près de Ségou"));
    assert!(!a.text.contains("Source :"));
}

#[test]
fn forced_format_and_options() {
    let opts = IngestOptions {
        format: Format::Text,
        ..Default::default()
    };
    let out: Vec<_> = read_path(fixture("article.html"), &opts).collect();
    assert_eq!(out[0].as_ref().unwrap().format, "text");
    let opts = IngestOptions {
        lang: Some("fr".into()),
        ..Default::default()
    };
    assert_eq!(
        read_path(fixture("article.html"), &opts)
            .next()
            .unwrap()
            .unwrap()
            .language
            .as_deref(),
        Some("fr")
    );
}

#[test]
fn size_limit_is_a_clear_error() {
    let opts = IngestOptions {
        max_bytes: 1000,
        ..Default::default()
    };
    let out: Vec<_> = read_path(fixture("article.html"), &opts).collect();
    let e = out[0].as_ref().unwrap_err();
    assert_eq!(
        e.cause,
        "file is 3 KB, over the 1000 bytes limit (raise with --max-mb)"
    );
    // JSON Lines are streamed: the file may be bigger than the limit, each line may not.
    let opts = IngestOptions {
        max_bytes: 400,
        ..Default::default()
    };
    let out: Vec<_> = read_path(fixture("stories.jsonl"), &opts).collect();
    assert_eq!(out.len(), 3);
    assert!(out[1].is_ok() && out[2].is_ok());
    assert!(out[0]
        .as_ref()
        .unwrap_err()
        .cause
        .contains("over the 400 bytes limit"));
}

#[test]
fn directories_are_walked_in_order_skipping_hidden_files() {
    let dir = std::env::temp_dir().join(format!("khaldun-ingest-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("b-sub")).unwrap();
    std::fs::create_dir_all(dir.join(".hidden-dir")).unwrap();
    std::fs::write(dir.join("c.txt"), "Third file body.").unwrap();
    std::fs::write(dir.join("a.txt"), "First file body.").unwrap();
    std::fs::write(dir.join("b-sub/inner.txt"), "Second file body.").unwrap();
    std::fs::write(dir.join(".secret.txt"), "hidden").unwrap();
    std::fs::write(dir.join(".hidden-dir/x.txt"), "hidden").unwrap();
    std::fs::write(dir.join("logo.png"), [0x89, b'P', b'N', b'G', 0, 0]).unwrap();
    let texts: Vec<String> = read_path(&dir, &IngestOptions::default())
        .map(|r| r.unwrap().text)
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        texts,
        ["First file body.", "Second file body.", "Third file body."]
    );
}

#[test]
fn missing_path_is_an_error() {
    let out: Vec<_> = read_path("/no/such/khaldun/file.txt", &IngestOptions::default()).collect();
    assert_eq!(
        out[0].as_ref().unwrap_err().to_string(),
        "/no/such/khaldun/file.txt: no such file or directory"
    );
}

/// What each malformed fixture must produce.
enum Expect {
    /// Every item is an error whose cause contains this text.
    Err(&'static str),
    /// At least one error with this text, and this many articles.
    Mixed(&'static str, usize),
    /// A best-effort article (or several), no error.
    Ok(usize),
}

#[test]
fn malformed_fixtures_give_clear_errors_and_never_panic() {
    use Expect::*;
    let cases: &[(&str, Expect)] = &[
        ("empty.txt", Err("empty file")),
        ("whitespace-only.txt", Err("only whitespace")),
        ("binary.dat", Err("binary data, not text")),
        ("random-bytes.txt", Err("binary data, not text")),
        ("control-chars.txt", Err("binary data, not text")),
        ("utf16-no-bom-garbage.txt", Err("binary data, not text")),
        ("invalid-1252.txt", Err("not valid UTF-8 or Windows-1252")),
        ("truncated.html", Ok(1)),
        ("deeply-nested.html", Ok(1)),
        ("empty-body.html", Ok(1)),
        ("broken-json-ld.html", Ok(1)),
        ("unknown-charset.html", Ok(1)),
        ("tag-soup.html", Ok(1)),
        (
            "unclosed.xml",
            Err("feed XML is malformed at line 5: element <item> is never closed"),
        ),
        (
            "mismatched-tags.xml",
            Err("feed XML is malformed at line 3"),
        ),
        ("atom-truncated.xml", Err("feed XML is malformed at line 5")),
        ("rss-no-items.xml", Err("feed has no items")),
        ("not-a-feed.xml", Err("not an RSS or Atom feed")),
        ("feed-bad-dates.xml", Ok(2)),
        ("item-without-text.xml", Err("has no content or summary")),
        ("broken-lines.jsonl", Mixed("not valid JSON", 2)),
        ("not-objects.jsonl", Err("not a JSON object")),
        ("bad-utf8.jsonl", Mixed("not valid UTF-8", 1)),
        ("empty-text.jsonl", Err("\"text\" is empty")),
        ("truncated.warc", Err("WARC record is truncated")),
        ("truncated.warc.gz", Mixed("gzip stream is truncated", 1)),
        (
            "no-html-records.warc",
            Err("no HTML response records among 3 WARC records"),
        ),
        (
            "garbage-after-record.warc",
            Mixed("expected a WARC record header", 1),
        ),
        ("huge-content-length.warc", Err("impossible Content-Length")),
        ("no-content-length.warc", Err("no valid Content-Length")),
        ("not-gzip.warc.gz", Err("gzip stream is corrupt")),
        ("gzip-not-warc.gz", Err("gzip-compressed data")),
    ];
    let dir = fixture("malformed");
    let on_disk = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        on_disk,
        cases.len(),
        "every malformed fixture has an expectation"
    );
    assert!(cases.len() >= 20);
    for (name, expect) in cases {
        let path = dir.join(name);
        let out: Vec<_> = read_path(&path, &IngestOptions::default()).collect();
        let oks = out.iter().filter(|r| r.is_ok()).count();
        let errs: Vec<&IngestError> = out.iter().filter_map(|r| r.as_ref().err()).collect();
        for e in &errs {
            assert!(
                e.origin.starts_with(&path.display().to_string()),
                "{name}: error names the file: {e}"
            );
        }
        match expect {
            Err(text) => {
                assert_eq!(oks, 0, "{name}: {out:?}");
                assert!(!errs.is_empty(), "{name}");
                assert!(
                    errs.iter().all(|e| e.cause.contains(text)),
                    "{name}: expected {text:?}, got {errs:?}"
                );
            }
            Mixed(text, n) => {
                assert_eq!(oks, *n, "{name}: {out:?}");
                assert!(
                    errs.iter().any(|e| e.cause.contains(text)),
                    "{name}: expected {text:?}, got {errs:?}"
                );
            }
            Ok(n) => {
                assert!(errs.is_empty(), "{name}: {errs:?}");
                assert_eq!(oks, *n, "{name}");
                assert!(out
                    .iter()
                    .flatten()
                    .all(|a| !a.text.trim().is_empty() && !a.id.is_empty()));
            }
        }
        // The same bytes through read_bytes behave the same way.
        let bytes = std::fs::read(&path).unwrap();
        let again = read_bytes(
            &bytes,
            &path.display().to_string(),
            &IngestOptions::default(),
        );
        assert_eq!(
            again.iter().filter(|r| r.is_ok()).count(),
            oks,
            "{name} via read_bytes"
        );
    }
}

#[test]
fn jsonl_errors_carry_line_numbers() {
    let out = read("malformed/broken-lines.jsonl");
    let lines: Vec<Option<usize>> = out
        .iter()
        .map(|r| r.as_ref().err().and_then(|e| e.line))
        .collect();
    assert_eq!(lines, [None, Some(2), Some(4), Some(5), None, Some(7)]);
}
