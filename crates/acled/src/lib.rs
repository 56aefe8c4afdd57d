//! ACLED's conventions for the columns of an export row that are not coded from the text:
//! the numeric `iso` code and the `region` of a country ([`country`]), the `source_scale` of a
//! set of sources ([`source_scale`]), the one-sentence `notes` ([`note`]), ACLED's default
//! actor when none is named ([`default_actor`]) and `tags` ([`tags`]).
//!
//! ```
//! use khaldun_acled::{country, note, NoteFacts};
//! let ml = country("ML").unwrap();
//! assert_eq!((ml.iso, ml.region), (466, "Western Africa"));
//! let n = note(&NoteFacts {
//!     date: Some("2022-04-06"),
//!     time_precision: 1,
//!     event_type: "Violence against civilians",
//!     sub_event_type: "Attack",
//!     actor1: Some("JNIM"),
//!     actor2: Some("Civilians"),
//!     location: Some("Segou"),
//!     admin1: Some("Segou"),
//!     country: Some("Mali"),
//!     killed: Some(6),
//!     ..Default::default()
//! });
//! assert_eq!(n, "On 6 April 2022, JNIM attacked civilians in Segou (Segou, Mali), killing 6.");
//! ```
//!
//! Everything is data under `data/` (`countries/acled.tsv`, `sources/outlets.tsv`,
//! `ontology/acled_notes.tsv`), compiled in and parsed once. The crate depends on nothing:
//! the events stage and the server's exports both use it. It does not code events, resolve
//! actors or places, or read anything at run time.

mod countries;
mod notes;
mod sources;

pub use countries::{country, CountryCodes};
pub use notes::{default_actor, default_inter, note, note_actor, tags, NoteFacts};
pub use sources::{source_kind, source_scale, SourceKind};

/// Parse a data file's lines: no `#` comments, no blank lines, no header (first field `header`).
fn data_lines<'a>(text: &'a str, header: &'a str) -> impl Iterator<Item = Vec<&'a str>> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>())
        .filter(move |f| f.first() != Some(&header))
}

#[cfg(test)]
mod tests;
