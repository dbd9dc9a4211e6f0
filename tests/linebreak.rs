//! Total-fit line breaking, read back from the layout: a corpus of paragraphs (the seed poster's, and
//! copy written for these tests: Traditional Chinese, mixed Chinese and English with URLs, long Latin
//! words, figures with units, 《书名》, （abc0）, 13.7%及8.2%。) set as poster paragraphs at several column
//! widths. For every line drawn: the space justification added between two clusters stays within
//! 0.15 em (or the least any breaking of that paragraph achieves), a justified line ends at the margin,
//! no space is added inside a word, number or URL, the 避头尾 rules hold, and no character is lost.

use std::path::Path;

use yitu::model::{load_file, load_str, BlockKind, Poster};
use yitu::render_poster;
use yitu::scene::Scene;
use yitu::text::fit::{least_stretch, MAX_STRETCH_EM};
use yitu::text::fonts::{FontBook, Weight};
use yitu::text::linebreak::{is_cjk, is_no_end, is_no_start};
use yitu::text::punctuation::normalize;
use yitu::text::shape::{shape, Span};

/// Copy written for these tests: each paragraph exercises something greedy breaking or even spreading
/// got wrong.
const CORPUS: &[&str] = &[
    // Figures with units and percentages next to one another, as the peer's cases have them.
    "全市规上工业增加值增长13.7%及8.2%。其中，高技术制造业增加值增长21.4%，占规上工业的比重提高1.6个百分点，装备制造业增长9.3%，消费品工业增长6.1%，原材料工业下降0.8%。",
    // Brackets with Latin inside, and a book title.
    "报告（abc0），以及《周口市国土空间总体规划（2021—2035年）》和《关于推进高质量发展的若干意见》，均已印发。各县（市、区）要对照《实施方案》逐项抓好落实，确保年底前见到实效。",
    // A standard number whose pieces must not be spread, and a dash between numbers.
    "汉语拼音的拼写应当遵循GB/T 16159—2012《汉语拼音正词法基本规则》，人名、地名的拼写另有规定；2012–2023年间该标准先后经过三次复审，现行文本自2012年10月1日起实施。",
    // A URL and an e-mail address inside Chinese text.
    "报告全文可在市政府门户网站https://www.zhoukou.gov.cn/zwgk/2023/report-full-text.html下载，也可发送邮件至service@zhoukou.gov.cn索取纸质版本，咨询电话0394-8888888。",
    // Mixed Chinese and English with several Latin words.
    "在Open Data Day活动上，来自Shanghai Jiao Tong University和Tsinghua University的研究团队介绍了基于Machine Learning的城市交通预测模型，并开源了相关代码。",
    // A long Latin word, wider than a narrow column.
    "化学课上老师写下了英语中最长的单词之一Pneumonoultramicroscopicsilicovolcanoconiosis，意思是一种因吸入极细的硅酸盐粉尘而引起的肺部疾病，同学们纷纷尝试拼读。",
    // Traditional Chinese (Hong Kong budget copy), with 「」 quotes and figures.
    "財政預算案重點一覽：政府將向合資格的永久性居民發放總額一萬元的電子消費券，分兩期發放；寬減百分之百的薪俸稅及個人入息課稅，上限為六千元，惠及約一百九十萬名納稅人。",
    // Traditional Chinese (Taiwan) with 『』 and a year range.
    "行政院會今日通過「前瞻基礎建設計畫」第四期特別預算，總額新臺幣二千三百億元，其中『水環境建設』占三成，預計於民國一一二年至一一四年間執行完畢，各部會應儘速提出具體方案。",
    // Many short clauses with 、 and ；, where squeezing helps.
    "重点抓好以下工作：一是稳增长；二是促改革；三是调结构；四是惠民生；五是防风险。要把握好时、度、效，统筹好质、量、速，协调好点、线、面，形成上下联动、左右协同的工作格局。",
    // Quotes meeting other marks.
    "他说：“我们要把‘群众满意’作为第一标准。”会上，与会代表围绕“如何提升基层治理效能”“如何优化营商环境”等议题展开讨论，提出意见建议56条。",
    // Numbers with ranges and times.
    "活动时间为每周一至周五9:00—17:30，周六、周日及法定节假日照常开放；6周岁（含）以下儿童、60周岁以上老人凭有效证件免费参观，团体参观请提前3天预约。",
    // English sentence with punctuation inside Chinese copy.
    "会议主题为“Building Resilient Cities: Lessons from the Yellow River Basin”，来自12个国家和地区的300余名专家学者参会，会期三天，共设8个分论坛。",
    // Dense figures with 万/亿 units.
    "全年完成固定资产投资2786.5亿元，增长11.2%；社会消费品零售总额1532.7亿元，增长4.5%；进出口总额68.9亿元，其中出口52.3亿元，实际使用外资1.2亿美元。",
    // A heading-like run of ellipsis and dashes.
    "改革不停顿，开放不止步……从“跟跑”到“并跑”再到“领跑”——这是一座城市十年来的真实写照，也是千万市民共同奋斗的成果。",
    // Versions, model numbers and units in Latin.
    "新一代电动公交车采用LFP电池，续航里程达到350km，充电30min即可补能80%，车内配备Wi-Fi和USB-C接口，首批100辆已于3月投入运营。",
    // Domain names without a scheme.
    "市民可登录zwfw.henan.gov.cn或下载“豫事办”App办理社保查询、公积金提取、不动产登记等236项高频事项，实现“一网通办”“掌上可办”。",
    // Long compound nouns and quotation titles.
    "《周口市中心城区城市更新三年行动计划（2023—2025年）》明确，将实施老旧小区改造、城中村改造、历史文化街区保护利用“三大工程”，总投资约420亿元。",
];

/// Column widths the corpus is set at, in pixels (the seed's 952, and narrower columns of cards and
/// grids).
const WIDTHS: &[f32] = &[952.0, 700.0, 455.0, 333.0];

const BODY: f32 = 30.0;
const MARGIN: f32 = 64.0;

fn seed() -> Poster {
    load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/zhoukou-2023.toml"))
        .expect("seed spec loads")
}

/// The seed poster's paragraphs, lead and text joined as the layout sets them (the lead is only
/// bolder).
fn seed_paragraphs() -> Vec<String> {
    seed()
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Paragraph(p) => {
                Some(format!("{}{}", p.lead.clone().unwrap_or_default(), p.text))
            }
            _ => None,
        })
        .collect()
}

/// A poster with one paragraph in a column `width` wide.
fn poster(text: &str, width: f32) -> Poster {
    let toml = format!(
        "[page]\nwidth = {}\nheight = \"auto\"\n\n[[blocks]]\ntype = \"paragraph\"\ntext = '''{text}'''\n",
        width + 2.0 * MARGIN
    );
    load_str(&toml, Path::new("inline.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// One cluster as drawn.
#[derive(Debug, Clone)]
struct Drawn {
    text: String,
    x: f32,
    width: f32,
}

/// The lines of the scene, top to bottom, each its clusters left to right.
fn drawn_lines(scene: &Scene) -> Vec<Vec<Drawn>> {
    let mut lines: Vec<(f32, Vec<Drawn>)> = Vec::new();
    for run in scene.runs() {
        for t in &run.text {
            let cluster = Drawn {
                text: t.text.clone(),
                x: t.x,
                width: t.width,
            };
            match lines.last_mut() {
                Some((y, line)) if (*y - t.y).abs() < 0.01 => line.push(cluster),
                _ => lines.push((t.y, vec![cluster])),
            }
        }
    }
    lines.into_iter().map(|(_, line)| line).collect()
}

fn one_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    chars.next().filter(|_| chars.next().is_none())
}

fn closing_mark(s: &str) -> bool {
    one_char(s).is_some_and(|c| "，。、：；！？）》」』】〉〕］〗”’".contains(c))
}

/// A character of a Latin word, a number, `GB/T` or a URL (curly quotes are Chinese marks here).
fn token_char(s: &str) -> bool {
    one_char(s).is_some_and(|c| !c.is_whitespace() && !is_cjk(c) && !"“”‘’".contains(c))
}

/// The least largest stretch any breaking of `text` can achieve at `width`, in em, as the breaker's
/// first pass finds it (unit tests in `text::fit` check that pass against an exhaustive search).
fn least(text: &str, width: f32) -> f64 {
    let shaped = shape(
        FontBook::bundled(),
        &[Span::new(
            normalize(text).into_owned(),
            Weight::Regular,
            BODY,
            yitu::model::Color::rgb(0, 0, 0),
        )],
    );
    least_stretch(&shaped, width)
}

/// What one paragraph set at one width looks like.
#[derive(Debug, Default)]
struct Report {
    lines: usize,
    /// Largest space added between two clusters, in em.
    most: f64,
    /// Justified lines (not a paragraph's last) ending short of the margin: a line of one piece (of a
    /// URL, of a word cut as the last resort), which has nowhere to take space.
    ragged: usize,
}

/// Sets `text` in a column `width` wide and checks every line drawn; returns what it saw.
fn check(text: &str, width: f32) -> Report {
    let layout = render_poster(&poster(text, width)).expect("layout");
    let lines = drawn_lines(&layout.scene);
    let right = MARGIN + width;
    let what = |i: usize| format!("{text:?} at {width}, line {i}");
    let mut report = Report {
        lines: lines.len(),
        ..Report::default()
    };
    let all: String = lines.iter().flatten().map(|c| c.text.as_str()).collect();
    assert_eq!(all, normalize(text), "text lost or reordered at {width}");
    for (i, line) in lines.iter().enumerate() {
        let content: Vec<&Drawn> = {
            let end = line
                .iter()
                .rposition(|c| !c.text.trim().is_empty())
                .unwrap()
                + 1;
            line[..end].iter().collect()
        };
        let (first, last) = (content[0], content[content.len() - 1]);
        let first_char = first.text.chars().next().unwrap();
        let last_char = last.text.chars().last().unwrap();
        assert!(
            i == 0 || !is_no_start(first_char),
            "{}: starts with {first_char}",
            what(i)
        );
        assert!(
            i + 1 == lines.len() || !is_no_end(last_char),
            "{}: ends with {last_char}",
            what(i)
        );
        // The space between each two clusters beyond the first's advance as set.
        for pair in content.windows(2) {
            let added = f64::from(pair[1].x - (pair[0].x + pair[0].width)) / f64::from(BODY);
            report.most = report.most.max(added);
            if token_char(&pair[0].text) && token_char(&pair[1].text) {
                assert!(
                    added.abs() < 1e-3,
                    "{}: {added} em added inside a token at {:?}{:?}",
                    what(i),
                    pair[0].text,
                    pair[1].text
                );
            }
        }
        if i + 1 < lines.len() {
            let end = last.x
                + if closing_mark(&last.text) {
                    last.width / 2.0
                } else {
                    last.width
                };
            if (end - right).abs() > 0.01 {
                // Only a line with nowhere to put space may end short: one piece of a URL or a word,
                // with the marks that stick to it (`coniosis，`), no Han character, no space.
                let mark = |s: &str| {
                    one_char(s).is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace())
                };
                let one_piece = content.iter().all(|c| token_char(&c.text) || mark(&c.text));
                assert!(
                    one_piece,
                    "{}: ends at {end}, not at the margin {right}",
                    what(i)
                );
                report.ragged += 1;
            }
        }
    }
    report
}

/// Says which setting goes past the bound; with `YITU_SHOW_LINES` set, draws its lines with the space
/// added after each cluster in em, as `报[0.31]告`.
fn show(text: &str, width: f32, report: &Report) {
    let head: String = text.chars().take(24).collect();
    eprintln!("{:.3} em at {width}: {head}", report.most);
    if std::env::var_os("YITU_SHOW_LINES").is_none() {
        return;
    }
    let layout = render_poster(&poster(text, width)).expect("layout");
    for line in drawn_lines(&layout.scene) {
        let mut shown = String::new();
        for pair in line.windows(2) {
            shown.push_str(&pair[0].text);
            let added = (pair[1].x - (pair[0].x + pair[0].width)) / BODY;
            if added.abs() > 0.001 {
                shown.push_str(&format!("[{added:.2}]"));
            }
        }
        eprintln!("    {shown}{}", line.last().map_or("", |c| c.text.as_str()));
    }
}

#[test]
fn every_line_of_the_corpus_stays_within_the_stretch_bound() {
    let paragraphs: Vec<String> = CORPUS
        .iter()
        .map(|s| s.to_string())
        .chain(seed_paragraphs())
        .collect();
    assert!(paragraphs.len() >= 30);
    let (mut settings, mut within, mut lines, mut most) = (0, 0, 0, 0.0f64);
    for text in &paragraphs {
        for &width in WIDTHS {
            let report = check(text, width);
            let least = least(text, width);
            let cap = least.max(MAX_STRETCH_EM);
            assert!(
                report.most <= cap + 1e-4,
                "{text:?} at {width}: {} em added where {cap} em can be had",
                report.most
            );
            if report.most > MAX_STRETCH_EM + 1e-4 {
                show(text, width, &report);
            }
            settings += 1;
            lines += report.lines;
            within += usize::from(report.most <= MAX_STRETCH_EM + 1e-4);
            most = most.max(report.most);
        }
    }
    eprintln!(
        "{settings} settings, {lines} lines, {within} within {MAX_STRETCH_EM} em, largest stretch {most:.3} em"
    );
    // Most settings keep the bound outright; the rest are at the least any breaking achieves (a long
    // word, a URL or a run of figures that no break opportunity divides, in a narrow column).
    assert!(
        within * 5 >= settings * 4,
        "{within} of {settings} within the bound"
    );
}

#[test]
fn the_seed_poster_keeps_the_bound_and_ends_lines_at_the_margin() {
    let poster = seed();
    let layout = render_poster(&poster).expect("layout");
    let width = poster.page.width - poster.page.margin.left - poster.page.margin.right;
    for text in seed_paragraphs() {
        assert!(
            least(&text, width) <= MAX_STRETCH_EM,
            "{text:?} cannot keep the bound"
        );
    }
    // Every line of every paragraph block as drawn in the poster (lead in bold): all but the last end
    // at the margin, spread by no more than the bound.
    let right = poster.page.width - poster.page.margin.right;
    let mut checked = 0;
    assert_eq!(layout.blocks.len(), poster.blocks.len());
    for (placed, block) in layout.blocks.iter().zip(&poster.blocks) {
        if !matches!(block.kind, BlockKind::Paragraph(_)) {
            continue;
        }
        let mut lines: Vec<(f32, Vec<Drawn>)> = Vec::new();
        for run in layout.scene.runs() {
            for t in run
                .text
                .iter()
                .filter(|t| t.y > placed.top && t.y < placed.bottom)
            {
                let d = Drawn {
                    text: t.text.clone(),
                    x: t.x,
                    width: t.width,
                };
                match lines.last_mut() {
                    Some((y, line)) if (*y - t.y).abs() < 0.01 => line.push(d),
                    _ => lines.push((t.y, vec![d])),
                }
            }
        }
        assert!(!lines.is_empty(), "{}", placed.origin);
        for (_, line) in &lines[..lines.len() - 1] {
            let last = line.last().unwrap();
            let end = last.x
                + if closing_mark(&last.text) {
                    last.width / 2.0
                } else {
                    last.width
                };
            assert!(
                (end - right).abs() <= 0.01,
                "{}: ends at {end}: {line:?}",
                placed.origin
            );
            for pair in line.windows(2) {
                let added = (pair[1].x - (pair[0].x + pair[0].width)) / BODY;
                assert!(
                    f64::from(added) <= MAX_STRETCH_EM + 1e-4,
                    "{}: {added} em in {line:?}",
                    placed.origin
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 40, "checked {checked} lines");
}
