//! Reading PDFs back in tests (lopdf): the one page, dictionary values, number arrays, the page's
//! content operations.

#![allow(dead_code)] // each test file uses its own part

pub fn load_pdf(bytes: &[u8]) -> (lopdf::Document, lopdf::ObjectId) {
    assert!(bytes.starts_with(b"%PDF-1."), "PDF header");
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1, "one page");
    let page = pages[&1];
    (doc, page)
}

pub fn deref<'a>(doc: &'a lopdf::Document, object: &'a lopdf::Object) -> &'a lopdf::Object {
    doc.dereference(object).expect("reference resolves").1
}

pub fn dict_get<'a>(
    doc: &'a lopdf::Document,
    dict: &'a lopdf::Dictionary,
    key: &str,
) -> &'a lopdf::Object {
    let value = dict
        .get(key.as_bytes())
        .unwrap_or_else(|_| panic!("/{key} in {dict:?}"));
    deref(doc, value)
}

pub fn numbers(object: &lopdf::Object) -> Vec<f32> {
    object
        .as_array()
        .expect("an array")
        .iter()
        .map(|n| n.as_float().expect("a number"))
        .collect()
}

/// A page box (`MediaBox`, `TrimBox`, …) as [x0, y0, x1, y1], if the page has it.
pub fn page_box(doc: &lopdf::Document, page: lopdf::ObjectId, key: &str) -> Option<[f32; 4]> {
    let dict = doc.get_dictionary(page).unwrap();
    dict.get(key.as_bytes())
        .ok()
        .map(|b| numbers(deref(doc, b)).try_into().expect("four numbers"))
}

/// The page's content stream, decoded into operations.
pub fn operations(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<lopdf::content::Operation> {
    lopdf::content::Content::decode(&doc.get_page_content(page))
        .unwrap()
        .operations
}

/// An operation's operands as numbers.
pub fn operands(op: &lopdf::content::Operation) -> Vec<f32> {
    op.operands.iter().map(|o| o.as_float().unwrap()).collect()
}

/// The `/ActualText` of every marked-content span on the page, in order, decoded (UTF-16BE after a
/// byte-order mark, else PDFDocEncoding, which is ASCII for what yitu writes that way).
pub fn actual_texts(bytes: &[u8]) -> Vec<String> {
    let (doc, page) = load_pdf(bytes);
    let mut out = Vec::new();
    // The open marked-content sequences: `/Span`s (holding text) inside the structure's tagged
    // sequences (`/P <</MCID n>>`, `/Artifact`), which never nest in each other.
    let mut open: Vec<Vec<u8>> = Vec::new();
    let spans = |open: &Vec<Vec<u8>>| open.iter().filter(|t| t.as_slice() == b"Span").count();
    for op in operations(&doc, page) {
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let tag = op.operands[0].as_name().expect("a tag").to_vec();
                if tag != b"Span" {
                    assert!(
                        open.is_empty(),
                        "a tagged sequence inside another: {open:?}"
                    );
                    open.push(tag);
                    continue;
                }
                open.push(tag);
                assert_eq!(spans(&open), 1, "spans are not nested");
                let props = op.operands[1].as_dict().expect("an inline property list");
                let text = props.get(b"ActualText").expect("/ActualText");
                let raw = text.as_str().expect("a string");
                out.push(match raw.strip_prefix(&[0xFE, 0xFF]) {
                    Some(utf16) => {
                        let units: Vec<u16> = utf16
                            .chunks(2)
                            .map(|p| u16::from_be_bytes([p[0], p[1]]))
                            .collect();
                        String::from_utf16(&units).expect("UTF-16BE")
                    }
                    None => {
                        assert!(raw.is_ascii(), "{raw:?}");
                        String::from_utf8(raw.to_vec()).unwrap()
                    }
                });
            }
            "EMC" => {
                open.pop().expect("EMC closes a sequence");
            }
            "Tj" | "TJ" => assert_eq!(spans(&open), 1, "every glyph shown is inside a span"),
            _ => {}
        }
    }
    assert!(open.is_empty(), "every sequence is closed");
    out
}
