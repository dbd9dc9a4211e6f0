//! The language of a poster's copy (`[page] lang`, BCP 47): which face sets it by default, how its
//! punctuation sits, how large numbers are written and whether Han and Latin are spaced apart.

/// The Chinese locales yitu sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese, mainland conventions (GB/T 15834): marks in the lower left of the em.
    #[default]
    Hans,
    /// Traditional Chinese, Taiwan conventions: marks centred in the em.
    HantTw,
    /// Traditional Chinese, Hong Kong conventions: marks centred in the em.
    HantHk,
}

impl Lang {
    /// The tags accepted, canonical ones first.
    pub const TAGS: &'static [&'static str] = &["zh-Hans", "zh-Hant-TW", "zh-Hant-HK"];

    /// Reads a BCP 47 tag: the canonical ones and their usual equivalents (`zh-CN`, `zh-TW`, `zh-HK`,
    /// `zh-Hant` for Taiwan, `zh-MO` with Hong Kong), in any case.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        match tag.as_str() {
            "zh" | "zh-hans" | "zh-cn" | "zh-sg" | "zh-hans-cn" | "zh-hans-sg" | "zh-my" => {
                Some(Lang::Hans)
            }
            "zh-hant" | "zh-tw" | "zh-hant-tw" => Some(Lang::HantTw),
            "zh-hk" | "zh-hant-hk" | "zh-mo" | "zh-hant-mo" => Some(Lang::HantHk),
            _ => None,
        }
    }

    /// The canonical tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Hans => "zh-Hans",
            Lang::HantTw => "zh-Hant-TW",
            Lang::HantHk => "zh-Hant-HK",
        }
    }

    /// Whether the copy is Traditional Chinese (zh-Hant-TW or zh-Hant-HK): its faces, 萬/億, and no Han–Latin space by default.
    pub fn is_traditional(self) -> bool {
        self != Lang::Hans
    }

    /// The mark after a title repeated where its block continues on the next card: 续, or 續 in
    /// Traditional copy.
    pub fn continued(self) -> &'static str {
        if self.is_traditional() {
            "（續）"
        } else {
            "（续）"
        }
    }

    /// The family copy in this locale is set in unless a theme names another: a face drawn to the
    /// region's standard glyph forms and punctuation.
    pub fn default_family(self) -> &'static str {
        match self {
            Lang::Hans => "Noto Sans SC",
            Lang::HantTw => "Noto Sans TC",
            Lang::HantHk => "Noto Sans HK",
        }
    }

    /// The language the shaper selects a face's locale forms (`locl`) with.
    pub fn shaping_language(self) -> &'static str {
        match self {
            Lang::Hans => "zh-CN",
            Lang::HantTw => "zh-TW",
            Lang::HantHk => "zh-HK",
        }
    }

    /// Full-width commas, stops, colons and semicolons sit centred in the em (Taiwan and Hong Kong),
    /// not in its lower left (the mainland): they have blank on both sides, not just the right.
    pub fn centred_marks(self) -> bool {
        self.is_traditional()
    }

    /// The space between Han and Latin letters or digits, in em, unless a theme sets
    /// `cjk_latin_spacing`: a fifth of an em in mainland copy, where digital typesetting adds it (clreq
    /// §3.2.2 allows it, and the seed's copy is edited for it); none in Traditional copy, whose papers
    /// set Han and Latin tight and whose copy writes a space where it wants one.
    pub fn default_cjk_latin_gap(self) -> f32 {
        match self {
            Lang::Hans => 0.2,
            Lang::HantTw | Lang::HantHk => 0.0,
        }
    }

    /// The characters of ten thousand and a hundred million: 万 亿, or 萬 億.
    pub fn myriads(self) -> (&'static str, &'static str) {
        if self.is_traditional() {
            ("萬", "億")
        } else {
            ("万", "亿")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_their_equivalents() {
        for (tag, lang) in [
            ("zh-Hans", Lang::Hans),
            ("zh-CN", Lang::Hans),
            ("zh-Hant-TW", Lang::HantTw),
            ("zh-tw", Lang::HantTw),
            ("ZH-HANT-HK", Lang::HantHk),
            ("zh-HK", Lang::HantHk),
        ] {
            assert_eq!(Lang::parse(tag), Some(lang), "{tag}");
        }
        for tag in Lang::TAGS {
            assert_eq!(Lang::parse(tag).map(Lang::tag), Some(*tag));
        }
        assert_eq!(Lang::parse("en"), None);
        assert_eq!(Lang::parse("ja"), None);
    }
}
