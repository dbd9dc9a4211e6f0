//! A program that embeds yitu as a library depends on it without default features, which leaves out
//! the command line (clap, the progress bar, `yitu watch`), and renders a spec it holds as a string to
//! image bytes in memory:
//!
//! ```
//! use std::path::Path;
//!
//! let spec = r#"
//! [page]
//! preset = "weibo"
//!
//! [[blocks]]
//! type = "headline"
//! text = "一季度经济回升向好"
//!
//! [[blocks]]
//! type = "stats"
//! columns = 2
//! items = [
//!   { label = "地区生产总值增长", value = 5.2, unit = "%" },
//!   { label = "新增城镇就业", value = 3.1, unit = "万人" },
//! ]
//! "#;
//! // The path names the spec in messages; files it names would be found beside it.
//! let poster = yitu::model::load_str(spec, Path::new("card.toml")).expect("a valid spec");
//! let layout = yitu::render_poster(&poster).expect("it fits its page");
//! let options = yitu::Options::default().formats([yitu::Format::Png, yitu::Format::Pdf]);
//! let outputs = yitu::encode("card", &layout, &options).expect("it encodes");
//! assert!(outputs[0].bytes.starts_with(b"\x89PNG"));
//! assert!(outputs[1].bytes.starts_with(b"%PDF"));
//!
//! // A bad spec is data: every problem with its line, column and key.
//! let err = yitu::model::load_str("[page]\nwidht = 1080\n", Path::new("bad.toml")).unwrap_err();
//! assert_eq!((err.problems[0].line, err.problems[0].key.as_str()), (2, "page.widht"));
//! ```
