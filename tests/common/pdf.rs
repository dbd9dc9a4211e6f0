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
