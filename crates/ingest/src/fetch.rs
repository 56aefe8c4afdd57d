//! HTTP(S) fetching with a timeout, a redirect cap and a size limit (blocking `ureq`, rustls).

use crate::IngestOptions;

pub(crate) struct Fetched {
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    pub charset: Option<String>,
    /// The URL after redirects.
    pub url: String,
}

const USER_AGENT: &str = concat!("khaldun/", env!("CARGO_PKG_VERSION"), " (news ingestion)");

pub(crate) fn fetch(url: &str, opts: &IngestOptions) -> Result<Fetched, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("not a valid URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "only http and https URLs can be fetched, not {}:",
            parsed.scheme()
        ));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .max_redirects(5)
        .user_agent(USER_AGENT)
        .build()
        .into();
    let mut resp = agent.get(url).call().map_err(|e| describe(e, opts))?;
    let final_url = {
        use ureq::ResponseExt;
        resp.get_uri().to_string()
    };
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let charset = resp.body().charset().map(str::to_string);
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(|e| describe(e, opts))?;
    Ok(Fetched {
        bytes,
        content_type,
        charset,
        url: final_url,
    })
}

fn describe(e: ureq::Error, opts: &IngestOptions) -> String {
    match e {
        ureq::Error::StatusCode(code) => format!("the server answered HTTP {code}"),
        ureq::Error::Timeout(_) => format!(
            "no complete answer within {} s (timeout)",
            opts.timeout.as_secs()
        ),
        ureq::Error::BodyExceedsLimit(_) => {
            format!(
                "response is over the {} limit (raise with --max-bytes)",
                crate::human_size(opts.max_bytes)
            )
        }
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::Io(io) => format!("could not connect: {io}"),
        ureq::Error::TooManyRedirects => "too many redirects".into(),
        other => other.to_string(),
    }
}
