//! `resize_image` against Zola 0.22.1: every operation in every format,
//! file names as Zola gives them, sizes and formats read back from the files.

use crate::harness::TestSite;

/// `(source, op, format, size, file name)` per `<img>` of the fixture's home page.
fn rows(lines: impl Iterator<Item = String>) -> Vec<[String; 5]> {
    lines
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<String> = l.split('\t').map(str::to_string).collect();
            cells.try_into().expect("five cells")
        })
        .collect()
}

/// The format a file's bytes say it is in.
fn sniff(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpg"
    } else if bytes.starts_with(b"\x89PNG") {
        "png"
    } else if bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        "webp"
    } else if &bytes[4..12] == b"ftypavif" {
        "avif"
    } else {
        "unknown"
    }
}

/// Width and height of an AVIF file, from its `ispe` box.
fn avif_size(bytes: &[u8]) -> (u32, u32) {
    let at = bytes
        .windows(4)
        .position(|w| w == b"ispe")
        .expect("an ispe box");
    let word = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
    (word(at + 8), word(at + 12))
}

#[test]
fn resize_image_names_sizes_and_formats_are_zolas() {
    let site = TestSite::fixture("parity/imageops");
    site.build().assert_ok();
    let page = site.html("index.html");
    let ours: Vec<[String; 5]> = rows(
        page.attrs("img", "data-src")
            .into_iter()
            .zip(page.attrs("img", "data-op"))
            .zip(page.attrs("img", "data-format"))
            .zip(page.attrs("img", "data-size"))
            .zip(page.attrs("img", "src"))
            .map(|((((src, op), format), size), url)| {
                let name = url.rsplit('/').next().expect("a name").to_string();
                format!("{src}\t{op}\t{format}\t{size}\t{name}")
            }),
    );
    let zola = rows(
        site.read_source("zola-0.22.1.txt")
            .lines()
            .map(str::to_string),
    );
    assert_eq!(ours.len(), 60);
    assert_eq!(ours, zola);

    for [src, op, format, size, name] in &ours {
        let bytes = std::fs::read(site.public(&format!("processed_images/{name}")))
            .unwrap_or_else(|e| panic!("{name} is in the output: {e}"));
        assert!(
            site.root
                .join("static/processed_images")
                .join(name)
                .is_file(),
            "{name} is kept in static/ as Zola keeps it"
        );
        let ext = name.rsplit('.').next().expect("an extension");
        assert_eq!(sniff(&bytes), ext, "{src} {op} {format}");
        let (w, h) = if ext == "avif" {
            avif_size(&bytes)
        } else {
            let img = image::load_from_memory(&bytes).expect("readable");
            (img.width(), img.height())
        };
        assert_eq!(&format!("{w}x{h}"), size, "{src} {op} {format}");
        if ext == "webp" {
            // Lossy (VP8) when a quality is given, lossless (VP8L) otherwise.
            let lossy = &bytes[12..16] == b"VP8 ";
            assert_eq!(lossy, format.contains(" q"), "{src} {format}");
        }
    }
    // auto: JPEG for a JPEG or a GIF source, PNG for a PNG one.
    let auto = |src: &str| {
        ours.iter()
            .find(|r| r[0] == src && r[2] == "auto")
            .map(|r| r[4].rsplit('.').next().expect("ext").to_string())
    };
    assert_eq!(auto("img/photo.jpg").as_deref(), Some("jpg"));
    assert_eq!(auto("img/wide.png").as_deref(), Some("png"));
    assert_eq!(auto("img/small.gif").as_deref(), Some("jpg"));
}

#[test]
fn resize_image_turns_images_upright_by_their_exif_orientation() {
    let site = TestSite::fixture("parity/imageops");
    site.write(
        "templates/index.html",
        r#"{% set r = resize_image(path="img/turned.jpg", width=10, op="fit_width", format="webp") %}{{ r.url }}"#,
    );
    site.build().assert_ok();
    // turned.jpg is stored 40x20, red left and blue right, with orientation 6:
    // upright it is 20x40, red on top.
    let img = image::open(site.public("processed_images/turned.d3c432ce0f8393e6.webp"))
        .expect("readable")
        .to_rgb8();
    assert_eq!(img.dimensions(), (10, 20));
    let top = img.get_pixel(5, 3);
    let bottom = img.get_pixel(5, 16);
    assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
}

#[test]
fn resize_image_processes_an_edited_source_again() {
    let site = TestSite::fixture("parity/imageops");
    site.write(
        "templates/index.html",
        r#"{% set r = resize_image(path="img/wide.png", width=20, height=10, op="scale", format="png") %}<img src="{{ r.url }}">"#,
    );
    site.build().assert_ok();
    let name = "processed_images/wide.png";
    let url = site.html("index.html").attr("img", "src");
    let file = url.rsplit('/').next().expect("name").to_string();
    assert!(
        file.starts_with("wide.") && file.ends_with(".png"),
        "{name}: {file}"
    );
    let before = image::open(site.public(&format!("processed_images/{file}")))
        .expect("readable")
        .to_rgb8();
    // A new source under the same path: same name (Zola's names do not
    // depend on the bytes), new pixels.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let green = image::RgbImage::from_pixel(40, 20, image::Rgb([0, 200, 0]));
    green
        .save(site.root.join("static/img/wide.png"))
        .expect("write png");
    site.build().assert_ok();
    let after = image::open(site.public(&format!("processed_images/{file}")))
        .expect("readable")
        .to_rgb8();
    assert_eq!(after.get_pixel(10, 5), &image::Rgb([0, 200, 0]));
    assert_ne!(before.get_pixel(10, 5), after.get_pixel(10, 5));
}

#[test]
fn resize_image_rejects_bad_quality_and_speed() {
    let site = TestSite::fixture("parity/imageops");
    for (args, message) in [
        (
            r#"format="avif", speed=11"#,
            "avif speed must be 1 to 10, got 11",
        ),
        (
            r#"format="webp", quality=101"#,
            "webp quality must be 0 to 100",
        ),
        (r#"format="jpg", quality=0"#, "jpg quality must be 1 to 100"),
        (r#"format="gif""#, "unknown format `gif`"),
    ] {
        site.write(
            "templates/index.html",
            &format!(r#"{{{{ resize_image(path="img/wide.png", width=20, height=10, {args}) }}}}"#),
        );
        let run = site.build();
        run.assert_fails(1);
        assert!(run.stderr().contains(message), "{args}: {}", run.stderr());
    }
}

#[test]
fn resize_image_refuses_sizes_no_encoder_takes_without_crashing() {
    let site = TestSite::fixture("parity/imageops");
    for (args, message) in [
        // 120x90 to 1 wide: 0 high.
        (
            r#"path="img/photo.jpg", width=1, op="fit_width", format="webp""#,
            "the result would be 1x0 pixels",
        ),
        (
            r#"path="img/wide.png", width=20000, height=20, op="scale", format="webp""#,
            "too large for webp",
        ),
        (
            r#"path="img/wide.png", width=70000, height=2, op="scale", format="jpg""#,
            "too large for jpg",
        ),
        (
            r#"path="img/wide.png", width=100000, height=100000, op="scale", format="png""#,
            "100000x100000 pixels is too large",
        ),
    ] {
        site.write(
            "templates/index.html",
            &format!("{{{{ resize_image({args}) }}}}"),
        );
        let run = site.build();
        run.assert_fails(1);
        let stderr = run.stderr();
        assert!(stderr.contains(message), "{args}: {stderr}");
        assert!(stderr.contains("templates/index.html"), "{args}: {stderr}");
    }
}

#[test]
fn image_metadata_of_an_avif_file() {
    let site = TestSite::fixture("parity/imageops");
    site.write(
        "templates/index.html",
        r#"{% set m = get_image_metadata(path="img/photo.avif") %}<p id="avif">{{ m.width }}x{{ m.height }} {{ m.format }} {{ m.mime }}</p>"#,
    );
    site.build().assert_ok();
    // What Zola 0.22.1 shows for the same file.
    assert_eq!(
        site.html("index.html").text("#avif"),
        "120x90 avif image/avif"
    );
}

#[test]
fn resized_images_no_page_uses_are_deleted_as_zola_does() {
    let site = TestSite::fixture("parity/imageops");
    let template = |w: u32| {
        format!(
            r#"{{% set r = resize_image(path="img/wide.png", width={w}, height=10, op="scale", format="png") %}}<img src="{{{{ r.url }}}}">"#
        )
    };
    site.write("templates/index.html", &template(20));
    site.build().assert_ok();
    let first = site.html("index.html").attr("img", "src");
    let first = first.rsplit('/').next().expect("a name").to_string();
    site.write("templates/index.html", &template(30));
    site.build().assert_ok();
    let second = site.html("index.html").attr("img", "src");
    let second = second.rsplit('/').next().expect("a name").to_string();
    assert_ne!(first, second);
    let kept = |name: &str| {
        site.root
            .join("static/processed_images")
            .join(name)
            .is_file()
    };
    assert!(!kept(&first), "the unused image is deleted from static/");
    assert!(!site.exists(&format!("processed_images/{first}")));
    assert!(kept(&second));
    assert!(site.exists(&format!("processed_images/{second}")));
}

#[test]
fn resized_images_keep_the_colour_profile_of_their_source() {
    use image::ImageDecoder;
    let site = TestSite::fixture("parity/imageops");
    site.write(
        "templates/index.html",
        r#"{% for f in ["jpg", "png", "webp"] %}{% set r = resize_image(path="img/profiled.jpg", width=20, height=15, op="scale", format=f) %}<img src="{{ r.url }}">{% endfor %}"#,
    );
    site.build().assert_ok();
    let source_profile = image::ImageReader::open(site.root.join("static/img/profiled.jpg"))
        .expect("open")
        .with_guessed_format()
        .expect("format")
        .into_decoder()
        .expect("decoder")
        .icc_profile()
        .expect("readable")
        .expect("the source has an sRGB profile");
    let urls = site.html("index.html").attrs("img", "src");
    assert_eq!(urls.len(), 3);
    for url in urls {
        let name = url.rsplit('/').next().expect("a name");
        let profile = image::ImageReader::open(site.public(&format!("processed_images/{name}")))
            .expect("open")
            .with_guessed_format()
            .expect("format")
            .into_decoder()
            .expect("decoder")
            .icc_profile()
            .expect("readable");
        assert_eq!(profile.as_ref(), Some(&source_profile), "{name}");
    }
}
