//! Writes the 36-item test plan (the bundled plan with invented results, tests/common/council.rs)
//! into a content folder, for the browser tests: `cargo run --example council_plan -- OUT`.

#[path = "../tests/common/council.rs"]
mod council;

fn main() {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("使い方 / usage: cargo run --example council_plan -- OUT_CONTENT_DIR");
        std::process::exit(2);
    };
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    council::write(&repo.join("content"), std::path::Path::new(&out));
    println!("{}", std::path::Path::new(&out).display());
}
