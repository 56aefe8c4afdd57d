//! Canonical URLs, stable article ids and the table of known news hosts.

use once_cell::sync::Lazy;
use std::collections::HashMap;

/// Query parameters that only track the reader, dropped from canonical URLs.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "ocid",
    "cmpid",
    "_ga",
    "_gl",
    "ref_src",
    "ref_url",
    "s_cid",
    "spm",
    "at_medium",
    "at_campaign",
    "xtor",
    "share",
    "src",
    "cid",
    "ito",
];

/// The canonical form of a URL: scheme and host lower-cased, default port, fragment and
/// tracking parameters (`utm_*`, `fbclid`, ...) removed, trailing slash dropped.
/// `None` when `raw` is not an absolute http(s) URL.
pub fn canonical_url(raw: &str) -> Option<String> {
    let mut u = url::Url::parse(raw.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return None;
    }
    u.set_fragment(None);
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !k.starts_with("utm_") && !TRACKING_PARAMS.contains(&k.as_str())
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    let path = u.path().to_string();
    if path.len() > 1 && path.ends_with('/') {
        u.set_path(path.trim_end_matches('/'));
    }
    let mut s = u.to_string();
    // `Url` always writes "/" for an empty path: "https://a.org/" and "https://a.org" are one page.
    if u.path() == "/" && u.query().is_none() && s.ends_with('/') {
        s.pop();
    }
    Some(s)
}

/// The article id: [`khaldun_model::stable_id`] of the canonical URL when there is one, else of
/// the text with its whitespace collapsed (so re-wrapped copies of a text share an id).
pub fn article_id(url: Option<&str>, text: &str) -> String {
    if let Some(c) = url.and_then(canonical_url) {
        return khaldun_model::stable_id(&[&c]);
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    khaldun_model::stable_id(&[&collapsed])
}

static HOSTS: Lazy<HashMap<&'static str, &'static str>> = Lazy::new(|| {
    include_str!("../data/hosts.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(h, p)| (h.trim(), p.trim()))
        .collect()
});

/// The host of a URL, lower-cased, without `www.`.
pub(crate) fn host_of(raw: &str) -> Option<String> {
    let u = url::Url::parse(raw.trim()).ok()?;
    let h = u.host_str()?.to_ascii_lowercase();
    Some(h.strip_prefix("www.").unwrap_or(&h).to_string())
}

/// The publisher of a known host ("jamestown.org" → "Jamestown Foundation"); subdomains
/// match their parent domain.
pub(crate) fn known_publisher(host: &str) -> Option<&'static str> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let mut h = host.strip_prefix("www.").unwrap_or(&host);
    loop {
        if let Some(p) = HOSTS.get(h) {
            return Some(p);
        }
        h = h.split_once('.')?.1;
        if !h.contains('.') {
            return None;
        }
    }
}

/// Publisher for a URL: the known name, else the bare host.
pub(crate) fn publisher_for_url(raw: &str) -> Option<String> {
    let host = host_of(raw)?;
    Some(known_publisher(&host).map(str::to_string).unwrap_or(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_agree() {
        let a =
            canonical_url("HTTPS://Jamestown.ORG/program/briefs-365/?utm_source=x&fbclid=y#top")
                .unwrap();
        assert_eq!(a, "https://jamestown.org/program/briefs-365");
        assert_eq!(
            canonical_url("https://jamestown.org/program/briefs-365").unwrap(),
            a
        );
        assert_eq!(
            canonical_url("https://a.org/x?id=3&utm_medium=rss").unwrap(),
            "https://a.org/x?id=3"
        );
        assert_eq!(canonical_url("https://a.org/").unwrap(), "https://a.org");
        assert_eq!(
            canonical_url("https://a.org:443/").unwrap(),
            "https://a.org"
        );
        assert_eq!(canonical_url("mailto:x@y.z"), None);
        assert_eq!(canonical_url("not a url"), None);
    }

    #[test]
    fn ids_from_url_or_text() {
        assert_eq!(
            article_id(Some("https://a.org/x/"), "one"),
            article_id(Some("https://A.org/x#f"), "two")
        );
        assert_eq!(article_id(None, "a  b\n c"), article_id(None, "a b c"));
        assert_ne!(article_id(None, "a b"), article_id(None, "a c"));
    }

    #[test]
    fn known_hosts() {
        assert_eq!(
            known_publisher("jamestown.org"),
            Some("Jamestown Foundation")
        );
        assert_eq!(known_publisher("www.voanews.com"), Some("Voice of America"));
        assert_eq!(known_publisher("news.bbc.co.uk"), Some("BBC"));
        assert_eq!(known_publisher("Ocnus.Net"), Some("Ocnus.net"));
        assert_eq!(known_publisher("example.org"), None);
        assert_eq!(
            publisher_for_url("https://example.org/a").as_deref(),
            Some("example.org")
        );
    }
}
