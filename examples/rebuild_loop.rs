//! Builds a site repeatedly in one process and prints each build's time, to tell one-time
//! costs (syntax loading, thread start-up) from the cost of every rebuild in `brief serve`.
//!
//!     cargo run --release --example rebuild_loop -- [ROOT] [TIMES]

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| ".".into());
    let times: usize = args.next().and_then(|t| t.parse().ok()).unwrap_or(10);
    let options = brief::load::LoadOptions { root: root.into(), ..Default::default() };
    for i in 0..times {
        let built = brief::pipeline::build(&options);
        println!("build {i}: {} ms ({} errors)", built.elapsed.as_millis(), built.diagnostics.error_count());
    }
}
