use crate::common;
use common::TestSite;

#[test]
fn a_one_briefing_site_builds() {
    let site = TestSite::new().briefing("a", "", "Hello.\n");
    site.build().expect_success();
    assert!(site.page("briefings/a/index.html").contains("<h1>Briefing a</h1>"));
}
