//! The word lists the passes read, from `data/events/*_words.tsv` (one list a
//! line: `list \t form|form|...`; see `data/events/README.md`).

/// A short list of lower-case forms. Forms of up to 16 bytes are kept packed
/// in integers, bucketed by byte length, so that a look-up is a few integer
/// comparisons (as a `matches!` on string literals compiles to).
#[derive(Debug, Default)]
pub struct WordSet {
    words: Vec<String>,
    /// Packed forms of each byte length up to 16.
    short: Vec<Vec<u128>>,
    /// Longer forms.
    long: Vec<String>,
}

#[inline]
fn pack(w: &[u8]) -> u128 {
    let mut b = [0u8; 16];
    b[..w.len()].copy_from_slice(w);
    u128::from_le_bytes(b)
}

impl WordSet {
    /// `w` is one of the forms.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        let n = w.len();
        if n <= 16 {
            match self.short.get(n) {
                Some(v) if !v.is_empty() => v.contains(&pack(w.as_bytes())),
                _ => false,
            }
        } else {
            self.long.iter().any(|x| x == w)
        }
    }

    /// `w` starts with one of the forms.
    pub fn starts(&self, w: &str) -> bool {
        for x in &self.words {
            if w.starts_with(x.as_str()) {
                return true;
            }
        }
        false
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    pub fn as_slice(&self) -> &[String] {
        &self.words
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub(crate) fn push(&mut self, w: String) {
        let n = w.len();
        if n <= 16 {
            if self.short.len() <= n {
                self.short.resize(n + 1, Vec::new());
            }
            self.short[n].push(pack(w.as_bytes()));
        } else {
            self.long.push(w.clone());
        }
        self.words.push(w);
    }
}

/// A small map from lower-case forms to ranks, packed like [`WordSet`].
#[derive(Debug, Default)]
pub struct RankMap {
    short: Vec<Vec<(u128, u8)>>,
    long: Vec<(String, u8)>,
}

impl RankMap {
    #[inline]
    pub fn get(&self, w: &str) -> Option<u8> {
        let n = w.len();
        if n <= 16 {
            let v = self.short.get(n)?;
            if v.is_empty() {
                return None;
            }
            let p = pack(w.as_bytes());
            v.iter().find(|(x, _)| *x == p).map(|(_, r)| *r)
        } else {
            self.long.iter().find(|(x, _)| x == w).map(|(_, r)| *r)
        }
    }

    pub fn insert(&mut self, w: &str, r: u8) {
        let n = w.len();
        if n <= 16 {
            if self.short.len() <= n {
                self.short.resize(n + 1, Vec::new());
            }
            self.short[n].push((pack(w.as_bytes()), r));
        } else {
            self.long.push((w.to_string(), r));
        }
    }
}

const FILES: &[&str] = &[
    include_str!("../../../data/events/filter_words.tsv"),
    include_str!("../../../data/events/group_words.tsv"),
    include_str!("../../../data/events/role_words.tsv"),
    include_str!("../../../data/events/count_words.tsv"),
    include_str!("../../../data/events/code_words.tsv"),
    include_str!("../../../data/events/status_words.tsv"),
    include_str!("../../../data/events/place_words.tsv"),
    include_str!("../../../data/events/follow_words.tsv"),
    include_str!("../../../data/events/mention_words.tsv"),
];

macro_rules! word_lists {
    ($($(#[$doc:meta])* $field:ident),* $(,)?) => {
        /// Every word list, one field each, named as in the data files.
        #[derive(Debug, Default)]
        pub struct Words {
            $($(#[$doc])* pub $field: WordSet,)*
        }

        impl Words {
            /// The embedded lists. Rows naming an unknown list are skipped
            /// (a unit test checks every row is read).
            pub fn load() -> Words {
                let mut w = Words::default();
                for text in FILES {
                    for (name, forms) in rows(text) {
                        let set = match name {
                            $(stringify!($field) => &mut w.$field,)*
                            _ => continue,
                        };
                        for f in forms {
                            set.push(f);
                        }
                    }
                }
                w
            }

            /// The names of all lists.
            #[cfg(test)]
            pub fn names() -> &'static [&'static str] {
                &[$(stringify!($field)),*]
            }

            #[cfg(test)]
            fn get(&self, name: &str) -> Option<&WordSet> {
                match name {
                    $(stringify!($field) => Some(&self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

fn rows(text: &str) -> impl Iterator<Item = (&str, impl Iterator<Item = String> + '_)> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(name, forms)| {
            (
                name.trim(),
                forms
                    .split('|')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(str::to_string),
            )
        })
}

word_lists! {
    // filter
    deny_object,
    anaphoric_det,
    quote_open,
    quote_close,
    quote_both,
    to_infinitive,
    to_occurrence,
    generic_quantifier,
    sense_det,
    past_form,
    harm_passive,
    passive_aux,
    habitual,
    clause_word,
    charge_verb,
    incident_word,
    accident,
    harm_only,
    needs_figure,
    // group
    boundary,
    subject_article,
    protester,
    mob,
    state_in_protest,
    // roles
    civilian_site,
    site_noun,
    possessor,
    perpetrator_trigger,
    pronoun_name,
    reduced_passive_next,
    // counts
    one,
    one_then,
    singular_det,
    measure,
    not_count_before,
    multiplier,
    dozen,
    range,
    range_and,
    between,
    approximator,
    bare_range,
    victim_det,
    victim_phrase_end,
    apposition,
    coordinator,
    after_active,
    before_passive,
    toll_gap,
    singular_aux,
    injury_word,
    age_suffix,
    // code
    military_site,
    pro_government,
    state_force,
    non_state_force,
    departure,
    protest_prefix,
    protester_word,
    chemical_word,
    air_word,
    // code: sub-event rules (passes/subtype.rs)
    civilian_target,
    armed_target,
    fighting_word,
    storm_form,
    control_word,
    livestock,
    bloc_word,
    air_platform,
    harm_word,
    crowd_actor,
    authority_target,
    relief_site,
    // status
    speaker_stop,
    speaker_stop_after,
    speaker_lead,
    address_word,
    speaker_trail,
    noun_determiner,
    quote_or_comma,
    complementizer,
    claim_subject,
    allege_modifier,
    blame,
    report_object,
    own_possessive,
    state_voice,
    not_state_voice,
    group_voice,
    year_lead,
    // when and where
    region_adjective,
    route_prep,
    route_motion,
    // follow-ups
    definite,
    denial_noun_prefix,
    referring_det,
    allegation_noun,
    // WikiEvents mentions
    instrument,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_a_list_and_every_list_has_words() {
        let w = Words::load();
        for text in FILES {
            for (name, _) in rows(text) {
                assert!(w.get(name).is_some(), "unknown word list {name}");
            }
        }
        for name in Words::names() {
            assert!(!w.get(name).unwrap().is_empty(), "empty word list {name}");
        }
        assert!(w.boundary.contains(";"));
        assert!(w.speaker_stop.contains("\""));
        assert!(w.civilian_site.contains("camp for displaced"));
        assert!(!w.one.contains("two"));
        assert!(!w.one.contains(""));
        assert!(w.pro_government.contains("volunteers for the defen"));
        assert!(!w.pro_government.contains("volunteers for the defe"));
        assert!(w.denial_noun_prefix.starts("démentis"));
    }
}
