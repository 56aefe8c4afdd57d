//! Actor knowledge base and actor mention recognition, English and French.
//!
//! # For the events stage (API summary)
//!
//! - [`ActorBase::embedded()`] — the bundled base, built once per process (`Arc`).
//! - [`ActorBase::resolve`]`(surface) -> Option<Actor>` — a noun phrase to an actor:
//!   names and aliases ("JNIM", "GSIM", "Groupe de soutien à l'islam et aux musulmans"),
//!   country + force noun ("six Malian soldiers", "Mali's army", "l'armée malienne",
//!   "soldats maliens"), identity-qualified classes ("Fulani civilians" → `civilians` with
//!   `identity = "Fulani"`), generic classes ("gunmen", "manifestants"). Leading determiners,
//!   numbers and fillers are ignored. A bare country or capital ("France", "la Russie",
//!   "Bamako") gives its government, a bare adjective ("Russian", "russes") its military, a
//!   plural nationality noun ("Palestiniens") civilians of that country, a bare identity
//!   ("ethnic Tigrayans") civilians with that identity; for "supporters of the junta" or
//!   "soldiers and vigilantes" the first noun decides. A bare "the army" / "the junta" gives
//!   the placeholder `state-military` / `state-government`: use
//! - [`ActorBase::resolve_in_context`]`(surface, doc_country)` to map such generic state nouns
//!   (and ambiguous acronyms such as FDS, BIR, CNSP, SNA, ADF) to the document's country.
//! - [`ActorBase::find_all`]`(text) -> Vec<(Range<usize>, ActorRef)>` — every mention in a
//!   text (byte ranges); [`ActorBase::find_all_in_context`] with a focus country.
//! - [`ActorBase::code_on_date`]`(actor, date)` — the coding that holds on an event's date
//!   (`data/actors/periods.tsv`: the Taliban are inter 2 before 2021-08-15, inter 1 after).
//! - [`ActorBase::get`]`(id) -> Option<&ActorRecord>`, [`ActorBase::actor`]`(id) -> Option<Actor>`,
//!   [`ActorBase::actors`]`()` iterator, [`ActorBase::state_actor`]`("ML", Branch::Military)`.
//! - [`ActorBase::affiliations`]`(id)` — the transitive affiliation chain with years
//!   (`katiba-macina` → `jnim` (2017–) → `al-qaeda`); [`ActorBase::affiliations_in`] for one year.
//! - [`ActorBase::inter_in`]`(actor, event_country)` — ACLED inter for an event: a state force
//!   acting outside its own country is 8 (external forces).
//! - [`ActorBase::acled_names`]`(actor, event_country)` — ACLED actor and associated-actor
//!   names ("Civilians (Mali)" + "Fulani Ethnic Group (Mali)", "Unidentified Armed Group
//!   (Niger)", "Military Forces of Mali").
//! - [`ActorBase::country_of_capital`] / [`ActorBase::country_of_name`] — for capital/country
//!   metonymy ("Bamako accused Paris"). The stage itself only marks metonymy when the place is
//!   the subject or object of a political verb (government: "Bamako accused", "accusing
//!   France", "against France") or the subject of a military one (military: "Iran fired")
//!   (`ActorMention::resolution = "metonymy"`).
//! - Attack nouns name their author: "Russian shelling", "Israeli airstrikes", "frappes
//!   américaines" are mentions of that country's military (never "the invasion of Ukraine").
//! - [`focus_country`]`(doc)` — the document's main country (places, dateline, state mentions).
//!
//! [`ActorStage`] fills `doc.actors` (code-point offsets). `ActorMention::resolution` is
//! `Some("context")` for bare state nouns resolved to the focus country and
//! `Some("metonymy")` for capitals/countries standing for their government or military
//! (see above). [`ActorBase::mentions`]`(doc)` gives the same list without the stage;
//! `Actor::identity`
//! carries identity qualifiers. All inter-7 classes (villagers, farmers, herders...) are ACLED
//! "Civilians"; ids of generated state actors are `<iso2 lower>-military|police|government`.
//!
//! # Example
//! ```
//! use khaldun_actors::ActorBase;
//! let base = ActorBase::embedded();
//! let a = base.resolve("Groupe de soutien à l'islam et aux musulmans").unwrap();
//! assert_eq!(a.id.as_deref(), Some("jnim"));
//! let s = base.resolve("les soldats maliens").unwrap();
//! assert_eq!(s.id.as_deref(), Some("ml-military"));
//! assert_eq!(s.inter, Some(1));
//! let chain: Vec<String> = base.affiliations("katiba-macina").into_iter().map(|l| l.parent).collect();
//! assert!(chain.contains(&"jnim".to_string()) && chain.contains(&"al-qaeda".to_string()));
//! ```
//!
//! # What it does not do
//! No coreference ("the group", "they"), no person names (leaders are not actors here), no
//! role assignment (actor vs target is the events stage's job), no statistical NER: it
//! recognises what the curated data names. Data lives in `data/actors/` (see its README and
//! `docs/actors.md`) and `data/countries/countries.tsv`, embedded at compile time.

mod fold;
mod kb;
mod recognize;

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use khaldun_model::{Actor, ActorMention, AnnotatedArticle, Component, TextIndex};

pub use kb::{ActorRecord, Affiliation, Branch, Category, Country, Lang, Period};
use recognize::{Entry, Lexicon, Matcher, MatcherBuilder, Raw, RawKind};

/// The embedded data files, in load order (earlier files win ambiguous aliases when the
/// document's country does not decide).
const GROUP_FILES: &[(&str, &str)] = &[
    (
        "groups/africa-east.tsv",
        include_str!("../../../data/actors/groups/africa-east.tsv"),
    ),
    (
        "groups/africa-west.tsv",
        include_str!("../../../data/actors/groups/africa-west.tsv"),
    ),
    (
        "groups/middle-east.tsv",
        include_str!("../../../data/actors/groups/middle-east.tsv"),
    ),
    (
        "groups/asia.tsv",
        include_str!("../../../data/actors/groups/asia.tsv"),
    ),
    (
        "groups/americas-europe.tsv",
        include_str!("../../../data/actors/groups/americas-europe.tsv"),
    ),
];
const INTERNATIONAL: &str = include_str!("../../../data/actors/international.tsv");
const GENERIC: &str = include_str!("../../../data/actors/generic.tsv");
const STATE_ALIASES: &str = include_str!("../../../data/actors/state-aliases.tsv");
const STATE_HEADS: &str = include_str!("../../../data/actors/state-heads.tsv");
const IDENTITIES: &str = include_str!("../../../data/actors/identities.tsv");
const FILLERS: &str = include_str!("../../../data/actors/fillers.txt");
const VERBS: &str = include_str!("../../../data/actors/metonymy-verbs.txt");
const OBJECT_VERBS: &str = include_str!("../../../data/actors/metonymy-object-verbs.txt");
const OPENERS: &str = include_str!("../../../data/actors/sentence-openers.txt");
const FOLLOWERS: &str = include_str!("../../../data/actors/head-followers.txt");
const BLOCKERS: &str = include_str!("../../../data/actors/blocking-modifiers.txt");
const MODIFIED: &str = include_str!("../../../data/actors/modified-nouns.txt");
const FR_ADJECTIVAL: &str = include_str!("../../../data/actors/french-noun-adjectives.txt");
const COUNTRIES: &str = include_str!("../../../data/countries/countries.tsv");
const PERIODS: &str = include_str!("../../../data/actors/periods.tsv");

/// One link of an affiliation chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliationLink {
    /// The affiliated actor (the start of the chain, or an intermediate parent).
    pub child: String,
    /// Its parent.
    pub parent: String,
    /// First and last year of the link (open when `None`).
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// 1 for a direct parent, 2 for a grandparent...
    pub depth: usize,
}

/// A recognised actor: the model [`Actor`] and how it was resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorRef {
    pub actor: Actor,
    /// `None` (by name or qualified noun), `Some("context")`, `Some("metonymy")`.
    pub resolution: Option<&'static str>,
}

/// The actor knowledge base: records, countries, and the compiled recogniser.
pub struct ActorBase {
    records: Vec<ActorRecord>,
    by_id: HashMap<String, usize>,
    countries: Vec<Country>,
    country_index: HashMap<String, usize>,
    /// Per country: record indices of military, police, government.
    state: Vec<[usize; 3]>,
    /// Placeholders `state-military`, `state-police`, `state-government`.
    placeholders: [usize; 3],
    identities: Vec<String>,
    capitals: HashMap<String, usize>,
    names: HashMap<String, usize>,
    matcher: Matcher,
    lexicon: Lexicon,
    /// Codings that hold for a period only, by actor id (`periods.tsv`).
    periods: HashMap<String, Vec<Period>>,
    warnings: Vec<String>,
}

impl std::fmt::Debug for ActorBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActorBase")
            .field("records", &self.records.len())
            .field("countries", &self.countries.len())
            .field("warnings", &self.warnings.len())
            .finish()
    }
}

impl Default for ActorBase {
    fn default() -> Self {
        ActorBase::build_embedded()
    }
}

impl ActorBase {
    /// The bundled knowledge base, loaded once per process.
    pub fn embedded() -> Arc<ActorBase> {
        static B: OnceLock<Arc<ActorBase>> = OnceLock::new();
        B.get_or_init(|| Arc::new(ActorBase::build_embedded()))
            .clone()
    }

    fn build_embedded() -> ActorBase {
        let mut warnings = Vec::new();
        let countries = kb::parse_countries(COUNTRIES, &mut warnings);
        let mut files: Vec<(&str, &str, Category)> = GROUP_FILES
            .iter()
            .map(|(n, t)| (*n, *t, Category::Group))
            .collect();
        files.push(("international.tsv", INTERNATIONAL, Category::International));
        files.push(("generic.tsv", GENERIC, Category::Generic));
        let mut records = Vec::new();
        for (name, text, cat) in files {
            records.extend(kb::parse_actor_file(text, name, cat, &mut warnings));
        }
        let aliases = kb::parse_state_aliases(STATE_ALIASES, &mut warnings);
        let heads = kb::parse_state_heads(STATE_HEADS, &mut warnings);
        let identities = kb::parse_identities(IDENTITIES, &mut warnings);
        let all_verbs = kb::parse_word_list(VERBS);
        let split = all_verbs
            .iter()
            .position(|v| v == "[military]")
            .unwrap_or(all_verbs.len());
        let political_verbs = &all_verbs[..split];
        let military_verbs = all_verbs.get(split + 1..).unwrap_or_default();
        let lexicon = Lexicon {
            fillers: kb::parse_word_list(FILLERS)
                .iter()
                .map(|v| fold::fold_lower(v))
                .collect(),
            military_verbs: military_verbs.iter().map(|v| fold::fold_lower(v)).collect(),
            verbs: political_verbs
                .iter()
                .map(|v| fold::fold_lower(v))
                .collect(),
            object_verbs: kb::parse_word_list(OBJECT_VERBS)
                .iter()
                .map(|v| fold::fold_lower(v))
                .collect(),
            civilians: None,
            armed_classes: HashSet::new(),
            fr_adjectival: kb::parse_word_list(FR_ADJECTIVAL)
                .iter()
                .map(|v| fold::fold_lower(v))
                .collect(),
            modified: kb::parse_word_list(MODIFIED)
                .iter()
                .map(|v| fold::fold_lower(v))
                .collect(),
            blockers: kb::parse_word_list(BLOCKERS)
                .iter()
                .map(|v| fold::fold_lower(v))
                .collect(),
            followers: kb::parse_word_list(FOLLOWERS)
                .iter()
                .map(|v| fold::fold_lower(v))
                .collect(),
            openers: kb::parse_word_list(OPENERS)
                .iter()
                .map(|v| fold::fold_lower(v))
                .collect(),
        };
        let periods = kb::parse_periods(PERIODS, &mut warnings);
        let mut base = ActorBase::assemble(
            countries, records, aliases, heads, identities, lexicon, warnings,
        );
        for p in periods {
            if !base.by_id.contains_key(&p.id) {
                base.warnings
                    .push(format!("periods.tsv: unknown actor id {}", p.id));
            }
            base.periods.entry(p.id.clone()).or_default().push(p);
        }
        base
    }

    #[allow(clippy::too_many_arguments)]
    fn assemble(
        mut countries: Vec<Country>,
        mut records: Vec<ActorRecord>,
        aliases: Vec<kb::StateAlias>,
        heads: Vec<kb::StateHeadRow>,
        identities: Vec<(String, Vec<String>)>,
        mut lexicon: Lexicon,
        mut warnings: Vec<String>,
    ) -> ActorBase {
        let country_index: HashMap<String, usize> = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iso2.clone(), i))
            .collect();
        // Extra adjectives and names from state-aliases.tsv.
        for a in &aliases {
            let Some(&ci) = country_index.get(&a.iso2) else {
                warnings.push(format!("state-aliases.tsv: unknown country {}", a.iso2));
                continue;
            };
            let c = &mut countries[ci];
            let list = match a.kind.as_str() {
                "adj_en" => &mut c.adj_en,
                "adj_fr" => &mut c.adj_fr,
                "name" => &mut c.names,
                _ => continue,
            };
            for f in &a.forms {
                if !list.contains(f) {
                    list.push(f.clone());
                }
            }
        }
        // Generated state actors.
        let mut state = Vec::with_capacity(countries.len());
        for c in &countries {
            let lower = c.iso2.to_ascii_lowercase();
            let mut ids = [0usize; 3];
            for (k, (branch, name, sector)) in [
                (
                    Branch::Military,
                    format!("Military Forces of {}", c.name_en),
                    "MIL",
                ),
                (
                    Branch::Police,
                    format!("Police Forces of {}", c.name_en),
                    "COP",
                ),
                (
                    Branch::Government,
                    format!("Government of {}", c.name_en),
                    "GOV",
                ),
            ]
            .into_iter()
            .enumerate()
            {
                ids[k] = records.len();
                records.push(ActorRecord {
                    id: format!("{lower}-{}", branch.as_str()),
                    name,
                    inter: 1,
                    sector: sector.to_string(),
                    country: Some(c.iso2.clone()),
                    aliases: Vec::new(),
                    affiliations: Vec::new(),
                    description: format!(
                        "{} of {} (generated from the country table).",
                        branch.as_str(),
                        c.name_en
                    ),
                    category: Category::State,
                    branch: Some(branch),
                });
            }
            state.push(ids);
        }
        for a in &aliases {
            let (Some(branch), Some(&ci)) = (Branch::parse(&a.kind), country_index.get(&a.iso2))
            else {
                continue;
            };
            let r = &mut records[state[ci][branch.index()]];
            for f in &a.forms {
                if !r.aliases.contains(f) {
                    r.aliases.push(f.clone());
                }
            }
        }
        // Index and checks.
        let mut by_id = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            if by_id.insert(r.id.clone(), i).is_some() {
                warnings.push(format!("duplicate actor id {}", r.id));
            }
        }
        for r in &records {
            for a in &r.affiliations {
                if !by_id.contains_key(&a.parent) {
                    warnings.push(format!("{}: unknown affiliation parent {}", r.id, a.parent));
                }
            }
        }
        let placeholder = |id: &str, warnings: &mut Vec<String>| {
            by_id.get(id).copied().unwrap_or_else(|| {
                warnings.push(format!("missing placeholder {id}"));
                0
            })
        };
        lexicon.civilians = by_id.get("civilians").map(|&i| i as u32);
        lexicon.armed_classes = records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.category == Category::Generic && matches!(r.inter, 2 | 3 | 4 | 8))
            .map(|(i, _)| i as u32)
            .collect();
        let placeholders = [
            placeholder("state-military", &mut warnings),
            placeholder("state-police", &mut warnings),
            placeholder("state-government", &mut warnings),
        ];
        // Patterns.
        let mut mb = MatcherBuilder::default();
        for (i, r) in records.iter().enumerate() {
            let i = i as u32;
            let entry = if r.category == Category::Generic {
                Entry::Generic(i)
            } else {
                Entry::Actor(i)
            };
            if r.category == Category::Generic && r.id.starts_with("state-") {
                continue;
            }
            if r.category != Category::Generic {
                mb.add(&r.name, entry);
            }
            for a in &r.aliases {
                mb.add(a, entry);
            }
        }
        for h in &heads {
            for f in &h.forms {
                mb.add(
                    f,
                    Entry::StateHead {
                        branch: h.branch,
                        lang: h.lang,
                        standalone: h.standalone,
                        event: h.event,
                    },
                );
            }
        }
        let mut capitals = HashMap::new();
        let mut names = HashMap::new();
        for (ci, c) in countries.iter().enumerate() {
            let cu = ci as u16;
            for a in &c.adj_en {
                mb.add(
                    a,
                    Entry::Demonym {
                        country: cu,
                        lang: Lang::En,
                    },
                );
            }
            for a in &c.adj_fr {
                mb.add(
                    a,
                    Entry::Demonym {
                        country: cu,
                        lang: Lang::Fr,
                    },
                );
            }
            for w in c.adj_en.iter().chain(&c.names).chain(&c.capitals) {
                lexicon.openers.insert(fold::fold_lower(w));
            }
            for n in &c.names {
                mb.add(n, Entry::Country(cu));
                names.entry(fold::fold_lower(n)).or_insert(ci);
            }
            for n in &c.capitals {
                mb.add(n, Entry::Capital(cu));
                capitals.entry(fold::fold_lower(n)).or_insert(ci);
            }
        }
        for (k, (_, forms)) in identities.iter().enumerate() {
            for f in forms {
                mb.add(f, Entry::Identity(k as u16));
            }
        }
        let matcher = mb.build().unwrap_or_else(|e| {
            warnings.push(format!("automaton: {e}"));
            MatcherBuilder::default()
                .build()
                .expect("empty automaton builds")
        });
        ActorBase {
            records,
            by_id,
            countries,
            country_index,
            state,
            placeholders,
            identities: identities.into_iter().map(|(l, _)| l).collect(),
            capitals,
            names,
            matcher,
            lexicon,
            periods: HashMap::new(),
            warnings,
        }
    }

    /// Code `actor` as ACLED would on `date` (`YYYY-MM-DD`): when a period of
    /// `periods.tsv` holds for its id on that date, its inter code, sector and name
    /// replace the record's ("Taliban" are inter 2 until 2021-08-14, inter 1 from
    /// 2021-08-15). Returns true when a period applied.
    pub fn code_on_date(&self, actor: &mut khaldun_model::Actor, date: &str) -> bool {
        let Some(id) = actor.id.as_deref() else {
            return false;
        };
        let Some(p) = self
            .periods
            .get(id)
            .and_then(|ps| ps.iter().find(|p| p.holds_on(date)))
        else {
            return false;
        };
        actor.inter = Some(p.inter);
        if let Some(s) = &p.sector {
            actor.sector = Some(s.clone());
        }
        if let Some(n) = &p.name {
            actor.name.clone_from(n);
        }
        true
    }

    /// Problems found while loading the data (unknown affiliation parents, malformed lines).
    /// Empty for the bundled data (a test checks it).
    pub fn load_warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Every record: groups, international actors, generic classes, generated state actors.
    pub fn actors(&self) -> impl Iterator<Item = &ActorRecord> {
        self.records.iter()
    }

    /// The record with this id.
    pub fn get(&self, id: &str) -> Option<&ActorRecord> {
        self.by_id.get(id).map(|&i| &self.records[i])
    }

    /// The model actor for this id.
    pub fn actor(&self, id: &str) -> Option<Actor> {
        self.get(id).map(ActorRecord::to_actor)
    }

    /// The countries table (with the curated extra adjectives and names).
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// A country's military, police or government ("ML", Branch::Military → `ml-military`).
    pub fn state_actor(&self, iso2: &str, branch: Branch) -> Option<Actor> {
        let ci = *self.country_index.get(&iso2.to_ascii_uppercase())?;
        Some(self.records[self.state[ci][branch.index()]].to_actor())
    }

    /// ISO2 of the country whose capital this is ("Bamako" → "ML", "Moscou" → "RU").
    pub fn country_of_capital(&self, name: &str) -> Option<&str> {
        self.capitals
            .get(&fold::fold_lower(name.trim()))
            .map(|&i| self.countries[i].iso2.as_str())
    }

    /// ISO2 of a country name or alias ("Mali", "RDC", "Ivory Coast").
    pub fn country_of_name(&self, name: &str) -> Option<&str> {
        self.names
            .get(&fold::fold_lower(name.trim()))
            .map(|&i| self.countries[i].iso2.as_str())
    }

    /// Number of named non-state armed groups, militias, gangs and PMCs.
    pub fn non_state_group_count(&self) -> usize {
        self.records
            .iter()
            .filter(|r| r.is_non_state_armed_group())
            .count()
    }

    /// Transitive affiliation chain, nearest first (breadth-first, each parent once):
    /// `katiba-macina` → `jnim` (2017–) → `al-qaeda` (2017–).
    pub fn affiliations(&self, id: &str) -> Vec<AffiliationLink> {
        self.chain(id, None)
    }

    /// The chain restricted to links that hold in `year` (`isgs` in 2020 → `islamic-state`,
    /// `iswap`; in 2023 → `islamic-state` only).
    pub fn affiliations_in(&self, id: &str, year: i32) -> Vec<AffiliationLink> {
        self.chain(id, Some(year))
    }

    fn chain(&self, id: &str, year: Option<i32>) -> Vec<AffiliationLink> {
        let mut out = Vec::new();
        let mut seen: HashSet<&str> = HashSet::from([id]);
        let mut queue = VecDeque::from([(id.to_string(), 1usize)]);
        while let Some((cur, depth)) = queue.pop_front() {
            let Some(r) = self.get(&cur) else { continue };
            for a in &r.affiliations {
                if year.is_some_and(|y| !a.holds_in(y)) || !seen.insert(a.parent.as_str()) {
                    continue;
                }
                out.push(AffiliationLink {
                    child: cur.clone(),
                    parent: a.parent.clone(),
                    from: a.from,
                    to: a.to,
                    depth,
                });
                queue.push_back((a.parent.clone(), depth + 1));
            }
        }
        out
    }

    /// ACLED inter code of `actor` in an event located in `event_country`: state forces
    /// (inter 1) acting outside their own country are external forces (8).
    pub fn inter_in(&self, actor: &Actor, event_country: Option<&str>) -> Option<u8> {
        match (actor.inter, actor.country.as_deref(), event_country) {
            (Some(1), Some(c), Some(e)) if !c.eq_ignore_ascii_case(e) => Some(8),
            (i, _, _) => i,
        }
    }

    /// ACLED actor and associated-actor names for an actor in an event located in
    /// `event_country` (ISO2): "Military Forces of Mali", "Civilians (Mali)" with associated
    /// "Fulani Ethnic Group (Mali)", "Farmers (Mali)" → "Civilians (Mali)" + "Farmers (Mali)",
    /// "Unidentified Armed Group (Niger)", "Protesters (Senegal)", "Fulani Ethnic Militia
    /// (Mali)"; named groups keep their canonical name. (ACLED's regime years such as
    /// "(2021-)" are not added.)
    pub fn acled_names(&self, actor: &Actor, event_country: Option<&str>) -> (String, Vec<String>) {
        let iso = actor
            .country
            .as_deref()
            .or(event_country)
            .map(str::to_ascii_uppercase);
        let cname = iso
            .as_deref()
            .and_then(|c| self.country_index.get(c))
            .map(|&i| self.countries[i].name_en.as_str());
        let with_country = |label: &str| match cname {
            Some(c) => format!("{label} ({c})"),
            None => label.to_string(),
        };
        let rec = actor.id.as_deref().and_then(|id| self.get(id));
        let Some(rec) = rec else {
            return (actor.name.clone(), Vec::new());
        };
        let identity = actor.identity.as_deref().map(|i| {
            if RELIGIOUS_IDENTITIES.contains(&i) {
                with_country(&format!("{i} Group"))
            } else {
                with_country(&format!("{i} Ethnic Group"))
            }
        });
        if rec.category != Category::Generic {
            return (rec.name.clone(), identity.into_iter().collect());
        }
        match (rec.inter, rec.id.as_str()) {
            (7, "civilians") => (with_country("Civilians"), identity.into_iter().collect()),
            (7, _) => (
                with_country("Civilians"),
                std::iter::once(with_country(&rec.name))
                    .chain(identity)
                    .collect(),
            ),
            (6, _) => (with_country("Protesters"), identity.into_iter().collect()),
            (5, _) => (with_country("Rioters"), identity.into_iter().collect()),
            (4, _) => match actor.identity.as_deref() {
                Some(i) => (with_country(&format!("{i} Ethnic Militia")), Vec::new()),
                None => (with_country("Unidentified Communal Militia"), Vec::new()),
            },
            (1, _) => (
                iso.as_deref()
                    .and_then(|c| self.country_index.get(c))
                    .and_then(|&ci| {
                        rec.id
                            .strip_prefix("state-")
                            .and_then(Branch::parse)
                            .map(|b| (ci, b))
                    })
                    .map(|(ci, b)| self.records[self.state[ci][b.index()]].name.clone())
                    .unwrap_or_else(|| rec.name.clone()),
                Vec::new(),
            ),
            (8, _) => (with_country("Private Security Forces"), Vec::new()),
            _ => (
                with_country("Unidentified Armed Group"),
                identity.into_iter().collect(),
            ),
        }
    }

    /// Resolve a surface form ("JNIM", "Malian soldiers", "six Fulani civilians") to an
    /// actor, without document context (bare state nouns give the `state-*` placeholders).
    pub fn resolve(&self, surface: &str) -> Option<Actor> {
        self.resolve_in_context(surface, None)
    }

    /// Resolve with the document's focus country (ISO2): "the junta" with `Some("ML")` →
    /// `ml-government`; "FDS" with `Some("SY")` → `sdf`, with `Some("BF")` → `bf-military`.
    pub fn resolve_in_context(&self, surface: &str, doc_country: Option<&str>) -> Option<Actor> {
        let surface = surface.trim().trim_end_matches(['.', ',', ';', ':']);
        if surface.is_empty() {
            return None;
        }
        let f = fold::Folded::new(surface);
        let raws = self.raw_mentions(&f);
        let end = f.lower.len();
        let pick = raws
            .iter()
            .rev()
            .find(|r| {
                let tail = f.lower[r.e..].trim_start_matches(['\'', 's']).trim();
                r.e == end || tail.is_empty() || tail.starts_with('(')
            })
            .filter(|r| recognize::is_ignorable_prefix(&f.lower[..r.s], &self.lexicon.fillers))
            .or_else(|| {
                // "education ministry", "local police": a class noun after one or two
                // unknown lower-case modifiers (not "foreign troops", "rebel soldiers").
                raws.first().filter(|r| {
                    r.e == end
                        && !matches!(r.kind, RawKind::Named { .. })
                        && self.modifier_prefix(&f.lower[..r.s])
                })
            })
            .or_else(|| {
                // "supporters of the junta", "soldiers and vigilantes": the first noun.
                raws.first().filter(|r| {
                    !matches!(r.kind, RawKind::Named { .. })
                        && recognize::is_ignorable_prefix(&f.lower[..r.s], &self.lexicon.fillers)
                })
            });
        let doc = doc_country.map(str::to_ascii_uppercase);
        if let Some(r) = pick {
            return self.finalize(r, doc.as_deref()).map(|r| r.actor);
        }
        if let Some(a) = self.resolve_bare(&f) {
            return Some(a);
        }
        // "JNIM, an al-Qaeda affiliate": skip names that modify a following noun.
        let named = raws
            .iter()
            .filter(|r| matches!(r.kind, RawKind::Named { .. }))
            .find(|r| {
                let next = f.lower[r.e..].trim_start();
                let w: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
                !f.lower[r.e..].starts_with(' ') || !self.lexicon.modified.contains(&w)
            })
            .or_else(|| {
                raws.iter()
                    .find(|r| matches!(r.kind, RawKind::Named { .. }))
            })?;
        self.finalize(named, doc.as_deref()).map(|r| r.actor)
    }

    fn modifier_prefix(&self, prefix: &str) -> bool {
        let words: Vec<&str> = prefix.split_whitespace().collect();
        words.len() <= 3
            && words.iter().all(|w| {
                w.chars().all(|c| c.is_lowercase() || c == '-' || c == '\'')
                    && !self.lexicon.blockers.contains(*w)
                    && !matches!(
                        *w,
                        "of" | "and"
                            | "or"
                            | "from"
                            | "by"
                            | "with"
                            | "for"
                            | "to"
                            | "in"
                            | "on"
                            | "at"
                            | "against"
                            | "de"
                            | "du"
                            | "des"
                            | "et"
                            | "ou"
                            | "par"
                            | "pour"
                    )
            })
    }

    /// A surface that is only a place or an adjective: a country or capital name stands for
    /// its government ("France", "la Russie", "Bamako"), a country adjective for its military
    /// ("Russian", "russes"), an identity for civilians of that identity ("ethnic Tigrayans").
    /// Callers coding a violent event may prefer the country's military: see
    /// [`ActorBase::state_actor`].
    fn resolve_bare(&self, f: &fold::Folded) -> Option<Actor> {
        let toks = self.matcher.tokens(f, &self.lexicon);
        let t = toks.last()?;
        let tail = f.lower[t.e..].trim_start_matches(['\'', 's']).trim();
        if !tail.is_empty()
            || !recognize::is_ignorable_prefix(&f.lower[..t.s], &self.lexicon.fillers)
        {
            return None;
        }
        for e in &t.entries {
            match *e {
                Entry::Country(c) | Entry::Capital(c) => {
                    return self.state_actor(self.country_code(c), Branch::Government);
                }
                _ => {}
            }
        }
        for e in &t.entries {
            match *e {
                Entry::Demonym { country, .. } => {
                    // "Palestiniens", "Malians": people; "russes", "Russian": the forces.
                    let w = &f.case[t.s..t.e];
                    if w.ends_with('s') && w.starts_with(char::is_uppercase) {
                        let mut a = self.actor("civilians")?;
                        a.country = Some(self.country_code(country).to_string());
                        return Some(a);
                    }
                    return self.state_actor(self.country_code(country), Branch::Military);
                }
                Entry::Identity(i) => {
                    let mut a = self.actor("civilians")?;
                    a.identity = self.identities.get(i as usize).cloned();
                    return Some(a);
                }
                _ => {}
            }
        }
        None
    }

    /// Every mention in `text`: byte ranges and actors, no document context.
    pub fn find_all(&self, text: &str) -> Vec<(Range<usize>, ActorRef)> {
        self.find_all_in_context(text, None)
    }

    /// Every mention in `text`, with the document's focus country for bare state nouns and
    /// ambiguous acronyms.
    pub fn find_all_in_context(
        &self,
        text: &str,
        doc_country: Option<&str>,
    ) -> Vec<(Range<usize>, ActorRef)> {
        let f = fold::Folded::new(text);
        let doc = doc_country.map(str::to_ascii_uppercase);
        self.raw_mentions(&f)
            .iter()
            .filter_map(|r| Some((f.orig(r.s)..f.orig(r.e), self.finalize(r, doc.as_deref())?)))
            .collect()
    }

    fn raw_mentions(&self, f: &fold::Folded) -> Vec<Raw> {
        let toks = self.matcher.tokens(f, &self.lexicon);
        self.matcher.compose(f, &toks, &self.lexicon)
    }

    fn country_code(&self, c: u16) -> &str {
        self.countries
            .get(c as usize)
            .map_or("", |c| c.iso2.as_str())
    }

    /// Choose among candidate countries: the focus country if listed, else the first.
    fn pick_country(&self, cands: &[u16], doc: Option<&str>) -> Option<u16> {
        cands
            .iter()
            .copied()
            .find(|&c| Some(self.country_code(c)) == doc)
            .or_else(|| cands.first().copied())
    }

    fn state_ref(
        &self,
        iso2: &str,
        branch: Branch,
        resolution: Option<&'static str>,
    ) -> Option<ActorRef> {
        let ci = *self.country_index.get(iso2)?;
        Some(ActorRef {
            actor: self.records[self.state[ci][branch.index()]].to_actor(),
            resolution,
        })
    }

    fn finalize(&self, r: &Raw, doc: Option<&str>) -> Option<ActorRef> {
        match &r.kind {
            RawKind::Named { recs, head } => {
                let of_doc = recs.iter().find(|&&i| {
                    doc.is_some() && self.records[i as usize].country.as_deref() == doc
                });
                let rec = match (of_doc, head) {
                    (Some(&i), _) => i,
                    (None, Some(branch)) if recs.len() > 1 || doc.is_some() => {
                        return self.context(*branch, doc);
                    }
                    _ => *recs.first()?,
                };
                Some(ActorRef {
                    actor: self.records[rec as usize].to_actor(),
                    resolution: None,
                })
            }
            RawKind::State { countries, branch } => {
                let c = self.pick_country(countries, doc)?;
                self.state_ref(self.country_code(c), *branch, None)
            }
            RawKind::Generic {
                rec,
                countries,
                identity,
            } => {
                let mut actor = self.records.get(*rec as usize)?.to_actor();
                actor.country = self
                    .pick_country(countries, doc)
                    .map(|c| self.country_code(c).to_string());
                actor.identity = identity.and_then(|i| self.identities.get(i as usize).cloned());
                Some(ActorRef {
                    actor,
                    resolution: None,
                })
            }
            RawKind::Context { branch } => self.context(*branch, doc),
            RawKind::Metonymy { country, branch } => {
                self.state_ref(self.country_code(*country), *branch, Some("metonymy"))
            }
        }
    }

    fn context(&self, branch: Branch, doc: Option<&str>) -> Option<ActorRef> {
        if let Some(d) = doc {
            if let Some(r) = self.state_ref(d, branch, Some("context")) {
                return Some(r);
            }
        }
        let rec = &self.records[self.placeholders[branch.index()]];
        Some(ActorRef {
            actor: rec.to_actor(),
            resolution: Some("context"),
        })
    }

    /// Recognise the mentions of an annotated document (focus country from its places,
    /// dateline and unambiguous state mentions).
    pub fn mentions(&self, doc: &AnnotatedArticle) -> Vec<ActorMention> {
        let text = doc.article.text.as_str();
        let f = fold::Folded::new(text);
        let raws = self.raw_mentions(&f);
        let mut votes: HashMap<String, (usize, usize)> = HashMap::new();
        let mut vote = |c: &str, w: usize, pos: usize| {
            let e = votes.entry(c.to_ascii_uppercase()).or_insert((0, pos));
            e.0 += w;
            e.1 = e.1.min(pos);
        };
        for (k, r) in raws.iter().enumerate() {
            match &r.kind {
                RawKind::State { countries, .. } if countries.len() == 1 => {
                    vote(self.country_code(countries[0]), 1, k)
                }
                RawKind::Metonymy { country, .. } => vote(self.country_code(*country), 1, k),
                _ => {}
            }
        }
        for (k, p) in doc.places.iter().enumerate() {
            if let Some(c) = &p.place.country {
                vote(c, 1, k);
            }
        }
        if let Some(d) = &doc.article.dateline {
            for (_, a) in self.find_all(d) {
                if let (Some(c), Some(r)) = (&a.actor.country, a.resolution) {
                    if r == "metonymy" {
                        vote(c, 3, 0);
                    }
                }
            }
            for w in d.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-') {
                if let Some(c) = self
                    .country_of_capital(w)
                    .or_else(|| self.country_of_name(w))
                {
                    vote(c, 3, 0);
                }
            }
        }
        let focus = focus_from_votes(&votes).or_else(|| focus_country(doc));
        let idx = TextIndex::new(text);
        raws.iter()
            .filter_map(|r| {
                let a = self.finalize(r, focus.as_deref())?;
                let (bs, be) = (f.orig(r.s), f.orig(r.e));
                Some(ActorMention {
                    start: idx.byte_to_char(bs),
                    end: idx.byte_to_char(be),
                    text: text.get(bs..be).unwrap_or_default().to_string(),
                    actor: a.actor,
                    resolution: a.resolution.map(String::from),
                })
            })
            .collect()
    }
}

/// Identity labels ACLED names "<X> Group" rather than "<X> Ethnic Group".
const RELIGIOUS_IDENTITIES: &[&str] = &[
    "Christian",
    "Muslim",
    "Jewish",
    "Hindu",
    "Sikh",
    "Buddhist",
    "Shia",
    "Sunni",
    "Alawite",
    "Druze",
    "Yazidi",
];

fn focus_from_votes(votes: &HashMap<String, (usize, usize)>) -> Option<String> {
    votes
        .iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(c, _)| c.clone())
}

/// The document's main country from its place mentions (most mentioned, earliest on ties).
/// [`ActorBase::mentions`] also counts the dateline and unambiguous state mentions.
pub fn focus_country(doc: &AnnotatedArticle) -> Option<String> {
    let mut votes: HashMap<String, (usize, usize)> = HashMap::new();
    for (k, p) in doc.places.iter().enumerate() {
        if let Some(c) = &p.place.country {
            let e = votes.entry(c.to_ascii_uppercase()).or_insert((0, k));
            e.0 += 1;
        }
    }
    focus_from_votes(&votes)
}

/// Pipeline component that fills `doc.actors`.
pub struct ActorStage {
    base: Arc<ActorBase>,
}

impl ActorStage {
    pub fn new(base: Arc<ActorBase>) -> Self {
        ActorStage { base }
    }
}

impl Component for ActorStage {
    fn name(&self) -> &'static str {
        "actors"
    }
    fn annotate(&self, doc: &mut AnnotatedArticle) {
        doc.actors = self.base.mentions(doc);
    }
}

#[cfg(test)]
mod tests;
