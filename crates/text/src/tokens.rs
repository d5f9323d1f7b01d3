//! Word tokens: maximal runs of letters/digits, keeping inner apostrophes and hyphens ("don't", "co-op").

/// A word and its byte span in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Joiners kept inside a word when a word character follows: apostrophes and hyphens.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// Iterate over the words of `text`.
pub fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (i, c) = chars.next()?;
            if is_word_char(c) {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if is_word_char(c) {
                chars.next();
                continue;
            }
            if is_joiner(c) {
                let after = text[i + c.len_utf8()..].chars().next();
                if after.is_some_and(is_word_char) {
                    chars.next();
                    continue;
                }
            }
            end = i;
            break;
        }
        Some(Token { text: &text[start..end], start, end })
    })
}

/// Number of words in `text`.
pub fn word_count(text: &str) -> usize {
    tokens(text).count()
}

/// Collapse runs of whitespace into one space and trim.
pub fn normalize_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_keeping_inner_joiners() {
        let words: Vec<_> = tokens("Don't stop—the co-op's 3.5% rise, ‘Tokyo’!").map(|t| t.text).collect();
        assert_eq!(words, ["Don't", "stop", "the", "co-op's", "3", "5", "rise", "Tokyo"]);
    }

    #[test]
    fn spans_point_into_source() {
        let text = "  Ünïcode wörds ";
        for t in tokens(text) {
            assert_eq!(&text[t.start..t.end], t.text);
        }
        assert_eq!(word_count(text), 2);
    }

    #[test]
    fn whitespace_is_collapsed() {
        assert_eq!(normalize_whitespace(" a \n\t b  c "), "a b c");
    }
}
