//! A poster's font book: for each role text plays (headline, body, figures, labels) and each weight, the
//! ordered chain of faces a character is looked for in — the role's family, then the theme's other
//! families and its fallbacks, then the locale's face, the compiled-in Noto Sans SC and the rare-character
//! faces. A character is set in the first face of its chain that has it. Faces read from files are loaded
//! only when a character first needs them, so a 30 MB face for Extension B names costs nothing to a
//! poster that has none.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::discover::{faces_in, FaceEntry};
use super::{load, FaceId, Font, Weight, FAMILY};
use crate::text::lang::Lang;

/// What a piece of text is, for choosing its face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Role {
    /// Headlines, chapter and section titles.
    Headline,
    /// Paragraphs, lists, notes, credits.
    #[default]
    Body,
    /// Stat figures and the figures of charts.
    Figures,
    /// Stat labels, chart labels, legends, axes.
    Labels,
}

impl Role {
    /// Every role, in the order of [`ThemeFonts::roles`](crate::model::ThemeFonts::roles) and the book's chains.
    pub const ALL: [Role; 4] = [Role::Headline, Role::Body, Role::Figures, Role::Labels];

    /// The theme key naming its family (`[theme.fonts]`).
    pub fn key(self) -> &'static str {
        match self {
            Role::Headline => "headline",
            Role::Body => "body",
            Role::Figures => "figures",
            Role::Labels => "labels",
        }
    }
}

/// A family and the weights its regular and bold text are set at.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyChoice {
    /// The family's name as its fonts report it (`"Noto Serif SC"`).
    pub family: String,
    /// The CSS weight regular text is set at (default 400).
    pub regular: u16,
    /// The CSS weight bold text is set at (default 700).
    pub bold: u16,
}

impl FamilyChoice {
    /// The family at the CSS default weights, 400 and 700.
    pub fn new(family: impl Into<String>) -> FamilyChoice {
        FamilyChoice {
            family: family.into(),
            regular: Weight::Regular.css(),
            bold: Weight::Bold.css(),
        }
    }

    fn weight(&self, weight: Weight) -> u16 {
        match weight {
            Weight::Regular => self.regular,
            Weight::Bold => self.bold,
        }
    }
}

/// What a poster asks of its fonts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FontRequest {
    /// The copy's language (`[page] lang`): its locale's faces and marks.
    pub lang: Lang,
    /// The theme's family for each role of [`Role::ALL`], if it names one.
    pub roles: [Option<FamilyChoice>; 4],
    /// The theme's fallback families, in order.
    pub fallback: Vec<String>,
    /// The folders faces are looked for in (`discover::font_folders`).
    pub folders: Vec<PathBuf>,
    /// The space between Han and Latin, in em; `None`: the locale's.
    pub cjk_latin_gap: Option<f32>,
}

/// Faces for names and places whose characters are beyond the common faces (CJK Extensions B–F), used
/// when a font folder has them; a poster needs no such face unless its copy has such a character.
pub const RARE_CHARACTER_FAMILIES: &[&str] = &["HanaMinB"];

/// A family a theme names that no font folder has.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownFamily {
    /// The family as the theme wrote it.
    pub family: String,
    /// The families that are there.
    pub known: Vec<String>,
    /// The folders that were searched.
    pub folders: Vec<PathBuf>,
}

/// The families found in `folders` plus the compiled-in one, each once, in order found.
pub fn known_families(folders: &[PathBuf]) -> Vec<String> {
    let mut known = vec![FAMILY.to_string()];
    for entry in faces_in(folders) {
        if !known.contains(&entry.family) {
            known.push(entry.family);
        }
    }
    known
}

/// One face of a chain: compiled in, or a file loaded on first use.
struct Slot {
    path: Option<PathBuf>,
    face: OnceLock<Option<FaceId>>,
}

impl Slot {
    fn ready(id: FaceId) -> Slot {
        let face = OnceLock::new();
        let _ = face.set(Some(id));
        Slot { path: None, face }
    }

    fn file(path: PathBuf) -> Slot {
        Slot {
            path: Some(path),
            face: OnceLock::new(),
        }
    }

    /// The face; `None` for a file that turned out not to load (it was listed, then changed).
    fn face(&self) -> Option<FaceId> {
        *self
            .face
            .get_or_init(|| self.path.as_deref().and_then(|p| load(p).ok()))
    }
}

/// The faces of one role and weight, in the order a character is looked for.
struct Chain(Vec<Slot>);

/// A poster's fonts: a chain per role and weight, the language and the Han–Latin space.
pub struct FontBook {
    /// Indexed by [`Role::ALL`] position, then regular, bold.
    chains: Vec<[Chain; 2]>,
    /// The copy's language: its faces, mark positions and number words.
    pub lang: Lang,
    /// The space between Han and Latin letters or digits, in em.
    pub cjk_latin_gap: f32,
    /// What the chains were built from: two books are equal when their requests are.
    request: FontRequest,
}

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontBook")
            .field("request", &self.request)
            .finish()
    }
}

impl PartialEq for FontBook {
    fn eq(&self, other: &Self) -> bool {
        self.request == other.request
    }
}

impl FontBook {
    /// The book of a poster that asks nothing and has no font folder: Simplified Chinese in the
    /// compiled-in faces.
    pub fn bundled() -> &'static Arc<FontBook> {
        static BOOK: OnceLock<Arc<FontBook>> = OnceLock::new();
        BOOK.get_or_init(|| {
            Arc::new(
                FontBook::resolve(FontRequest::default())
                    .expect("the compiled-in family is always there"),
            )
        })
    }

    /// Builds the chains. A family the theme names, or the locale's, that no folder has is an error;
    /// a missing rare-character face is not (characters it would cover are reported when met).
    pub fn resolve(request: FontRequest) -> Result<FontBook, Vec<UnknownFamily>> {
        let entries = faces_in(&request.folders);
        let lang = request.lang;
        // Every family in the order a character tries them, after the role's own.
        let mut families: Vec<(String, bool)> = Vec::new();
        let mut push = |family: &str, required: bool| {
            if !families.iter().any(|(f, _)| f == family) {
                families.push((family.to_string(), required));
            }
        };
        for choice in request.roles.iter().flatten() {
            push(&choice.family, true);
        }
        for family in &request.fallback {
            push(family, true);
        }
        push(lang.default_family(), true);
        push(FAMILY, true);
        for family in RARE_CHARACTER_FAMILIES {
            push(family, false);
        }
        let unknown: Vec<UnknownFamily> = families
            .iter()
            .filter(|(family, required)| {
                *required && family != FAMILY && !entries.iter().any(|e| &e.family == family)
            })
            .map(|(family, _)| UnknownFamily {
                family: family.clone(),
                known: known_families(&request.folders),
                folders: request.folders.clone(),
            })
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let chains = Role::ALL
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let own = request.roles[i]
                    .clone()
                    .unwrap_or_else(|| FamilyChoice::new(lang.default_family()));
                [Weight::Regular, Weight::Bold].map(|weight| {
                    let mut slots = Vec::new();
                    let mut seen: Vec<Option<PathBuf>> = Vec::new();
                    let order = std::iter::once((own.family.clone(), own.weight(weight))).chain(
                        families
                            .iter()
                            .map(|(f, _)| (f.clone(), weight_of(&request, f, weight))),
                    );
                    for (family, target) in order {
                        if let Some(slot) = nearest(&entries, &family, target) {
                            if !seen.contains(&slot.path) {
                                seen.push(slot.path.clone());
                                slots.push(slot);
                            }
                        }
                    }
                    Chain(slots)
                })
            })
            .collect();
        Ok(FontBook {
            chains,
            lang,
            cjk_latin_gap: request
                .cjk_latin_gap
                .unwrap_or(lang.default_cjk_latin_gap()),
            request,
        })
    }

    fn chain(&self, role: Role, weight: Weight) -> &Chain {
        let i = Role::ALL.iter().position(|&r| r == role).unwrap_or(1);
        &self.chains[i][weight as usize]
    }

    /// The face `c` is set in for text of `role` at `weight`: the first of the chain that has it.
    pub fn face_for(&self, role: Role, weight: Weight, c: char) -> Option<FaceId> {
        self.chain(role, weight)
            .0
            .iter()
            .filter_map(Slot::face)
            .find(|id| id.font().covers(c))
    }

    /// The role's first face: its metrics set the line (ascender, descender).
    pub fn primary(&self, role: Role, weight: Weight) -> &'static Font {
        self.chain(role, weight)
            .0
            .iter()
            .find_map(Slot::face)
            .unwrap_or_else(|| FaceId::bundled(weight))
            .font()
    }

    /// The compiled-in regular or bold face's metrics, for code that sets no particular role.
    pub fn font(&self, weight: Weight) -> &'static Font {
        self.primary(Role::Body, weight)
    }

    /// Whether some face of the book can draw `c`. Control characters and spaces count as covered.
    /// Every chain holds the same families in another order, so the body's regular chain answers.
    pub fn covers(&self, c: char) -> bool {
        c.is_control() || self.face_for(Role::Body, Weight::Regular, c).is_some()
    }

    /// The font files a poster set with this book may read: what incremental rendering fingerprints.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self
            .chains
            .iter()
            .flatten()
            .flat_map(|c| c.0.iter().filter_map(|s| s.path.clone()))
            .collect();
        files.sort();
        files.dedup();
        files
    }
}

/// The weight to look for a fallback family at: the weight a role gives it, else the usual one.
fn weight_of(request: &FontRequest, family: &str, weight: Weight) -> u16 {
    request
        .roles
        .iter()
        .flatten()
        .find(|c| c.family == family)
        .map_or(weight.css(), |c| c.weight(weight))
}

/// The face of `family` nearest to `weight` (the heavier of two as near), compiled in or from a folder.
fn nearest(entries: &[FaceEntry], family: &str, weight: u16) -> Option<Slot> {
    if family == FAMILY {
        let bold = weight >= 600;
        return Some(Slot::ready(FaceId::bundled(if bold {
            Weight::Bold
        } else {
            Weight::Regular
        })));
    }
    entries
        .iter()
        .filter(|e| e.family == family)
        .min_by_key(|e| {
            (
                (e.weight_class as i32 - weight as i32).abs(),
                -(e.weight_class as i32),
            )
        })
        .map(|e| Slot::file(e.path.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_fonts() -> Vec<PathBuf> {
        vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts")]
    }

    #[test]
    fn a_rare_name_character_falls_back_to_the_extension_face() {
        let book = FontBook::resolve(FontRequest {
            folders: repo_fonts(),
            ..Default::default()
        })
        .unwrap();
        let common = book.face_for(Role::Body, Weight::Regular, '吉').unwrap();
        assert_eq!(common, FaceId::bundled(Weight::Regular));
        let rare = book.face_for(Role::Body, Weight::Regular, '𠮷').unwrap();
        assert_eq!(rare.font().family, "HanaMinB");
        // Without the folder, nothing has it.
        assert!(!FontBook::bundled().covers('𠮷'));
        assert!(FontBook::bundled().covers('吉'));
    }

    #[test]
    fn roles_take_their_family_and_weight() {
        let mut request = FontRequest {
            folders: repo_fonts(),
            ..Default::default()
        };
        request.roles[0] = Some(FamilyChoice::new("Noto Serif SC"));
        let book = FontBook::resolve(request).unwrap();
        let headline = book
            .face_for(Role::Headline, Weight::Bold, '国')
            .unwrap()
            .font();
        assert_eq!(
            (headline.family.as_str(), headline.weight_class),
            ("Noto Serif SC", 700)
        );
        let body = book
            .face_for(Role::Body, Weight::Regular, '国')
            .unwrap()
            .font();
        assert_eq!(body.family, FAMILY);
    }

    #[test]
    fn a_locale_sets_its_own_face() {
        let book = FontBook::resolve(FontRequest {
            lang: Lang::HantHk,
            folders: repo_fonts(),
            ..Default::default()
        })
        .unwrap();
        let face = book
            .face_for(Role::Body, Weight::Regular, '預')
            .unwrap()
            .font();
        assert_eq!(face.family, "Noto Sans HK");
        assert_eq!(book.cjk_latin_gap, 0.0);
        // Without the folder the locale's face is missing: an error naming it.
        let err = FontBook::resolve(FontRequest {
            lang: Lang::HantHk,
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(err[0].family, "Noto Sans HK");
    }

    #[test]
    fn an_unknown_family_is_named_with_those_there() {
        let mut request = FontRequest {
            folders: repo_fonts(),
            ..Default::default()
        };
        request.fallback = vec!["Noto Serif XX".into()];
        let err = FontBook::resolve(request).unwrap_err();
        assert_eq!(err[0].family, "Noto Serif XX");
        assert!(err[0].known.contains(&"Noto Serif SC".to_string()));
    }
}
