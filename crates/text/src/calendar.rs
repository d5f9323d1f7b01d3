//! Calendar words: month and weekday names, so every crate agrees on what a month or a weekday is called.
//!
//! Each user keeps its own exceptions at the call site (the clusterer does not drop "May" from a name run, the
//! quote finder reads capitalised forms); the names themselves live here once.

/// English month names, January first.
pub const ENGLISH_MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Common English abbreviations of month names (lowercase, without the dot), with the month number.
pub const ENGLISH_MONTH_ABBREVIATIONS: &[(&str, u32)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// English weekday names, Monday first.
pub const ENGLISH_WEEKDAYS: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Month names in the other languages of the news we read (lowercase, accents as written), with the month
/// number. Only names that differ from the English ones are listed.
pub const OTHER_MONTH_NAMES: &[(&str, u32)] = &[
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mrz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    // Spanish / Portuguese / Italian
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Polish (genitive and nominative)
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
    // Russian (genitive)
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    // Romanian (names shared with other languages, "mai", "august", are listed once)
    ("ianuarie", 1),
    ("februarie", 2),
    ("martie", 3),
    ("aprilie", 4),
    ("iunie", 6),
    ("iulie", 7),
    ("septembrie", 9),
    ("octombrie", 10),
    ("noiembrie", 11),
    ("decembrie", 12),
    // Arabic (the names used in Egypt and the Gulf; hamza spellings both ways)
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يوليو", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
];

/// The month number of an English month name or abbreviation, in any case, with or without a trailing dot
/// ("March", "sept.", "DEC").
pub fn english_month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    ENGLISH_MONTH_NAMES
        .iter()
        .position(|m| *m == w)
        .map(|i| i as u32 + 1)
        .or_else(|| ENGLISH_MONTH_ABBREVIATIONS.iter().find(|(a, _)| *a == w).map(|(_, n)| *n))
}

/// The month number of a month name or abbreviation in any language listed here, in any case, with or
/// without a trailing dot ("März", "janvier", "сентября", "Sept.").
pub fn month_number(word: &str) -> Option<u32> {
    english_month(word).or_else(|| {
        let w = word.trim_end_matches('.').to_lowercase();
        OTHER_MONTH_NAMES.iter().find(|(name, _)| *name == w).map(|(_, n)| *n)
    })
}

/// Whether `word` is a full English month name, in any case ("May", "december"; not "Dec").
pub fn is_english_month_name(word: &str) -> bool {
    ENGLISH_MONTH_NAMES.iter().any(|m| m.eq_ignore_ascii_case(word))
}

/// Whether `word` is an English weekday name, in any case ("Thursday", "monday").
pub fn is_english_weekday(word: &str) -> bool {
    ENGLISH_WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_in_any_case_and_language() {
        assert_eq!(english_month("March"), Some(3));
        assert_eq!(english_month("Sept."), Some(9));
        assert_eq!(english_month("DEC"), Some(12));
        assert_eq!(english_month("Marching"), None);
        assert_eq!(month_number("März"), Some(3));
        assert_eq!(month_number("сентября"), Some(9));
        assert_eq!(month_number("août"), Some(8));
        assert_eq!(month_number("octombrie"), Some(10));
        assert_eq!(month_number("أكتوبر"), Some(10));
        assert_eq!(month_number("Montag"), None);
        assert!(is_english_month_name("May") && !is_english_month_name("Dec"));
        assert!(is_english_weekday("THURSDAY") && !is_english_weekday("Thurs"));
    }

    #[test]
    fn no_other_language_name_shadows_an_english_one() {
        for (name, _) in OTHER_MONTH_NAMES {
            assert_eq!(english_month(name), None, "{name} is listed twice");
        }
    }
}
