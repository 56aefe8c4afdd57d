//! Word and punctuation tokens.

/// French elided forms that stand as their own token ("l'", "qu'").
const FR_ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "lorsqu", "jusqu", "puisqu", "quoiqu",
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '@' || c == '#'
}

/// Joiners that stay inside a token when a word character follows
/// ("al-Qaeda", "dakaractu.com", "1,000", "12:07", "Twitter/@x", "Jama'at").
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | ',' | ':' | '/' | '&') || is_apostrophe(c)
}

/// Tokenise `text` into byte ranges.
pub fn tokenize_bytes(text: &str, lang: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !is_word_char(c) {
            out.push((b, b + c.len_utf8()));
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n {
            let cj = chars[j].1;
            if is_word_char(cj) {
                j += 1;
            } else if is_joiner(cj) && j + 1 < n && is_word_char(chars[j + 1].1) {
                // "," and ":" join only digits ("1,000", "12:07").
                if matches!(cj, ',' | ':')
                    && !(chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit())
                {
                    break;
                }
                j += 2;
            } else {
                break;
            }
        }
        let end = if j < n { chars[j].0 } else { text.len() };
        split_clitics(text, b, end, lang, &mut out);
        i = j;
    }
    out
}

/// Split English possessive "'s" and French elisions ("l'armée") off a word.
fn split_clitics(text: &str, start: usize, end: usize, lang: &str, out: &mut Vec<(usize, usize)>) {
    let word = &text[start..end];
    if let Some((pos, ap)) = word.char_indices().find(|&(_, c)| is_apostrophe(c)) {
        let head = &word[..pos];
        let after = pos + ap.len_utf8();
        if lang == "fr" && FR_ELISIONS.contains(&head.to_lowercase().as_str()) && after < word.len()
        {
            out.push((start, start + after));
            split_clitics(text, start + after, end, lang, out);
            return;
        }
        let tail = &word[after..];
        if lang != "fr" && (tail.eq_ignore_ascii_case("s") || tail.is_empty()) && !head.is_empty() {
            out.push((start, start + pos));
            out.push((start + pos, end));
            return;
        }
    }
    out.push((start, end));
}

/// Tokenise `text` into token strings (for tests and quick use).
pub fn tokenize<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    tokenize_bytes(text, lang)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    #[test]
    fn english_tokens() {
        assert_eq!(
            tokenize(
                "JNIM's fighters (Twitter/@511ZGS, April 27) killed 1,000 at 12:07.",
                "en"
            ),
            vec![
                "JNIM",
                "'s",
                "fighters",
                "(",
                "Twitter/@511ZGS",
                ",",
                "April",
                "27",
                ")",
                "killed",
                "1,000",
                "at",
                "12:07",
                "."
            ]
        );
        assert_eq!(
            tokenize("al-Qaeda, Jama'at", "en"),
            vec!["al-Qaeda", ",", "Jama'at"]
        );
    }

    #[test]
    fn french_elisions() {
        assert_eq!(
            tokenize("l'armée malienne qu'il a vue, aujourd'hui", "fr"),
            vec![
                "l'",
                "armée",
                "malienne",
                "qu'",
                "il",
                "a",
                "vue",
                ",",
                "aujourd'hui"
            ]
        );
    }

    #[test]
    fn odd_input() {
        assert!(tokenize("", "en").is_empty());
        assert_eq!(tokenize("'''", "fr"), vec!["'", "'", "'"]);
        assert_eq!(tokenize("a'", "en"), vec!["a", "'"]);
    }
}
