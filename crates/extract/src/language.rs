//! Language of the clean text: whatlang on the text, the page's `<html lang>` as tie-break.

/// Text shorter than this gives whatlang too little signal; trust the declared language instead.
const MIN_DETECT_CHARS: usize = 40;

/// ISO 639-1 code of `text`, or of `declared` (`<html lang="en-GB">`) when detection is unsure.
pub(crate) fn detect_language(text: &str, declared: Option<&str>) -> Option<String> {
    let declared = declared.and_then(primary_subtag);
    let sample: String = text.chars().take(4000).collect();
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_DETECT_CHARS {
        return declared;
    }
    let info = whatlang::detect(&sample)?;
    let detected = iso_639_1(info.lang().code());
    match (detected, declared) {
        (Some(d), _) if info.is_reliable() => Some(d.to_string()),
        (_, Some(decl)) => Some(decl),
        (Some(d), None) => Some(d.to_string()),
        (None, None) => None,
    }
}

/// "en-US" → "en"; rejects values that are not a 2-letter code.
fn primary_subtag(lang: &str) -> Option<String> {
    let primary = lang.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}

/// whatlang's ISO 639-3 codes mapped to ISO 639-1 (the languages whatlang knows that have one).
fn iso_639_1(code3: &str) -> Option<&'static str> {
    const MAP: &[(&str, &str)] = &[
        ("epo", "eo"),
        ("eng", "en"),
        ("rus", "ru"),
        ("cmn", "zh"),
        ("spa", "es"),
        ("por", "pt"),
        ("ita", "it"),
        ("ben", "bn"),
        ("fra", "fr"),
        ("deu", "de"),
        ("ukr", "uk"),
        ("kat", "ka"),
        ("ara", "ar"),
        ("hin", "hi"),
        ("jpn", "ja"),
        ("heb", "he"),
        ("yid", "yi"),
        ("pol", "pl"),
        ("amh", "am"),
        ("jav", "jv"),
        ("kor", "ko"),
        ("nob", "nb"),
        ("dan", "da"),
        ("swe", "sv"),
        ("fin", "fi"),
        ("tur", "tr"),
        ("nld", "nl"),
        ("hun", "hu"),
        ("ces", "cs"),
        ("ell", "el"),
        ("bul", "bg"),
        ("bel", "be"),
        ("mar", "mr"),
        ("kan", "kn"),
        ("ron", "ro"),
        ("slv", "sl"),
        ("hrv", "hr"),
        ("srp", "sr"),
        ("mkd", "mk"),
        ("lit", "lt"),
        ("lav", "lv"),
        ("est", "et"),
        ("tam", "ta"),
        ("vie", "vi"),
        ("urd", "ur"),
        ("tha", "th"),
        ("guj", "gu"),
        ("uzb", "uz"),
        ("pan", "pa"),
        ("aze", "az"),
        ("ind", "id"),
        ("tel", "te"),
        ("pes", "fa"),
        ("mal", "ml"),
        ("ori", "or"),
        ("mya", "my"),
        ("nep", "ne"),
        ("sin", "si"),
        ("khm", "km"),
        ("tuk", "tk"),
        ("aka", "ak"),
        ("zul", "zu"),
        ("sna", "sn"),
        ("afr", "af"),
        ("lat", "la"),
        ("slk", "sk"),
        ("cat", "ca"),
        ("tgl", "tl"),
        ("hye", "hy"),
        ("cym", "cy"),
    ];
    MAP.iter().find(|(c3, _)| *c3 == code3).map(|(_, c1)| *c1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_and_falls_back() {
        let en = "The council voted on Tuesday to expand the harbour and build two new ferry terminals.";
        assert_eq!(detect_language(en, Some("de")).as_deref(), Some("en"));
        assert_eq!(detect_language("Hi", Some("fr-FR")).as_deref(), Some("fr"));
        assert_eq!(detect_language("", None), None);
    }
}
