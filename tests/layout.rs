//! Layout: positions and sizes read from the scene. Nothing wider than the page, grids aligned, the long
//! poster growing with its content, headlines broken by meaning, figures on one baseline, and the Chinese
//! line-breaking rules holding in what is actually set.

use std::path::Path;

use yitu::model::{load_file, load_str, BlockKind, Poster};
use yitu::scene::{Item, Scene};
use yitu::text::fonts::{FaceId, FontBook, Weight};
use yitu::text::line::{break_lines, natural_width, place, Align};
use yitu::text::linebreak::{is_no_end, is_no_start};
use yitu::text::punctuation::normalize;
use yitu::text::shape::{shape, Span};
use yitu::{render_poster, Layout};

fn seed() -> Poster {
    load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/zhoukou-2023.toml"))
        .expect("seed spec loads")
}

fn spec(toml: &str) -> Poster {
    load_str(toml, Path::new("inline.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn lay(poster: &Poster) -> Layout {
    render_poster(poster).expect("layout")
}

fn closing_mark(s: &str) -> bool {
    s.chars().count() == 1
        && matches!(
            s.chars().next(),
            Some(
                '，' | '。'
                    | '、'
                    | '：'
                    | '；'
                    | '！'
                    | '？'
                    | '）'
                    | '》'
                    | '」'
                    | '』'
                    | '】'
                    | '〉'
                    | '〕'
                    | '］'
                    | '〗'
                    | '”'
                    | '’'
            )
        )
}

fn opening_mark(s: &str) -> bool {
    s.chars().count() == 1
        && matches!(
            s.chars().next(),
            Some('（' | '［' | '｛' | '「' | '『' | '【' | '《' | '〈' | '〔' | '〖' | '“' | '‘')
        )
}

/// Every cluster of text lies inside the page's content column; a full-width mark ending a line may
/// overhang by its blank right half (行尾标点挤压), never by its ink, and one starting a line by its
/// blank left half.
fn assert_inside_column(scene: &Scene, left: f32, right: f32) {
    for run in scene.runs() {
        for t in &run.text {
            let start = if opening_mark(&t.text) {
                t.x + t.width / 2.0
            } else {
                t.x
            };
            assert!(
                start >= left - 0.5,
                "{:?} starts at {start} left of the column ({left})",
                t.text,
            );
            let end = if closing_mark(&t.text) {
                t.x + t.width / 2.0
            } else {
                t.x + t.width
            };
            assert!(
                end <= right + 0.5,
                "{:?} ends at {end}, right of the column ({right})",
                t.text
            );
        }
    }
    for item in &scene.items {
        if let Item::Rect { x, width, .. } = item {
            assert!(
                *x >= -0.01 && x + width <= scene.width + 0.01,
                "rect outside the page: {item:?}"
            );
        }
    }
}

#[test]
fn seed_poster_text_stays_inside_the_margins() {
    let poster = seed();
    let layout = lay(&poster);
    assert_eq!(layout.scene.width, 1080.0);
    let m = poster.page.margin;
    assert_inside_column(&layout.scene, m.left, poster.page.width - m.right);
    assert!(layout.warnings.is_empty(), "{:?}", layout.warnings);
}

#[test]
fn blocks_follow_each_other_without_overlap() {
    let layout = lay(&seed());
    for pair in layout.blocks.windows(2) {
        assert!(
            pair[1].top >= pair[0].bottom - 0.5,
            "{} overlaps {}",
            pair[1].origin,
            pair[0].origin
        );
    }
    let last = layout.blocks.last().unwrap();
    assert!(
        last.bottom <= layout.scene.height,
        "the last block is cut off"
    );
}

#[test]
fn long_poster_height_grows_with_content() {
    let para = "[[blocks]]\ntype = \"paragraph\"\ntext = \"积极扩大有效投资。谋划推动周口民用机场、平漯周高铁等项目建设，加快4条高速公路项目进度，推进重大水利工程建设。\"\n";
    let short = lay(&spec(&para.repeat(2)));
    let long = lay(&spec(&para.repeat(6)));
    assert!(
        long.scene.height > short.scene.height * 2.0,
        "{} vs {}",
        long.scene.height,
        short.scene.height
    );
    // Auto height = the content plus the bottom margin.
    let bottom = long.blocks.last().unwrap().bottom;
    assert!((long.scene.height - (bottom + 64.0).ceil()).abs() < 1.0);
}

#[test]
fn stat_grid_cells_share_rows_and_columns() {
    let poster = spec(
        r#"
[[blocks]]
type = "stats"
columns = 3
items = [
  { label = "新增返乡创业", value = 1.2, unit = "万人", qualifier = "以上" },
  { label = "财政民生支出占一般公共预算支出的", value = 76.3, unit = "%" },
  { label = "筹建", value = 1680, unit = "套", after = "“人才房”" },
  { label = "推动", value = 1355, unit = "家", after = "企业上云" },
  { label = "粮食总产", value = 186.48, unit = "亿斤" },
  { value = 600, unit = "个", after = "纳入省灾后重建规划项目全部竣工" },
]
"#,
    );
    let layout = lay(&poster);
    let surface = poster.theme.palette.surface;
    let cards: Vec<(f32, f32, f32, f32)> = layout
        .scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rect {
                x,
                y,
                width,
                height,
                fill,
                ..
            } if *fill == surface => Some((*x, *y, *width, *height)),
            _ => None,
        })
        .collect();
    assert_eq!(cards.len(), 6);
    for row in cards.chunks(3) {
        for c in row {
            assert_eq!(
                (c.1, c.3),
                (row[0].1, row[0].3),
                "cells of a row share top and height"
            );
            assert!((c.2 - row[0].2).abs() < 0.01, "equal widths");
        }
    }
    for col in 0..3 {
        assert!(
            (cards[col].0 - cards[col + 3].0).abs() < 0.01,
            "column {col} aligned"
        );
    }
    assert!(
        cards[3].1 > cards[0].1 + cards[0].3,
        "second row below the first"
    );

    // The numerals of a row stand on one baseline and have one size.
    let primary = poster.theme.palette.primary;
    let numerals: Vec<(f32, f32)> = layout
        .scene
        .runs()
        .filter(|r| {
            r.color == primary
                && r.face == FaceId::bundled(Weight::Bold)
                && r.string().chars().all(|c| c.is_ascii_digit() || c == '.')
        })
        .map(|r| (r.text[0].y, r.size))
        .collect();
    assert_eq!(numerals.len(), 6);
    for row in numerals.chunks(3) {
        assert!(
            row.iter().all(|n| (n.0 - row[0].0).abs() < 0.01),
            "row baselines {row:?}"
        );
        assert!(row.iter().all(|n| n.1 == row[0].1), "row sizes {row:?}");
    }
}

#[test]
fn figure_unit_and_qualifier_share_the_baseline_and_are_smaller() {
    let poster = spec("[[blocks]]\ntype = \"stat\"\nlabel = \"新增返乡创业\"\nvalue = 1.2\nunit = \"万人\"\nqualifier = \"以上\"\n");
    let layout = lay(&poster);
    let runs: Vec<_> = layout.scene.runs().collect();
    let value = runs.iter().find(|r| r.string() == "1.2").expect("numeral");
    let unit = runs.iter().find(|r| r.string() == "万人").expect("unit");
    let qualifier = runs
        .iter()
        .find(|r| r.string() == "以上")
        .expect("qualifier");
    assert_eq!(value.text[0].y, unit.text[0].y);
    assert_eq!(value.text[0].y, qualifier.text[0].y);
    assert!(
        unit.size >= value.size * 0.4 && unit.size <= value.size * 0.5,
        "unit at 40–50 % of the numeral"
    );
    assert!(qualifier.size < unit.size);
    assert!(unit.text[0].x > value.text[0].x && qualifier.text[0].x > unit.text[0].x);
    let label = runs
        .iter()
        .find(|r| r.string() == "新增返乡创业")
        .expect("label");
    assert!(
        label.text[0].y < value.text[0].y
            && label.size < value.size
            && label.face == FaceId::bundled(Weight::Regular)
    );
}

#[test]
fn seed_headline_breaks_at_its_space_into_two_lines() {
    let layout = lay(&seed());
    // The space the headline breaks at ends its first line (an ordinary space, set but invisible).
    let lines: Vec<String> = layout
        .scene
        .runs()
        .take(2)
        .map(|r| r.string().trim_end().to_string())
        .collect();
    assert_eq!(
        lines,
        [
            "昂首奋进现代化周口建设新征程",
            "奋力谱写中国式现代化周口绚丽篇章"
        ]
    );
}

#[test]
fn headline_prefers_breaking_after_a_clause() {
    let poster = spec(
        "[[blocks]]\ntype = \"headline\"\ntext = \"抓改革、优环境、促开放,发展活力有效释放\"\n",
    );
    let lines: Vec<String> = lay(&poster).scene.runs().map(|r| r.string()).collect();
    assert_eq!(lines, ["抓改革、优环境、促开放，", "发展活力有效释放"]);
}

/// Sets `text` at `width` with the body style and returns its lines as strings.
fn set(text: &str, width: f32) -> Vec<String> {
    let book = FontBook::bundled();
    let text = normalize(text).into_owned();
    let shaped = shape(
        book,
        &[Span::new(
            text,
            Weight::Regular,
            30.0,
            yitu::model::Color::rgb(0, 0, 0),
        )],
    );
    let set = break_lines(&shaped, width);
    set.lines
        .iter()
        .map(|l| {
            shaped.clusters[l.start..l.end]
                .iter()
                .map(|c| c.text.as_str())
                .collect()
        })
        .collect()
}

#[test]
fn every_paragraph_of_the_seed_obeys_kinsoku_and_keeps_figures_whole() {
    let poster = seed();
    let figures = [
        "1.2万人以上",
        "18.5万人",
        "29.5%",
        "186.48亿斤",
        "3000件以上",
        "5.7万余人",
        "4.6平方公里",
        "76.3%",
        "22019元",
    ];
    let mut checked = 0;
    for block in &poster.blocks {
        let BlockKind::Paragraph(p) = &block.kind else {
            continue;
        };
        let text = format!("{}{}", p.lead.clone().unwrap_or_default(), p.text);
        // Several widths, so breaks fall in many places.
        for width in [952.0, 700.0, 455.0, 333.0] {
            let lines = set(&text, width);
            for (i, line) in lines.iter().enumerate() {
                let first = line.chars().next().unwrap();
                let last = line.trim_end().chars().last().unwrap();
                assert!(
                    i == 0 || !is_no_start(first),
                    "line starts with {first}: {line}"
                );
                assert!(
                    i + 1 == lines.len() || !is_no_end(last),
                    "line ends with {last}: {line}"
                );
                if i + 1 < lines.len() {
                    let joint = format!("{}|{}", line.trim_end(), lines[i + 1]);
                    for f in figures {
                        for cut in 1..f.chars().count() {
                            let (a, b): (String, String) =
                                (f.chars().take(cut).collect(), f.chars().skip(cut).collect());
                            let split = format!("{a}|{b}");
                            assert!(
                                !joint.contains(&split),
                                "figure {f} split across lines: {joint}"
                            );
                        }
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "checked {checked} lines");
}

#[test]
fn last_line_never_holds_a_lone_character() {
    // Ten characters fit a line; greedy filling would leave "十。" alone on the second line.
    let lines = set("一二三四五六七八九十。", 30.0 * 10.0 + 1.0);
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].chars().filter(|c| c.is_alphanumeric()).count() >= 2,
        "{lines:?}"
    );
}

#[test]
fn justified_lines_end_flush_with_the_column() {
    let book = FontBook::bundled();
    let text = normalize("积极扩大有效投资。谋划推动周口民用机场、平漯周高铁、中煤周口2×100万千瓦燃煤机组、周口钢铁电钢新材料、益海嘉里现代食品产业园、智能终端产业园、绿色循环纸业等项目建设,加快4条高速公路项目进度,推进重大水利工程建设,推动重大能源工程建设。").into_owned();
    let shaped = shape(
        book,
        &[Span::new(
            text,
            Weight::Regular,
            30.0,
            yitu::model::Color::rgb(0, 0, 0),
        )],
    );
    let width = 952.0;
    let set = break_lines(&shaped, width);
    assert!(set.lines.len() >= 3);
    for line in &set.lines {
        let xs = place(&shaped, &set, line, width, Align::Justify);
        let last = &shaped.clusters[line.end - 1];
        // The ink ends half-way through a closing mark, and before the Han–Latin gap of a line's last
        // character (that gap separates it from a Latin word on the next line, not from the margin).
        let visible_end = xs[xs.len() - 1]
            + if closing_mark(&last.text) {
                last.advance / 2.0
            } else {
                last.advance - last.gap_after
            };
        if line.ends_paragraph {
            assert!(
                (visible_end - natural_width(&shaped, line.start, line.end)).abs() < 0.5,
                "last line set at its natural width"
            );
        } else {
            assert!(
                (visible_end - width).abs() < 0.5,
                "line ends at {visible_end}, not flush with {width}"
            );
        }
    }
}

/// The text of the seed's paragraphs, repeated to `chars` characters: newsroom Chinese with figures,
/// Latin words and ASCII punctuation.
fn long_paragraph(chars: usize) -> String {
    let seed: String = seed()
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("");
    let seed =
        format!("{seed}其中GDP增长8.5%,CPI上涨2.1%,Wi-Fi覆盖率达到98.6%,5G基站新建1.2万个。");
    seed.chars().cycle().take(chars).collect()
}

/// Every line of the scene as (baseline, text), top to bottom, clusters in drawing order; checks that
/// the clusters of each line go left to right and that lines go down the page.
fn lines_read_back(scene: &Scene) -> Vec<String> {
    let mut lines: Vec<(f32, String, f32)> = Vec::new();
    for run in scene.runs() {
        for t in &run.text {
            match lines.last_mut() {
                Some((y, text, x)) if (*y - t.y).abs() < 0.01 => {
                    assert!(
                        t.x >= *x,
                        "{:?} drawn left of the cluster before it",
                        t.text
                    );
                    text.push_str(&t.text);
                    *x = t.x;
                }
                _ => {
                    if let Some((y, _, _)) = lines.last() {
                        assert!(t.y > *y, "a line drawn above the line before it");
                    }
                    lines.push((t.y, t.text.clone(), t.x));
                }
            }
        }
    }
    lines.into_iter().map(|(_, text, _)| text).collect()
}

#[test]
fn a_long_paragraph_keeps_every_character_in_order() {
    let text = long_paragraph(30_000);
    let poster = spec(&format!(
        "[page]\nwidth = 1080\nheight = \"auto\"\n\n[[blocks]]\ntype = \"paragraph\"\ntext = \"{text}\"\n"
    ));
    let layout = lay(&poster);
    let lines = lines_read_back(&layout.scene);
    assert_eq!(
        lines.concat(),
        normalize(&text),
        "text lost, added or reordered"
    );
    // About 30 characters a line on a 1080-px page.
    assert!(lines.len() > 500, "{} lines", lines.len());
    let margin = poster.page.margin;
    assert_inside_column(&layout.scene, margin.left, 1080.0 - margin.right);
}

#[test]
fn a_long_unbreakable_run_is_cut_between_characters_in_order() {
    // No break opportunity in 20 000 Latin letters: every line is forced, and nothing is lost.
    let word: String = "abcdefghijklmnopqrstuvwxyz"
        .chars()
        .cycle()
        .take(20_000)
        .collect();
    let poster = spec(&format!(
        "[page]\nwidth = 1080\nheight = \"auto\"\n\n[[blocks]]\ntype = \"paragraph\"\ntext = \"中文{word}中文\"\n"
    ));
    let layout = lay(&poster);
    let lines = lines_read_back(&layout.scene);
    assert_eq!(lines.concat(), format!("中文{word}中文"));
    assert!(lines.len() > 100, "{} lines", lines.len());
    let margin = poster.page.margin;
    assert_inside_column(&layout.scene, margin.left, 1080.0 - margin.right);
}

/// `prefix` (近, 约, 上限) is set before the figure, small on the figure's baseline like the unit, and
/// the figure line stays centred in its cell.
#[test]
fn a_prefix_sits_before_the_figure_on_its_baseline() {
    let poster = spec(
        "[page]\nwidth = 1080\n\n[[blocks]]\ntype = \"stats\"\ncolumns = 2\nitems = [\n  { label = \"带动就业\", prefix = \"近\", value = 3, unit = \"万人\" },\n  { label = \"单户补贴\", prefix = \"上限\", value = 3000, unit = \"元\" },\n]\n",
    );
    let layout = lay(&poster);
    let runs: Vec<_> = layout.scene.runs().collect();
    for (prefix, figure) in [("近", "3"), ("上限", "3000")] {
        let p = runs.iter().find(|r| r.string() == prefix).expect(prefix);
        let f = runs.iter().find(|r| r.string() == figure).expect(figure);
        let (_, prefix_right) = p.extent();
        let (figure_left, _) = f.extent();
        assert!(
            prefix_right <= figure_left + 0.01,
            "{prefix} before {figure}"
        );
        assert!(
            figure_left - prefix_right < f.size * 0.5,
            "{prefix} next to {figure}"
        );
        assert!((p.glyphs[0].y - f.glyphs[0].y).abs() < 0.01, "one baseline");
        assert!(
            p.size < f.size * 0.6,
            "{prefix} small: {} vs {}",
            p.size,
            f.size
        );
    }
    let e = yitu::model::load_str(
        "[[blocks]]\ntype = \"stat\"\nvalue = 3\nprefix = \"这是一个很长的前缀词\"\n",
        Path::new("x.toml"),
    )
    .unwrap_err();
    assert_eq!(e.problems[0].key, "blocks[0].prefix");
    assert!(e.problems[0]
        .message
        .starts_with("expected a word before the figure of at most 6"));
}
