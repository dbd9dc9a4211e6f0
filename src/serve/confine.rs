//! The served folder. The process is confined to it ([`crate::model::files::confine`]): every file a
//! spec reads — posted or saved in the folder, its data, theme files, images and fonts — must resolve
//! inside it, which the model checks where it reads, in one place. Here: the folder itself, the names a
//! request may give a posted spec or a saved one, and paths taken out of what the server says (a
//! message never tells where the folder is on the server's disk).

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::SpecError;

/// The served folder, canonical.
#[derive(Debug, Clone, Copy)]
pub struct Root(&'static Path);

impl Root {
    /// Confines the process to `dir`.
    pub fn confine(dir: &Path) -> Result<Root, String> {
        if !dir.is_dir() {
            return Err(format!("{} is not a folder", dir.display()));
        }
        crate::model::files::confine(dir)
            .map(Root)
            .map_err(|e| format!("cannot serve {}: {e}", dir.display()))
    }

    pub fn path(self) -> &'static Path {
        self.0
    }

    /// Where a posted spec named `name` (see [`spec_name`]) is taken to be: in the folder, so that the
    /// files it names are found from there.
    pub fn posted(self, name: &str) -> PathBuf {
        self.0.join(format!("{name}.toml"))
    }

    /// The spec file at `relative` (a path as [`Root::relative`] gives it): only a `.toml` file below the
    /// folder, written without `..` or a root.
    pub fn spec(self, relative: &str) -> Option<PathBuf> {
        let path = Path::new(relative);
        let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
        let toml = path.extension().is_some_and(|e| e == "toml");
        (plain && toml && !relative.is_empty()).then(|| self.0.join(path))
    }

    /// `path` relative to the folder, `/`-separated, as the page and messages show it.
    pub fn relative(self, path: &Path) -> String {
        let rel = path.strip_prefix(self.0).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// `text` with the folder's place on disk taken out of every path in it.
    pub fn scrub(self, text: &str) -> String {
        let root = self.0.display().to_string();
        text.replace(&format!("{root}/"), "").replace(&root, ".")
    }

    /// The problems of a spec as JSON values (`file`, `line`, `column`, `key`, `message`, `help`, as
    /// `--diagnostic-format json` writes them), files named relative to the folder.
    pub fn problems(self, e: &SpecError) -> Vec<serde_json::Value> {
        e.problems
            .iter()
            .filter_map(|p| serde_json::from_str(&self.scrub(&p.to_json(&e.path))).ok())
            .collect()
    }
}

/// A name a request may give a posted spec (`?name=`): what its outputs and messages are called, as a
/// spec file's stem is. Letters, digits, `-` and `_`, at most 64 of them.
pub fn spec_name(name: &str) -> Option<&str> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    ok.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_specs_stay_in_the_folder() {
        assert_eq!(spec_name("county-03_卡片"), Some("county-03_卡片"));
        for bad in ["", "../x", "a/b", "a.b", ".", &"x".repeat(65)] {
            assert_eq!(spec_name(bad), None, "{bad:?}");
        }
        let root = Root(Path::new("/srv/specs"));
        assert_eq!(
            root.spec("cards/a.toml"),
            Some(PathBuf::from("/srv/specs/cards/a.toml"))
        );
        for bad in [
            "../a.toml",
            "/etc/a.toml",
            "a/../../b.toml",
            "a.csv",
            "",
            "./a.toml",
        ] {
            assert_eq!(root.spec(bad), None, "{bad:?}");
        }
        assert_eq!(
            root.relative(Path::new("/srv/specs/cards/a.toml")),
            "cards/a.toml"
        );
        assert_eq!(
            root.scrub("expected a CSV file at \"/srv/specs/data/x.csv\""),
            "expected a CSV file at \"data/x.csv\""
        );
    }
}
