//! Reading QR codes back from rendered PNGs (rqrr), for tests that a printed code scans.

#![allow(dead_code)] // each test file uses its own part

/// The texts of every QR code found in the PNG `bytes`.
pub fn decode_png(bytes: &[u8]) -> Vec<String> {
    let grey = image::load_from_memory(bytes)
        .expect("the PNG decodes")
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        grey.width() as usize,
        grey.height() as usize,
        |x, y| grey.get_pixel(x as u32, y as u32).0[0],
    );
    prepared
        .detect_grids()
        .iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}
