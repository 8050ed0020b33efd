//! brief never loses, overwrites or leaks a file that is not the site's: the output folder's
//! files that brief did not write, the site itself, files outside the site reached through
//! links or theme paths; a commit is all or nothing even when a step fails or the process
//! dies; special files never hang a build. Builds run in-process where the library's reading
//! and writing are under test, and the binary where its exit code, its messages about the
//! output folder, a crash or a hang is.

use crate::common;

use std::path::{Path, PathBuf};

use common::serve::Preview;
use common::{Brief, TestSite, in_ci, is_root, run_in, snapshot};

fn small_site() -> TestSite {
    TestSite::new()
        .organization("foc", "Freedom Online Coalition", "")
        .briefing("a", "summary: \"A.\"\norganizations: [foc]\n", "About [[foc]].\n")
        .briefing("b", "summary: \"B.\"\norganizations: [foc]\n", "About [[foc]] too.\n")
}

fn notice(what: &str) {
    eprintln!("notice: skipped: {what}");
}

// ---------------------------------------------------------------------------------------------
// Ownership

#[test]
fn a_first_build_into_a_folder_with_files_is_refused_and_names_them() {
    let site = small_site();
    site.write("docs/thesis.docx", b"years of work");
    site.write("docs/notes/ch1.md", b"chapter one");
    site.build_cli(&["--output", "docs"])
        .expect_code(2)
        .expect_stderr("`docs` already holds 2 files that brief did not write (notes/ch1.md, thesis.docx)")
        .expect_stderr("--force");
    assert_eq!(snapshot(&site.path("docs")).len(), 2);
    assert!(!site.path("docs/.brief").exists(), "a refused build left its state behind");
    assert!(!site.path("docs/index.html").exists());
}

#[test]
fn force_builds_into_it_and_still_deletes_nothing_brief_did_not_write() {
    let site = small_site();
    site.write("docs/thesis.docx", b"years of work");
    site.build_cli(&["--output", "docs", "--force"])
        .expect_success()
        .expect_stderr("kept 1 file that brief did not write: thesis.docx");
    assert!(site.path("docs/briefings/a/index.html").is_file());
    // The next builds need no flag; removing a briefing removes its page and its cite files,
    // not the thesis.
    site.remove("content/briefings/b.md");
    site.build_cli(&["--output", "docs"]).expect_success().expect_stdout("3 removed");
    assert!(!site.path("docs/briefings/b").exists());
    assert_eq!(std::fs::read(site.path("docs/thesis.docx")).unwrap(), b"years of work");
}

#[test]
fn files_placed_by_hand_in_public_are_kept_and_named() {
    let site = small_site();
    site.build().expect_success();
    site.write("public/CNAME", b"briefs.example.org");
    site.write("public/reports/x.pdf", b"%PDF");
    let run = site.build_cli(&[]);
    run.expect_success()
        .expect_stderr("warning[W006]: ")
        .expect_stderr("kept 2 files that brief did not write: CNAME, reports/x.pdf")
        .expect_stderr("put them in content/static/ to publish them on purpose");
    assert_eq!(run.stderr.matches("kept 2 files").count(), 1, "said more than once: {}", run.stderr);
    assert_eq!(site.page("CNAME"), "briefs.example.org");
    assert_eq!(site.page("reports/x.pdf"), "%PDF");
}

#[test]
fn a_hand_placed_file_where_the_site_now_has_one_stops_the_build_untouched() {
    let site = small_site();
    site.build().expect_success();
    site.write("public/CNAME", b"mine");
    let before = site.snapshot();
    let site = site.file("content/static/CNAME", "theirs");
    site.build_cli(&[]).expect_code(1).expect_stderr("1 file in `").expect_stderr("CNAME");
    assert_eq!(site.snapshot(), before);
    // Moved into content/static/ on purpose, it is published.
    site.remove("public/CNAME");
    site.build().expect_success();
    assert_eq!(site.page("CNAME"), "theirs");
}

// ---------------------------------------------------------------------------------------------
// Never the site itself

#[test]
fn the_output_guard_resolves_dots_and_links() {
    let site = small_site().file("themes/house/templates/page.html", "{{ page.title }}");
    std::os::unix::fs::symlink(site.root(), site.path("link-to-root")).unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("link-to-content")).unwrap();
    let before = snapshot(site.root());
    for output in ["public/..", ".", "link-to-root", "link-to-content", "link-to-content/out", "themes/house/out", "/"]
    {
        site.build_cli(&["--output", output]).expect_code(2).expect_stderr("output folder");
    }
    // `..` from the site folder holds the site (and its siblings).
    let inside = site.path("content");
    let run = run_in(&inside, &["build", "--root", "..", "--output", ".."]);
    run.expect_code(2).expect_stderr("holds the site itself");
    assert_eq!(snapshot(site.root()), before, "a refused build touched the site");
}

#[test]
fn gen_corpus_refuses_a_folder_it_did_not_make() {
    let site = small_site();
    let before = snapshot(site.root());
    site.run(&["gen-corpus", "3", "."]).expect_code(1).expect_stderr("not empty");
    assert_eq!(snapshot(site.root()), before);
    site.run(&["gen-corpus", "3", "bench"]).expect_success();
    site.run(&["gen-corpus", "4", "bench"]).expect_success();
    assert!(site.path("bench/content/briefings").is_dir());
}

// ---------------------------------------------------------------------------------------------
// Links and special files

#[test]
fn a_theme_static_folder_linked_to_etc_publishes_nothing_of_it() {
    let site = small_site();
    std::fs::create_dir_all(site.path("themes/default")).unwrap();
    std::os::unix::fs::symlink("/etc", site.path("themes/default/static")).unwrap();
    let build = site.build();
    build.expect_success().expect_report("themes/default/static").expect_report("outside `content/` and `themes/`");
    assert!(!site.has_page("passwd"), "a host file was published");
    assert!(!site.has_page("hostname"));
    assert!(site.has_page("css/site.css"), "the built-in theme's own files went missing");
}

#[test]
fn links_in_content_are_followed_only_into_content_and_themes() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "host secret").unwrap();
    let site = small_site()
        .file("content/static/img/logo.svg", "<svg/>")
        .file("themes/default/static/fonts/a.woff2", "font")
        .file("shared/notes.txt", "kept beside the site, not in it")
        .file(".env", "TOKEN=secret");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path("content/static/secret.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/static/host")).unwrap();
    std::os::unix::fs::symlink(site.path("content/static/img/logo.svg"), site.path("content/static/logo.svg")).unwrap();
    std::os::unix::fs::symlink(site.path("themes/default/static/fonts"), site.path("content/static/fonts")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", site.path("content/briefings/zero.md")).unwrap();
    std::os::unix::fs::symlink(site.path("shared/notes.txt"), site.path("content/static/notes.txt")).unwrap();
    std::os::unix::fs::symlink(site.path(".env"), site.path("content/static/env.txt")).unwrap();
    // Links to folders that hold them: the site root, content/ and the folder itself.
    std::os::unix::fs::symlink(site.root(), site.path("content/static/up")).unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("content/static/content")).unwrap();
    std::os::unix::fs::symlink(site.path("content/static"), site.path("content/static/img/again")).unwrap();
    std::os::unix::fs::symlink(site.path("themes"), site.path("themes/default/static/themes")).unwrap();
    let build = site.build();
    build
        .expect_success()
        .expect_report("content/static/secret.txt")
        .expect_report("content/static/host")
        .expect_report("content/briefings/zero.md")
        .expect_report("content/static/notes.txt")
        .expect_report("content/static/env.txt")
        .expect_report("content/static/up")
        .expect_report("content/static/content")
        .expect_report("content/static/img/again")
        .expect_report("themes/default/static/themes")
        .expect_report("a folder that holds it");
    for leaked in ["secret.txt", "host", "notes.txt", "env.txt", "up", "content", "img/again", "themes"] {
        assert!(!site.has_page(leaked), "`{leaked}` was published");
    }
    assert_eq!(site.page("logo.svg"), "<svg/>", "a link inside content/ was not followed");
    assert_eq!(site.page("fonts/a.woff2"), "font", "a link into themes/ was not followed");
    // The preview publishes exactly the same files.
    let preview = Preview::start(site.root(), &[]);
    assert_eq!(preview.get("/logo.svg").text(), "<svg/>");
    assert_eq!(preview.get("/fonts/a.woff2").text(), "font");
    for leaked in ["/secret.txt", "/notes.txt", "/env.txt", "/up/", "/up/.env", "/content/static/logo.svg", "/themes/"]
    {
        assert_eq!(preview.get(leaked).status, 404, "the preview served {leaked}");
    }
}

#[test]
fn a_linked_markdown_file_inside_content_is_content_and_one_outside_is_skipped() {
    let site = small_site()
        .file(
            "content/briefings/archive/c.md",
            "---\ntitle: \"C\"\ndate: 2026-01-08\nsummary: \"C.\"\n---\n\nText C.\n",
        )
        .file("drafts/d.md", "---\ntitle: \"D\"\ndate: 2026-01-08\nsummary: \"D.\"\n---\n\nText D.\n");
    std::os::unix::fs::symlink(site.path("content/briefings/archive/c.md"), site.path("content/briefings/c.md"))
        .unwrap();
    std::os::unix::fs::symlink(site.path("drafts/d.md"), site.path("content/briefings/d.md")).unwrap();
    site.build().expect_success().expect_report("content/briefings/d.md");
    assert!(site.page("briefings/c/index.html").contains("Text C."));
    assert!(!site.has_page("briefings/d/index.html"), "a file outside content/ was published through a link");
}

#[test]
fn theme_names_that_are_paths_are_errors_at_their_line() {
    for theme in ["/etc", "../../../x", "a/b", ".."] {
        let site = small_site().file(
            "content/site.yaml",
            &format!("title: Test Briefings\nbase_url: https://example.org/\ntheme: \"{theme}\"\n"),
        );
        site.build()
            .expect_failure()
            .expect_report("content/site.yaml:3:")
            .expect_report("is not a theme name")
            .expect_report("themes/");
        assert!(!site.path("public").exists());
    }
}

#[test]
fn a_link_inside_the_output_folder_is_replaced_not_written_through() {
    let site = small_site();
    site.build().expect_success();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("keep.txt"), "outside").unwrap();
    std::fs::remove_dir_all(site.path("public/briefings")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("public/briefings")).unwrap();
    std::fs::remove_file(site.path("public/index.html")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("keep.txt"), site.path("public/index.html")).unwrap();
    site.build().expect_success();
    assert!(std::fs::symlink_metadata(site.path("public/briefings")).unwrap().is_dir());
    assert!(std::fs::symlink_metadata(site.path("public/index.html")).unwrap().is_file());
    assert!(site.page("briefings/a/index.html").contains("About"));
    let outside_files: Vec<_> = std::fs::read_dir(outside.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(outside_files, ["keep.txt"], "the build wrote through a link");
    assert_eq!(std::fs::read_to_string(outside.path().join("keep.txt")).unwrap(), "outside");
}

#[test]
fn special_files_are_errors_that_say_what_they_are_and_never_hang() {
    let fifo = |site: &TestSite, path: &str| {
        let path = site.path(path);
        let _ = std::fs::remove_file(&path);
        rustix::fs::mknodat(rustix::fs::CWD, &path, rustix::fs::FileType::Fifo, rustix::fs::Mode::RWXU, 0)
            .expect("make a named pipe");
    };
    let site = small_site();
    fifo(&site, "content/site.yaml");
    site.build_cli(&[]).expect_code(1).expect_stderr("content/site.yaml: it is a named pipe, not a file");

    let site = small_site();
    fifo(&site, "content/briefings/pipe.md");
    site.build_cli(&[]).expect_code(1).expect_stderr("content/briefings/pipe.md: this is a named pipe, not a file");

    let site = small_site();
    std::fs::remove_file(site.path("content/site.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", site.path("content/site.yaml")).unwrap();
    site.build_cli(&[]).expect_code(1).expect_stderr("content/site.yaml: it is a device, not a file");
    assert!(!site.path("public").exists());
}

#[test]
fn a_file_over_the_size_cap_is_an_error() {
    let site = small_site().file("content/pages/huge.md", "");
    let file = std::fs::OpenOptions::new().write(true).open(site.path("content/pages/huge.md")).unwrap();
    file.set_len(17 * 1024 * 1024).unwrap(); // sparse: no disk used
    site.build().expect_failure().expect_report("content/pages/huge.md: it is 17 MiB, more than the 16 MiB");
}

#[test]
fn a_stylesheet_over_the_size_cap_is_an_error_on_it_not_a_version_made_of_nothing() {
    // Its `?v=` version is its hash: reading it happens before any page is made.
    let site = small_site().file("content/static/css/site.css", "");
    let file = std::fs::OpenOptions::new().write(true).open(site.path("content/static/css/site.css")).unwrap();
    file.set_len((1 << 30) + 1).unwrap(); // sparse: no disk used
    site.check()
        .expect_failure()
        .expect_report("error[E002]: content/static/css/site.css: it is 1025 MiB, more than the 1024 MiB")
        .expect_report("help: split it into smaller files");
}

#[test]
fn a_stylesheet_that_cannot_be_read_is_an_error_on_it() {
    if is_root() {
        return notice("root reads a file whatever its mode; the size-cap test covers this as root");
    }
    let site = small_site().file("content/static/css/site.css", "body { color: red; }\n");
    set_mode(&site.path("content/static/css/site.css"), 0o000);
    let check = site.check();
    set_mode(&site.path("content/static/css/site.css"), 0o644);
    check
        .expect_failure()
        .expect_report("error[E002]: content/static/css/site.css: Permission denied")
        .expect_report("help: check that the file is readable");
}

#[test]
fn well_known_is_published_and_check_lists_the_hidden_files_left_out() {
    let site = small_site()
        .file("content/static/.well-known/security.txt", "Contact: mailto:security@example.org\n")
        .file("content/static/.htaccess", "deny from all\n")
        .file("content/static/img/.DS_Store", "x");
    site.build().expect_success();
    assert_eq!(site.page(".well-known/security.txt"), "Contact: mailto:security@example.org\n");
    assert!(!site.has_page(".htaccess") && !site.has_page("img/.DS_Store"));
    site.check_cli(&[])
        .expect_success()
        .expect_stdout("Skipped 2 hidden files")
        .expect_stdout("content/static/.htaccess")
        .expect_stdout("content/static/img/.DS_Store");
}

// ---------------------------------------------------------------------------------------------
// All or nothing

/// A site whose next build changes, adds and removes files, and turns a file into a folder.
fn changing_site() -> TestSite {
    let site = small_site().file("content/pages/about.md", "---\ntitle: About\nsummary: Us.\n---\n\nWho we are.\n");
    site.build().expect_success();
    site
}

fn change(site: &TestSite) {
    site.remove("content/pages/about.md");
    site.write("content/briefings/a.md", b"---\ntitle: \"A, renamed\"\ndate: 2026-01-07\nsummary: \"A.\"\norganizations: [foc]\n---\n\nNew text on [[foc]].\n");
    site.write(
        "content/briefings/d.md",
        b"---\ntitle: \"D\"\ndate: 2026-01-09\nsummary: \"D.\"\norganizations: [foc]\n---\n\nAdded.\n",
    );
}

/// The files a build of the site's current content gives, in a fresh folder.
fn expected(site: &TestSite) -> std::collections::BTreeMap<String, Vec<u8>> {
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("out");
    site.build_to(&site.options(), &out).expect_success();
    snapshot(&out)
}

#[test]
fn a_crash_at_any_step_of_a_commit_is_undone_or_finished_by_the_next_build() {
    let mut step = 0;
    loop {
        let site = changing_site();
        let old = site.snapshot();
        change(&site);
        let new = expected(&site);
        let root = site.root().to_string_lossy().into_owned();
        let crash = format!("crash:{step}");
        let run = Brief::new(&["build", "--root", &root]).in_dir(site.root()).env("BRIEF_FAULT_COMMIT", &crash).run();
        if run.code == 0 {
            assert_eq!(site.snapshot(), new);
            assert!(step > 5, "the commit had only {step} steps");
            break;
        }
        // The next build that fails still puts the previous site back, whole.
        site.write("content/briefings/broken.md", b"---\ntitle: [\n---\n");
        site.build().expect_failure().expect_report("content/briefings/broken.md");
        let now = site.snapshot();
        assert!(now == old || now == new, "after a crash at step {step} public/ is mixed");
        if step < 3 {
            assert!(now == old, "a crash at step {step}, before the record, was not undone");
        }
        assert!(!site.path("public/.brief/journal").exists());
        site.remove("content/briefings/broken.md");
        site.build().expect_success();
        assert_eq!(site.snapshot(), new, "the build after a crash at step {step}");
        step += 1;
    }
}

#[test]
fn a_failing_step_midway_leaves_the_previous_site_byte_for_byte() {
    let site = changing_site();
    let old = site.snapshot();
    change(&site);
    let folder = site.path("public/briefings/a");
    if is_root() {
        // Root ignores folder permissions; an immutable file cannot be moved by anyone.
        let status = std::process::Command::new("chattr").arg("+i").arg(folder.join("index.html")).status();
        if !status.is_ok_and(|s| s.success()) {
            assert!(!in_ci(), "chattr +i failed in CI");
            return notice("chattr +i is not available here");
        }
    } else {
        set_mode(&folder, 0o555);
    }
    let run = site.build_cli(&[]);
    if is_root() {
        let _ = std::process::Command::new("chattr").arg("-i").arg(folder.join("index.html")).status();
    } else {
        set_mode(&folder, 0o755);
    }
    run.expect_code(1).expect_stderr("briefings/a");
    assert_eq!(site.snapshot(), old, "a failed commit left public/ mixed");
    assert!(!site.path("public/.brief/journal").exists());
    site.build().expect_success();
    assert_eq!(site.snapshot(), expected(&site));
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn an_output_folder_whose_parent_is_not_writable_still_builds() {
    // Staging happens inside the output folder, never beside it: the same reason a mount
    // point (a Docker volume) works.
    if is_root() {
        return notice("root writes into any folder; the mount-point test covers this as root");
    }
    let site = small_site();
    site.build().expect_success();
    change_title(&site);
    set_mode(site.root(), 0o555);
    let build = site.build();
    set_mode(site.root(), 0o755);
    build.expect_success();
    assert!(site.page("briefings/a/index.html").contains("Retitled"));
}

fn change_title(site: &TestSite) {
    let text = std::fs::read_to_string(site.path("content/briefings/a.md")).unwrap();
    site.write("content/briefings/a.md", text.replace("Briefing a", "Retitled").as_bytes());
}

#[test]
fn a_mount_point_output_folder_builds() {
    if !is_root() {
        assert!(!in_ci() || is_root(), "CI runs as root");
        return notice("mounting a tmpfs needs root");
    }
    let site = small_site();
    let public = site.path("public");
    std::fs::create_dir_all(&public).unwrap();
    let mounted = std::process::Command::new("mount").args(["-t", "tmpfs", "tmpfs"]).arg(&public).status();
    if !mounted.is_ok_and(|s| s.success()) {
        assert!(!in_ci(), "mounting a tmpfs failed in CI");
        return notice("mount -t tmpfs failed");
    }
    let unmount = Unmount(public.clone());
    site.build().expect_success();
    change_title(&site);
    site.build().expect_success().written();
    assert!(site.page("briefings/a/index.html").contains("Retitled"));
    drop(unmount);
}

struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn two_builds_never_commit_into_one_folder_at_once() {
    let site = small_site();
    site.build().expect_success();
    let lock = std::fs::File::open(site.path("public/.brief/lock")).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive).unwrap();
    let before = site.snapshot();
    change_title(&site);
    site.build_cli(&[]).expect_code(2).expect_stderr("another brief build is writing into");
    assert_eq!(site.snapshot(), before);
    drop(lock);
    site.build().expect_success();
}
