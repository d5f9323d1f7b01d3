//! A tokenizer for Chinese, Japanese and Korean text: overlapping character bigrams inside runs of CJK
//! characters (a lone CJK character stays a unigram), lowercased words elsewhere.
//!
//! CJK scripts write words without spaces, so a word tokenizer sees a whole clause as one token and a
//! two-character query never matches. Bigrams (Lucene's CJKBigramFilter approach) need no dictionary: a query
//! of n ≥ 2 characters becomes n−1 bigrams at consecutive positions, i.e. a phrase query that matches exactly
//! where the query's characters occur in that order.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Han ideographs, kana, Hangul and their punctuation-free extensions.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x2FA1F // extensions B–F, compatibility supplement
    )
}

#[derive(Debug, Clone, Default)]
pub struct CjkTokenizer;

pub struct CjkTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream {
        CjkTokenStream { tokens: tokenize(text), index: 0 }
    }
}

impl TokenStream for CjkTokenStream {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i + 1).map_or(text.len(), |&(at, _)| at);
    let mut push = |from: usize, to: usize, text: String| {
        let position = tokens.len();
        tokens.push(Token { offset_from: from, offset_to: to, position, text, position_length: 1 });
    };
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if is_cjk(c) {
            let mut j = i;
            while j < chars.len() && is_cjk(chars[j].1) {
                j += 1;
            }
            if j - i == 1 {
                push(start, end_of(i), c.to_string());
            } else {
                for k in i..j - 1 {
                    let pair: String = [chars[k].1, chars[k + 1].1].iter().collect();
                    push(chars[k].0, end_of(k + 1), pair);
                }
            }
            i = j;
        } else if c.is_alphanumeric() {
            let mut j = i;
            while j < chars.len() && chars[j].1.is_alphanumeric() && !is_cjk(chars[j].1) {
                j += 1;
            }
            let word: String = chars[i..j].iter().map(|&(_, c)| c).collect();
            push(start, end_of(j - 1), word.to_lowercase());
            i = j;
        } else {
            i += 1;
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn bigrams_in_cjk_runs_words_elsewhere() {
        assert_eq!(texts("北京选举"), ["北京", "京选", "选举"]);
        assert_eq!(texts("東京で選挙"), ["東京", "京で", "で選", "選挙"]);
        assert_eq!(texts("GDP增长 5%"), ["gdp", "增长", "5"]);
        assert_eq!(texts("中 国"), ["中", "国"]);
    }

    #[test]
    fn offsets_cover_the_characters() {
        let text = "a 选举x";
        let tokens = tokenize(text);
        assert_eq!(&text[tokens[1].offset_from..tokens[1].offset_to], "选举");
        assert_eq!(&text[tokens[2].offset_from..tokens[2].offset_to], "x");
        assert_eq!(tokens.iter().map(|t| t.position).collect::<Vec<_>>(), [0, 1, 2]);
    }
}
