mod common;
use common::TestSite;
use common::serve::Preview;

#[test]
fn the_preview_serves_the_home_page() {
    let site = TestSite::new().briefing("a", "", "Hello.\n");
    let preview = Preview::start(site.root(), &[]);
    let reply = preview.get("/");
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("/__brief/live.js"));
    assert!(!site.path("public").exists());
}
