//! Layers: the modules of the crate depend on each other one way.
//!
//! Takes: the source files under `src/`. Gives: a test that the graph of which top-level module
//! names which (`use crate::x…`, `crate::x::…`) has no cycle, and a message naming the cycle,
//! with the line that makes each step, when it has one. The pipeline's stages run load → parse
//! → link → render → write, with `serve`, `incremental` and `cli` above them and the leaves
//! (`text`, `fs`, `date`, `diagnostics`, `model`…) below; a module that needs something of a
//! module above it moves that thing to where its concept lives, or to a leaf.
//!
//! Comments and `#[cfg(test)]` items do not count: a test may reach any module (a render test
//! may run the whole pipeline). An item ends where rustfmt closes it: on its own line when
//! that ends with `;`, otherwise at the first line as indented as its attribute that starts
//! with a closing bracket.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where one module names another: the file and the line (from 1).
type Site = (PathBuf, usize);

/// For each module, the modules it names and where it first names each.
type Graph = BTreeMap<String, BTreeMap<String, Site>>;

/// The lines of `text` that are code, with their numbers (from 1): comments and test items
/// left out.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut code = Vec::new();
    let mut lines = text.lines().enumerate().map(|(i, line)| (i + 1, line));
    while let Some((number, line)) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        if !trimmed.starts_with("#[cfg(test)]") {
            code.push((number, line));
            continue;
        }
        let indent = line.len() - trimmed.len();
        let mut first = true;
        for (_, item) in lines.by_ref() {
            let rest = item.trim_start();
            if first && (rest.starts_with("#[") || rest.starts_with("//")) {
                continue;
            }
            let closes = item.len() - rest.len() == indent && rest.starts_with(['}', ')', ']']);
            if (first && rest.trim_end().ends_with(';')) || (!first && closes) {
                break;
            }
            first = false;
        }
    }
    code
}

/// The top-level modules that `line` names: `x` of `crate::x` and of each part of
/// `crate::{x::…, y}`.
fn named_modules(line: &str) -> Vec<&str> {
    let ident = |s: &str| -> usize { s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len()) };
    let mut names = Vec::new();
    for (at, _) in line.match_indices("crate::") {
        let before = line[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &line[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level parts of the group: split at commas outside nested braces.
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        names.push(&group[start..i]);
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(&group[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            names.push(rest);
        }
    }
    names.into_iter().map(str::trim_start).map(|part| &part[..ident(part)]).filter(|name| !name.is_empty()).collect()
}

/// The top-level modules `lib.rs` declares, test-only ones left out.
fn declared_modules(lib: &str) -> Vec<String> {
    code_lines(lib)
        .into_iter()
        .filter_map(|(_, line)| {
            let declared = line.trim().trim_start_matches("pub(crate) ").trim_start_matches("pub ");
            Some(declared.strip_prefix("mod ")?.strip_suffix(';')?.to_string())
        })
        .collect()
}

/// Every `.rs` file of module `name` under `src`: `src/name.rs`, or all of `src/name/`.
fn module_files(src: &Path, name: &str) -> Vec<PathBuf> {
    let file = src.join(format!("{name}.rs"));
    let mut files = if file.is_file() { vec![file] } else { Vec::new() };
    let mut folders = vec![src.join(name)];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries {
            let path = entry.expect("a readable folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Adds to `graph` what `text`, a file of `module`, names.
fn add_file(graph: &mut Graph, modules: &[String], module: &str, path: &Path, text: &str) {
    let names = graph.entry(module.to_string()).or_default();
    for (number, line) in code_lines(text) {
        for named in named_modules(line) {
            if named != module && modules.iter().any(|m| m == named) {
                names.entry(named.to_string()).or_insert_with(|| (path.to_path_buf(), number));
            }
        }
    }
}

/// The graph of the crate whose sources are under `src`.
fn crate_graph(src: &Path) -> Graph {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let modules = declared_modules(&lib);
    let mut graph = Graph::new();
    for module in &modules {
        let files = module_files(src, module);
        assert!(!files.is_empty(), "no files for the module `{module}` under {}", src.display());
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let shown = path.strip_prefix(src.parent().unwrap_or(src)).unwrap_or(&path);
            add_file(&mut graph, &modules, module, shown, &text);
        }
    }
    graph
}

/// A cycle of `graph`, as the modules along it with the first back at the end, if it has one.
fn find_cycle(graph: &Graph) -> Option<Vec<&str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'g>(
        graph: &'g Graph,
        module: &'g str,
        marks: &mut BTreeMap<&'g str, Mark>,
        path: &mut Vec<&'g str>,
    ) -> Option<Vec<&'g str>> {
        match marks.get(module) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|&m| m == module).expect("an open module is on the path");
                let mut cycle = path[start..].to_vec();
                cycle.push(module);
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(module, Mark::Open);
        path.push(module);
        for named in graph.get(module).into_iter().flat_map(BTreeMap::keys) {
            if let Some(cycle) = visit(graph, named, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(module, Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph.keys().find_map(|module| visit(graph, module, &mut marks, &mut Vec::new()))
}

/// `serve → cli (src/serve/mod.rs:316) → serve (src/cli/serve.rs:5)`.
fn describe(graph: &Graph, cycle: &[&str]) -> String {
    let mut text = cycle[0].to_string();
    for step in cycle.windows(2) {
        let (path, line) = &graph[step[0]][step[1]];
        text += &format!(" → {} ({}:{line})", step[1], path.display());
    }
    text
}

#[test]
fn the_modules_depend_on_each_other_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = crate_graph(&src);
    for stage in ["load", "parse", "link", "render", "write", "serve", "cli"] {
        assert!(graph.contains_key(stage), "the module `{stage}` was not read: {:?}", graph.keys());
    }
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the modules depend on each other in a cycle: {}\nmove what they share to the module that owns \
             its concept, or to a leaf module below both",
            describe(&graph, &cycle)
        );
    }
}

#[test]
fn a_module_that_names_one_above_it_makes_a_named_cycle() {
    let modules: Vec<String> = ["cli", "serve", "diagnostics"].map(String::from).to_vec();
    let mut graph = Graph::new();
    add_file(&mut graph, &modules, "cli", Path::new("src/cli/serve.rs"), "use crate::serve::{self, ServeOptions};\n");
    add_file(&mut graph, &modules, "serve", Path::new("src/serve/mod.rs"), "use crate::diagnostics::report;\n");
    assert_eq!(find_cycle(&graph), None);
    let text = "use std::io;\n\nfn rebuild() {\n    crate::cli::say(format, line);\n}\n";
    add_file(&mut graph, &modules, "serve", Path::new("src/serve/mod.rs"), text);
    let cycle = find_cycle(&graph).expect("a cycle");
    assert_eq!(cycle, ["cli", "serve", "cli"]);
    assert_eq!(describe(&graph, &cycle), "cli → serve (src/cli/serve.rs:1) → cli (src/serve/mod.rs:4)");
}

#[test]
fn comments_and_test_items_are_not_dependencies() {
    let text = "\
//! Uses [`crate::a`] in its docs.
use crate::{b::{X, Y}, c, self_};

#[cfg(test)]
fn helper() {
    crate::d::run();
}

#[cfg(test)]
#[allow(dead_code)]
use crate::e::Z;

fn real() {
    let x = crate::f::make();
    macro_crate::g::no();
}

#[cfg(test)]
mod tests {
    use crate::h;
}
";
    let named: Vec<&str> = code_lines(text).into_iter().flat_map(|(_, line)| named_modules(line)).collect();
    assert_eq!(named, ["b", "c", "self_", "f"]);
    assert_eq!(declared_modules("pub mod a;\npub(crate) mod b;\nmod c;\n#[cfg(test)]\nmod d;\n"), ["a", "b", "c"]);
}
