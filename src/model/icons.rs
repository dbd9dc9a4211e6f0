//! The bundled icons: a few dozen Lucide line icons (ISC licence, `assets/icons/LICENSE`) for the figures
//! newsrooms mark — people, money, schools, hospitals, transport, farming, industry — embedded in the
//! binary and named in a spec by their Lucide name (`icon = "users"`) or a familiar alias (`home`,
//! `money`, `chart`). Each is read by the same SVG reader as a picture file (`model::image`), once per
//! process.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::image::{self, ImageSource};

/// Every bundled icon: its Lucide name and its SVG.
static ICONS: [(&str, &str); 60] = [
    ("award", include_str!("../../assets/icons/award.svg")),
    ("baby", include_str!("../../assets/icons/baby.svg")),
    ("banknote", include_str!("../../assets/icons/banknote.svg")),
    (
        "book-open",
        include_str!("../../assets/icons/book-open.svg"),
    ),
    (
        "briefcase",
        include_str!("../../assets/icons/briefcase.svg"),
    ),
    ("building", include_str!("../../assets/icons/building.svg")),
    (
        "building-2",
        include_str!("../../assets/icons/building-2.svg"),
    ),
    ("bus", include_str!("../../assets/icons/bus.svg")),
    ("calendar", include_str!("../../assets/icons/calendar.svg")),
    ("car", include_str!("../../assets/icons/car.svg")),
    (
        "chart-column",
        include_str!("../../assets/icons/chart-column.svg"),
    ),
    (
        "chart-line",
        include_str!("../../assets/icons/chart-line.svg"),
    ),
    ("clock", include_str!("../../assets/icons/clock.svg")),
    (
        "cloud-rain",
        include_str!("../../assets/icons/cloud-rain.svg"),
    ),
    ("coins", include_str!("../../assets/icons/coins.svg")),
    ("cpu", include_str!("../../assets/icons/cpu.svg")),
    ("droplets", include_str!("../../assets/icons/droplets.svg")),
    ("factory", include_str!("../../assets/icons/factory.svg")),
    ("flag", include_str!("../../assets/icons/flag.svg")),
    ("globe", include_str!("../../assets/icons/globe.svg")),
    (
        "graduation-cap",
        include_str!("../../assets/icons/graduation-cap.svg"),
    ),
    ("hammer", include_str!("../../assets/icons/hammer.svg")),
    (
        "hand-coins",
        include_str!("../../assets/icons/hand-coins.svg"),
    ),
    (
        "handshake",
        include_str!("../../assets/icons/handshake.svg"),
    ),
    ("heart", include_str!("../../assets/icons/heart.svg")),
    (
        "heart-pulse",
        include_str!("../../assets/icons/heart-pulse.svg"),
    ),
    ("hospital", include_str!("../../assets/icons/hospital.svg")),
    ("house", include_str!("../../assets/icons/house.svg")),
    ("landmark", include_str!("../../assets/icons/landmark.svg")),
    ("leaf", include_str!("../../assets/icons/leaf.svg")),
    ("map-pin", include_str!("../../assets/icons/map-pin.svg")),
    (
        "newspaper",
        include_str!("../../assets/icons/newspaper.svg"),
    ),
    ("package", include_str!("../../assets/icons/package.svg")),
    ("percent", include_str!("../../assets/icons/percent.svg")),
    ("phone", include_str!("../../assets/icons/phone.svg")),
    (
        "piggy-bank",
        include_str!("../../assets/icons/piggy-bank.svg"),
    ),
    ("plane", include_str!("../../assets/icons/plane.svg")),
    ("recycle", include_str!("../../assets/icons/recycle.svg")),
    ("rocket", include_str!("../../assets/icons/rocket.svg")),
    ("school", include_str!("../../assets/icons/school.svg")),
    (
        "shield-check",
        include_str!("../../assets/icons/shield-check.svg"),
    ),
    ("ship", include_str!("../../assets/icons/ship.svg")),
    (
        "shopping-cart",
        include_str!("../../assets/icons/shopping-cart.svg"),
    ),
    ("sprout", include_str!("../../assets/icons/sprout.svg")),
    (
        "stethoscope",
        include_str!("../../assets/icons/stethoscope.svg"),
    ),
    ("store", include_str!("../../assets/icons/store.svg")),
    ("sun", include_str!("../../assets/icons/sun.svg")),
    ("target", include_str!("../../assets/icons/target.svg")),
    ("tractor", include_str!("../../assets/icons/tractor.svg")),
    (
        "train-front",
        include_str!("../../assets/icons/train-front.svg"),
    ),
    (
        "tree-pine",
        include_str!("../../assets/icons/tree-pine.svg"),
    ),
    (
        "trending-down",
        include_str!("../../assets/icons/trending-down.svg"),
    ),
    (
        "trending-up",
        include_str!("../../assets/icons/trending-up.svg"),
    ),
    ("truck", include_str!("../../assets/icons/truck.svg")),
    ("user", include_str!("../../assets/icons/user.svg")),
    ("users", include_str!("../../assets/icons/users.svg")),
    ("wallet", include_str!("../../assets/icons/wallet.svg")),
    ("wheat", include_str!("../../assets/icons/wheat.svg")),
    ("wifi", include_str!("../../assets/icons/wifi.svg")),
    ("zap", include_str!("../../assets/icons/zap.svg")),
];

/// Other names for icons, as newsrooms say them.
static ALIASES: [(&str, &str); 8] = [
    ("home", "house"),
    ("money", "banknote"),
    ("chart", "chart-column"),
    ("bar-chart", "chart-column"),
    ("train", "train-front"),
    ("people", "users"),
    ("person", "user"),
    ("tree", "tree-pine"),
];

/// The names a spec may use, Lucide's and the aliases, sorted.
pub fn names() -> Vec<&'static str> {
    let mut all: Vec<&str> = ICONS
        .iter()
        .map(|(n, _)| *n)
        .chain(ALIASES.iter().map(|(a, _)| *a))
        .collect();
    all.sort_unstable();
    all
}

/// The bundled icon named `name` (or an alias of it), read once per process.
pub fn bundled(name: &str) -> Option<Arc<ImageSource>> {
    static READ: OnceLock<HashMap<&'static str, Arc<ImageSource>>> = OnceLock::new();
    let name = ALIASES
        .iter()
        .find(|(a, _)| *a == name)
        .map_or(name, |(_, n)| *n);
    let read = READ.get_or_init(|| {
        ICONS
            .iter()
            .map(|(n, svg)| {
                let path = std::path::Path::new("icons").join(format!("{n}.svg"));
                let source = image::read(&path, svg.as_bytes().to_vec())
                    .unwrap_or_else(|e| panic!("bundled icon {n}: {}", e.found));
                (*n, Arc::new(source))
            })
            .collect()
    });
    read.get(name).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_reads_as_strokes_on_a_24_unit_square() {
        for name in names() {
            let icon = bundled(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!((icon.width, icon.height), (24.0, 24.0), "{name}");
            assert!(!icon.shapes.is_empty(), "{name}");
            assert!(
                icon.shapes.iter().all(|s| s.stroke.is_some()),
                "{name}: line icons"
            );
        }
        assert!(bundled("home").is_some() && bundled("nonesuch").is_none());
    }
}
