//! Conversion between byte offsets (what Rust slices use) and Unicode code
//! point offsets (what the model and `extract` output use).

/// Maps byte offsets to code point offsets and back for one text.
///
/// ```
/// use khaldun_model::TextIndex;
/// let idx = TextIndex::new("Ségou is in Mali");
/// assert_eq!(idx.byte_to_char(3), 2); // after "Sé"
/// assert_eq!(idx.char_to_byte(2), 3);
/// ```
#[derive(Debug, Clone)]
pub struct TextIndex {
    /// Byte offset of every code point; empty when the text is pure ASCII
    /// (identity mapping). `u32`: four bytes per character, not eight (texts
    /// are far below 4 GiB; longer ones keep `wide`).
    char_starts: Vec<u32>,
    wide: Vec<usize>,
    len_bytes: usize,
}

impl TextIndex {
    pub fn new(text: &str) -> Self {
        let (char_starts, wide) = if text.is_ascii() {
            (Vec::new(), Vec::new())
        } else if u32::try_from(text.len()).is_ok() {
            (
                text.char_indices().map(|(b, _)| b as u32).collect(),
                Vec::new(),
            )
        } else {
            (Vec::new(), text.char_indices().map(|(b, _)| b).collect())
        };
        TextIndex {
            char_starts,
            wide,
            len_bytes: text.len(),
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        if !self.wide.is_empty() {
            self.wide.len()
        } else if self.char_starts.is_empty() {
            self.len_bytes
        } else {
            self.char_starts.len()
        }
    }

    /// Code point offset of byte offset `b` (rounded down to a char boundary).
    pub fn byte_to_char(&self, b: usize) -> usize {
        if !self.wide.is_empty() {
            if b >= self.len_bytes {
                return self.wide.len();
            }
            return match self.wide.binary_search(&b) {
                Ok(i) => i,
                Err(i) => i - 1,
            };
        }
        if self.char_starts.is_empty() {
            return b.min(self.len_bytes);
        }
        if b >= self.len_bytes {
            return self.char_starts.len();
        }
        // b < len_bytes <= u32::MAX here
        match self.char_starts.binary_search(&(b as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset of code point offset `c` (clamped to the text's end).
    pub fn char_to_byte(&self, c: usize) -> usize {
        if !self.wide.is_empty() {
            return self.wide.get(c).copied().unwrap_or(self.len_bytes);
        }
        if self.char_starts.is_empty() {
            return c.min(self.len_bytes);
        }
        self.char_starts
            .get(c)
            .map_or(self.len_bytes, |&b| b as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::TextIndex;

    #[test]
    fn ascii_is_identity() {
        let i = TextIndex::new("hello");
        assert_eq!(i.byte_to_char(3), 3);
        assert_eq!(i.char_to_byte(5), 5);
        assert_eq!(i.char_to_byte(9), 5);
        assert_eq!(i.char_len(), 5);
    }

    #[test]
    fn round_trips_on_multibyte_text() {
        let t = "Ségou — “soldiers” 🇲🇱 x";
        let i = TextIndex::new(t);
        for (c, (b, _)) in t.char_indices().enumerate() {
            assert_eq!(i.byte_to_char(b), c);
            assert_eq!(i.char_to_byte(c), b);
        }
        assert_eq!(i.byte_to_char(t.len()), t.chars().count());
        assert_eq!(i.char_len(), t.chars().count());
        // inside a multibyte char rounds down
        assert_eq!(i.byte_to_char(2), 1);
    }
}
