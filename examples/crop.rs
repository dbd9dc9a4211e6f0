//! Crops a band of a PNG, for the before/after pictures in docs/images:
//! `cargo run --example crop -- IN.png OUT.png TOP HEIGHT`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, top, height] = args.as_slice() else {
        eprintln!("usage: crop IN.png OUT.png TOP HEIGHT");
        std::process::exit(2);
    };
    let (top, height): (u32, u32) = (
        top.parse().expect("TOP in pixels"),
        height.parse().expect("HEIGHT in pixels"),
    );
    let image = image::open(input).expect("a readable image");
    let band = image.crop_imm(0, top, image.width(), height);
    band.save(output).expect("a writable output");
}
