//! The build script: the default theme is compiled into the binary (`include_dir!` in
//! `src/theme.rs`), so the crate is rebuilt when any of its files change.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
