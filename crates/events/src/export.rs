//! Export forms of an event: an ACLED-style row and a PLOVER JSON record.

use khaldun_model::{Actor, AnnotatedArticle, Event, GeoPrecision};
use serde::{Deserialize, Serialize};

/// One event in ACLED's column layout.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AcledRow {
    pub event_id: String,
    pub event_date: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: String,
    pub assoc_actor_1: String,
    pub inter1: u8,
    pub actor2: String,
    pub assoc_actor_2: String,
    pub inter2: u8,
    pub interaction: u8,
    /// ISO 3166-1 numeric code of the country (`None` without a country).
    pub iso: Option<u16>,
    /// ACLED region ("Western Africa").
    pub region: String,
    /// Country name ("Mali"; the ISO alpha-2 code when the name is unknown).
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub location: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: u8,
    pub time_precision: u8,
    pub source: String,
    /// ACLED scale of the sources ("National", "New media-International").
    pub source_scale: String,
    /// One ACLED-style sentence generated from the fields above.
    pub notes: String,
    pub fatalities: u32,
    /// ACLED tags (`crowd size=no report` for demonstrations).
    pub tags: String,
    pub status: String,
}

fn names(v: &[Actor]) -> String {
    v.iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// ACLED row of `ev` from article `doc`. Actor 2 is the target (always, for
/// violence against civilians); `interaction` joins the two inter codes,
/// lower first. `iso`, `region`, `source_scale`, `notes`, `tags` and the inter code of an
/// actor the knowledge base does not know follow ACLED's
/// conventions (`khaldun-acled`); `notes` is generated from the row, in English whatever
/// the article's language.
pub fn acled_row(doc: &AnnotatedArticle, ev: &Event) -> AcledRow {
    // an actor the knowledge base does not know gets the inter code the codebook fixes for
    // its side of the event type (protesters 6, rioters 5, civilian targets 7)
    let inter_of = |a: &Option<Actor>, side: u8| {
        a.as_ref()
            .and_then(|a| {
                a.inter
                    .or_else(|| khaldun_acled::default_inter(&ev.acled.event_type, side))
            })
            .unwrap_or(0)
    };
    let inter1 = inter_of(&ev.actor, 1);
    let inter2 = inter_of(&ev.target, 2);
    let (lo, hi) = if inter2 != 0 && inter2 < inter1 {
        (inter2, inter1)
    } else {
        (inter1, inter2)
    };
    // without actor 1's code the pair is unknown
    let interaction = if inter1 == 0 { 0 } else { lo * 10 + hi };
    let loc = ev.location.as_ref();
    let mut source: Vec<String> = Vec::new();
    for s in &ev.sources {
        if matches!(
            s.kind.as_str(),
            "citation" | "attribution" | "publisher" | "original"
        ) && !source.contains(&s.name)
        {
            source.push(s.name.clone());
        }
    }
    if source.is_empty() {
        if let Some(p) = &doc.article.publisher {
            source.push(p.clone());
        }
    }
    let cc = loc
        .and_then(|l| l.place.country.clone())
        .unwrap_or_default();
    let codes = khaldun_acled::country(&cc);
    let country = khaldun_geo::country(&cc)
        .map(|c| c.name_en.to_string())
        .unwrap_or_else(|| cc.clone());
    let date = ev
        .date
        .as_ref()
        .map(|d| d.date.clone())
        .or_else(|| doc.published_date().map(str::to_string))
        .unwrap_or_default();
    let time_precision = ev.date.as_ref().map(|d| d.time_precision).unwrap_or(3);
    fn nonempty(s: &str) -> Option<&str> {
        (!s.is_empty()).then_some(s)
    }
    let admin1 = loc.and_then(|l| l.place.admin1.clone()).unwrap_or_default();
    let location = loc.map(|l| l.place.name.clone()).unwrap_or_default();
    let notes = khaldun_acled::note(&khaldun_acled::NoteFacts {
        date: nonempty(&date),
        time_precision,
        event_type: &ev.acled.event_type,
        sub_event_type: &ev.acled.sub_event_type,
        actor1: ev.actor.as_ref().map(|a| a.name.as_str()),
        actor2: ev.target.as_ref().map(|a| a.name.as_str()),
        location: nonempty(&location),
        admin1: nonempty(&admin1),
        country: nonempty(&country),
        killed: ev.killed,
        injured: ev.injured,
        abducted: ev.abducted,
        arrested: ev.arrested,
    });
    AcledRow {
        event_id: ev.id.clone(),
        event_date: date,
        event_type: ev.acled.event_type.clone(),
        sub_event_type: ev.acled.sub_event_type.clone(),
        actor1: ev
            .actor
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        assoc_actor_1: names(&ev.assoc_actors),
        inter1,
        actor2: ev
            .target
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        assoc_actor_2: names(&ev.assoc_targets),
        inter2,
        interaction,
        iso: codes.map(|c| c.iso),
        region: codes.map(|c| c.region.to_string()).unwrap_or_default(),
        country,
        admin1,
        admin2: loc.and_then(|l| l.place.admin2.clone()).unwrap_or_default(),
        location,
        latitude: loc
            .and_then(|l| l.place.lat)
            .map(|v| (v * 1e4).round() / 1e4),
        longitude: loc
            .and_then(|l| l.place.lon)
            .map(|v| (v * 1e4).round() / 1e4),
        geo_precision: loc
            .map(|l| u8::from(l.place.precision))
            .unwrap_or(u8::from(GeoPrecision::Region)),
        time_precision,
        source_scale: khaldun_acled::source_scale(source.iter().map(String::as_str), nonempty(&cc)),
        source: source.join("; "),
        notes,
        fatalities: ev.killed.unwrap_or(0),
        tags: khaldun_acled::tags(&ev.acled.event_type),
        status: ev.status.as_str().to_string(),
    }
}

/// PLOVER JSON record of `ev` (PLOVER's event-data layout: id, date, actor,
/// recipient, event, mode, context, with Khaldun's extra fields).
pub fn plover_record(doc: &AnnotatedArticle, ev: &Event) -> serde_json::Value {
    let actor = |a: &Option<Actor>| {
        a.as_ref().map(|a| {
            serde_json::json!({
                "actorText": a.name, "code": a.country, "sector": a.sector, "id": a.id,
            })
        })
    };
    serde_json::json!({
        "id": ev.id,
        "date": ev.date.as_ref().map(|d| d.date.clone()),
        "event": ev.plover.event_type,
        "mode": ev.plover.mode,
        "context": ev.plover.context,
        "source": actor(&ev.actor),
        "target": actor(&ev.target),
        "eventText": ev.trigger.text,
        "text": ev.evidence.first().map(|s| s.text.clone()),
        "language": doc.article.language,
        "location": ev.location.as_ref().map(|l| serde_json::json!({
            "name": l.place.name, "lat": l.place.lat, "lon": l.place.lon,
            "country": l.place.country, "geonameid": l.place.geonameid,
        })),
        "status": ev.status.as_str(),
        "claimant": ev.claimant,
        "fatalities": ev.killed,
        "cameo": ev.cameo.code,
        "goldstein": ev.cameo.goldstein,
        "acled": { "event_type": ev.acled.event_type, "sub_event_type": ev.acled.sub_event_type },
        "publication": doc.article.publisher,
        "articleId": doc.article.id,
    })
}

/// Event family for matching across codings: from the ACLED sub-event type
/// when given, else from the PLOVER type.
pub fn family(plover: Option<&str>, acled_sub: Option<&str>) -> String {
    if let Some(s) = acled_sub.filter(|s| !s.is_empty()) {
        let f = match s {
            "Government regains territory"
            | "Non-state actor overtakes territory"
            | "Armed clash"
            | "Chemical weapon"
            | "Air/drone strike"
            | "Suicide bomb"
            | "Shelling/artillery/missile attack"
            | "Remote explosive/landmine/IED"
            | "Grenade"
            | "Sexual violence"
            | "Attack"
            | "Abduction/forced disappearance"
            | "Looting/property destruction" => "violence",
            "Excessive force against protesters"
            | "Protest with intervention"
            | "Peaceful protest"
            | "Violent demonstration"
            | "Mob violence" => "demonstration",
            "Arrests" => "arrest",
            "Agreement" => "agreement",
            _ => "",
        };
        if !f.is_empty() {
            return f.into();
        }
    }
    match plover.map(|p| p.to_uppercase()).as_deref() {
        Some("ASSAULT") | Some("FIGHT") => "violence".into(),
        Some("PROTEST") => "demonstration".into(),
        Some("COERCE") => "arrest".into(),
        Some("AGREE") | Some("SUPPORT") => "agreement".into(),
        Some(p) => p.to_lowercase(),
        None => "other".into(),
    }
}
