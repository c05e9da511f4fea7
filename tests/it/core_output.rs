//! Output is swapped in atomically and unchanged files are not rewritten.

use std::os::unix::fs::MetadataExt;

use crate::harness::TestSite;

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let site = TestSite::fixture("core/basic");
    site.build().assert_ok();
    let before = site.read("blog/roundtable/index.html");
    site.write("content/blog/broken.md", "+++\ntitle = \n+++\n");
    site.build().assert_fails(1);
    assert_eq!(site.read("blog/roundtable/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("agora-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn unchanged_files_are_not_rewritten_and_removed_pages_disappear() {
    let site = TestSite::fixture("core/basic");
    site.write(
        "content/blog/gone.md",
        "+++\ntitle = \"Gone\"\ndate = 2010-01-01\n+++\n",
    );
    site.build().assert_ok();
    assert!(site.exists("blog/gone/index.html"));
    let ino = |rel: &str| std::fs::metadata(site.public(rel)).unwrap().ino();
    let about = ino("about-us/index.html");
    let third = ino("blog/third/index.html");
    site.write(
        "content/blog/third.md",
        "---\ntitle: Third edited\ndate: 2019-03-01\ntaxonomies:\n  tags: [Youth]\n---\nEdited.\n",
    );
    site.remove("content/blog/gone.md");
    site.build().assert_ok();
    assert_eq!(
        ino("about-us/index.html"),
        about,
        "an unchanged page keeps its file"
    );
    assert_ne!(
        ino("blog/third/index.html"),
        third,
        "an edited page is rewritten"
    );
    assert_eq!(
        site.html("blog/third/index.html").text("#title"),
        "Third edited"
    );
    assert!(
        !site.exists("blog/gone/index.html"),
        "a removed page leaves the output"
    );
}

#[test]
fn dotfiles_are_kept_when_asked() {
    let site = TestSite::fixture("core/basic");
    site.build().assert_ok();
    std::fs::write(site.public(".domains"), "x").unwrap();
    site.build().assert_ok();
    assert!(
        !site.exists(".domains"),
        "by default the output is replaced whole"
    );
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace(
            "title = \"Fixture\"",
            "title = \"Fixture\"\npreserve_dotfiles_in_output = true",
        ),
    );
    site.build().assert_ok();
    std::fs::write(site.public(".domains"), "x").unwrap();
    site.build().assert_ok();
    assert!(site.exists(".domains"));
}
