//! `get_image_metadata` and `resize_image`, with the image crate (decoding,
//! Lanczos3 resizing, JPEG/PNG/AVIF encoding) and libwebp (lossy WebP), as
//! Zola 0.22 uses them, so that processed images are Zola's byte for byte. Resized images are cached, as in Zola, under the site's
//! `static/processed_images/`, with Zola 0.22's file names (see
//! [`processed_file_name`]), so a site switching tools keeps its image URLs
//! and an image is processed again only when its source is newer; the
//! static copy then brings them into the output.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use serde_json::{Value, json};
use std::hash::Hasher as _;

use super::functions::{Args, SiteData, arg_bool, arg_str};

/// Where resized images go, inside `static/` and in URLs.
pub const PROCESSED_IMAGES: &str = "processed_images";

/// A resize operation with its target size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    Scale(u32, u32),
    FitWidth(u32),
    FitHeight(u32),
    Fit(u32, u32),
    Fill(u32, u32),
}

/// What to do to the source: an optional crop (x, y, w, h), then an
/// optional resize to (w, h).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Plan {
    crop: Option<(u32, u32, u32, u32)>,
    resize: Option<(u32, u32)>,
}

fn proportional(part: u32, scaled: u32, whole: u32) -> u32 {
    ((part as u64 * scaled as u64) / whole.max(1) as u64) as u32
}

impl Operation {
    fn parse(op: &str, width: Option<u32>, height: Option<u32>) -> Result<Operation, String> {
        // Only the sizes the operation uses must be given, and not 0.
        let need = |v: Option<u32>, what: &str| match v {
            Some(0) => Err(format!(
                "resize_image: op=\"{op}\" needs a `{what}` above 0"
            )),
            Some(n) => Ok(n),
            None => Err(format!("resize_image: op=\"{op}\" needs `{what}`")),
        };
        Ok(match op {
            "scale" => Operation::Scale(need(width, "width")?, need(height, "height")?),
            "fit_width" => Operation::FitWidth(need(width, "width")?),
            "fit_height" => Operation::FitHeight(need(height, "height")?),
            "fit" => Operation::Fit(need(width, "width")?, need(height, "height")?),
            "fill" => Operation::Fill(need(width, "width")?, need(height, "height")?),
            other => {
                return Err(format!(
                    "resize_image: unknown op `{other}` (fill, scale, fit_width, fit_height or fit)"
                ));
            }
        })
    }

    /// The crop and resize that give this operation's result for an image of `(w, h)`.
    fn plan(self, (w, h): (u32, u32)) -> Plan {
        let resize = |size| Plan {
            crop: None,
            resize: Some(size),
        };
        match self {
            Operation::Scale(tw, th) => resize((tw, th)),
            Operation::FitWidth(tw) => resize((tw, proportional(h, tw, w))),
            Operation::FitHeight(th) => resize((proportional(w, th, h), th)),
            Operation::Fit(tw, th) => {
                if w <= tw && h <= th {
                    Plan::default()
                } else if w as u64 * th as u64 > h as u64 * tw as u64 {
                    Operation::FitWidth(tw).plan((w, h))
                } else {
                    Operation::FitHeight(th).plan((w, h))
                }
            }
            Operation::Fill(tw, th) => {
                let (fw, fh) = (w as f32 / tw as f32, h as f32 / th as f32);
                // Nearly the same ratio: no crop.
                if (fw - fh).abs() <= 0.1 {
                    return resize((tw, th));
                }
                let crop = if fw < fh {
                    let ch = (fw * th as f32).round() as u32;
                    (0, (h - ch.min(h)) / 2, w, ch)
                } else {
                    let cw = (fh * tw as f32).round() as u32;
                    ((w - cw.min(w)) / 2, 0, cw, h)
                };
                Plan {
                    crop: Some(crop),
                    resize: Some((tw, th)),
                }
            }
        }
    }
}

/// An output encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Jpeg(u8),
    Png,
    /// Lossless without a quality, as in Zola.
    WebP(Option<u8>),
    Avif {
        quality: u8,
        speed: u8,
    },
}

/// Whether Zola takes a source format for lossy (`format="auto"` then
/// gives JPEG): everything but the lossless formats, unknown ones included.
fn is_lossy(format: Option<ImageFormat>) -> bool {
    use ImageFormat::*;
    !matches!(
        format.unwrap_or(Jpeg),
        Png | Pnm | Tiff | Tga | Bmp | Ico | Hdr | Farbfeld
    )
}

impl Encoding {
    fn parse(
        format: &str,
        lossy_source: bool,
        quality: Option<u8>,
        speed: Option<u8>,
    ) -> Result<Encoding, String> {
        let format = match format {
            "auto" if lossy_source => "jpg",
            "auto" => "png",
            other => other,
        };
        let within = |what: &str, v: u8, range: std::ops::RangeInclusive<u8>| {
            if range.contains(&v) {
                Ok(v)
            } else {
                Err(format!(
                    "resize_image: {what} must be {} to {}, got {v}",
                    range.start(),
                    range.end()
                ))
            }
        };
        match format {
            "jpg" | "jpeg" => Ok(Encoding::Jpeg(within(
                "jpg quality",
                quality.unwrap_or(75),
                1..=100,
            )?)),
            "png" => Ok(Encoding::Png),
            "webp" => Ok(Encoding::WebP(
                quality
                    .map(|q| within("webp quality", q, 0..=100))
                    .transpose()?,
            )),
            "avif" => Ok(Encoding::Avif {
                quality: within("avif quality", quality.unwrap_or(80), 1..=100)?,
                speed: within("avif speed", speed.unwrap_or(5), 1..=10)?,
            }),
            other => Err(format!(
                "resize_image: unknown format `{other}` (auto, jpg, png, webp or avif)"
            )),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Encoding::Jpeg(_) => "jpg",
            Encoding::Png => "png",
            Encoding::WebP(_) => "webp",
            Encoding::Avif { .. } => "avif",
        }
    }

    /// Quality and speed as Zola names files by them, -1 when unused.
    fn quality_and_speed(self) -> (i16, i16) {
        match self {
            Encoding::Jpeg(q) => (q.into(), -1),
            Encoding::Png | Encoding::WebP(None) => (-1, -1),
            Encoding::WebP(Some(q)) => (q.into(), -1),
            Encoding::Avif { quality, speed } => (quality.into(), speed.into()),
        }
    }
}

/// The file name Zola 0.22 gives a resized image, so that sites keep their
/// image URLs: `<stem>.<hash>.<ext>`, the hash being 16 hex digits of
/// SipHash-1-3 with zero keys over the path as written in the template (a
/// leading `/` dropped, `@/` read as `content/`), the operation (its number
/// in Zola's list, as 8 little-endian bytes, then its sizes as 4 each) and
/// the encoding (extension, quality and speed as 2 bytes each, -1 unused).
fn processed_file_name(source: &str, stem: &str, op: Operation, encoding: Encoding) -> String {
    let mut hasher = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    hasher.write(source.as_bytes());
    let (number, sizes): (i64, &[u32]) = match &op {
        Operation::Scale(w, h) => (0, &[*w, *h]),
        Operation::FitWidth(w) => (1, &[*w]),
        Operation::FitHeight(h) => (2, &[*h]),
        Operation::Fit(w, h) => (3, &[*w, *h]),
        Operation::Fill(w, h) => (4, &[*w, *h]),
    };
    hasher.write(&number.to_le_bytes());
    for size in sizes {
        hasher.write(&size.to_le_bytes());
    }
    let (quality, speed) = encoding.quality_and_speed();
    hasher.write(encoding.extension().as_bytes());
    hasher.write(&quality.to_le_bytes());
    hasher.write(&speed.to_le_bytes());
    format!("{stem}.{:016x}.{}", hasher.finish(), encoding.extension())
}

/// The path of the source as Zola hashes it.
fn source_as_written(path: &str) -> String {
    if path.starts_with("@/") {
        path.replace("@/", "content/")
    } else {
        path.trim_start_matches('/').to_string()
    }
}

fn arg_u32(args: &Args, name: &str) -> Result<Option<u32>, String> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        // A float without a fraction counts (Tera 2's `round` gives floats).
        Some(v) => v
            .as_u64()
            .or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
                    .map(|f| f as u64)
            })
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| format!("argument `{name}` must be a positive whole number, got `{v}`")),
    }
}

/// The decoded size of an image, turned as its EXIF orientation says.
fn image_size(bytes: &[u8]) -> Result<(u32, u32, ImageFormat), String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader.format().ok_or("unknown image format")?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    let turned = decoder
        .orientation()
        .map(|o| {
            matches!(
                o,
                image::metadata::Orientation::Rotate90
                    | image::metadata::Orientation::Rotate270
                    | image::metadata::Orientation::Rotate90FlipH
                    | image::metadata::Orientation::Rotate270FlipH
            )
        })
        .unwrap_or(false);
    Ok(if turned {
        (h, w, format)
    } else {
        (w, h, format)
    })
}

/// The image turned upright, with its colour profile (ICC) if it has one.
fn decode_upright(bytes: &[u8]) -> Result<(DynamicImage, Option<Vec<u8>>), String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().ok();
    let profile = decoder.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok((img, profile))
}

/// Width and height of an AVIF from its first image spatial extent
/// (`ispe`) property, the primary image's in the files encoders write.
/// The image crate reads no AVIF without the native dav1d decoder.
fn avif_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let at = bytes.windows(4).position(|w| w == b"ispe")?;
    let word = |i: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(i..i + 4)?.try_into().ok()?))
    };
    // box type, then version and flags (4 bytes), width, height
    Some((word(at + 8)?, word(at + 12)?))
}

/// `{width, height}` of an SVG from its root attributes or its viewBox.
fn svg_size(text: &str) -> Option<(f64, f64)> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event().ok()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.local_name().as_ref() == "svg" =>
            {
                let attr = |name: &str| {
                    e.try_get_attribute(name).ok().flatten().and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                };
                let number = |s: String| s.trim_end_matches("px").trim().parse::<f64>().ok();
                let view_box: Option<Vec<f64>> = attr("viewBox").map(|v| {
                    v.split([' ', ','])
                        .filter_map(|n| n.trim().parse().ok())
                        .collect()
                });
                let w = attr("width")
                    .and_then(number)
                    .or_else(|| view_box.as_ref()?.get(2).copied());
                let h = attr("height")
                    .and_then(number)
                    .or_else(|| view_box.as_ref()?.get(3).copied());
                return Some((w?, h?));
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

impl SiteData {
    fn image_file(&self, path: &str, func: &str) -> Result<PathBuf, String> {
        self.find_file(path).ok_or_else(|| {
            format!(
                "{func}: `{path}` does not exist (looked in the site root, static/, content/, the output folder and the theme's static/)"
            )
        })
    }

    pub(super) fn get_image_metadata(&self, args: &Args) -> Result<Value, String> {
        let path =
            arg_str(args, "path")?.ok_or("`get_image_metadata` needs the argument `path`")?;
        let allow_missing = arg_bool(args, "allow_missing", false)?;
        let file = match self.image_file(path, "get_image_metadata") {
            Ok(f) => f,
            Err(_) if allow_missing => return Ok(Value::Null),
            Err(e) => return Err(e),
        };
        let bytes = crate::fs::read(&file).map_err(|e| e.to_string())?;
        if file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
        {
            let text = String::from_utf8_lossy(&bytes);
            let (w, h) = svg_size(&text)
                .ok_or_else(|| format!("get_image_metadata: `{path}`: no size in the SVG"))?;
            return Ok(
                json!({"width": w.round() as u64, "height": h.round() as u64, "format": "svg", "mime": "image/svg+xml"}),
            );
        }
        if bytes.get(4..8) == Some(&b"ftyp"[..]) && bytes.get(8..12) == Some(&b"avif"[..]) {
            let (w, h) = avif_size(&bytes)
                .ok_or_else(|| format!("get_image_metadata: `{path}`: no size in the AVIF"))?;
            return Ok(json!({"width": w, "height": h, "format": "avif", "mime": "image/avif"}));
        }
        let (w, h, format) =
            image_size(&bytes).map_err(|e| format!("get_image_metadata: `{path}`: {e}"))?;
        Ok(json!({
            "width": w,
            "height": h,
            "format": format.extensions_str().first().copied().unwrap_or(""),
            "mime": format.to_mime_type(),
        }))
    }

    pub(super) fn resize_image(&self, args: &Args) -> Result<Value, String> {
        let path = arg_str(args, "path")?.ok_or("`resize_image` needs the argument `path`")?;
        let op = arg_str(args, "op")?.unwrap_or("fill");
        let operation = Operation::parse(op, arg_u32(args, "width")?, arg_u32(args, "height")?)?;
        let small = |name: &str| -> Result<Option<u8>, String> {
            arg_u32(args, name)?
                .map(|v| {
                    u8::try_from(v)
                        .map_err(|_| format!("resize_image: `{name}` must be 0 to 255, got {v}"))
                })
                .transpose()
        };
        let (quality, speed) = (small("quality")?, small("speed")?);
        let format = arg_str(args, "format")?.unwrap_or("auto");
        let file = self.image_file(path, "resize_image")?;
        let bytes = crate::fs::read(&file).map_err(|e| e.to_string())?;
        let (w, h, source_format) =
            image_size(&bytes).map_err(|e| format!("resize_image: `{path}`: {e}"))?;
        let encoding = Encoding::parse(format, is_lossy(Some(source_format)), quality, speed)?;
        let plan = operation.plan((w, h));
        let (rw, rh) = plan.resize.unwrap_or((w, h));
        check_result_size((rw, rh), encoding)
            .map_err(|e| format!("resize_image: `{path}`: {e}"))?;

        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "unknown".into());
        let name = processed_file_name(&source_as_written(path), &stem, operation, encoding);
        let target = self.root.join("static").join(PROCESSED_IMAGES).join(&name);
        if !is_fresh(&target, &file) {
            let encoded = process(&bytes, plan, encoding)
                .map_err(|e| format!("resize_image: `{path}`: {e}"))?;
            // Written beside, then renamed: pages render in parallel.
            let tmp = target.with_extension(format!(
                "{}.tmp{:?}",
                encoding.extension(),
                std::thread::current().id()
            ));
            crate::fs::write(&tmp, &encoded).map_err(|e| e.to_string())?;
            crate::fs::rename(&tmp, &target).map_err(|e| e.to_string())?;
        }
        if let Ok(mut made) = self.session.processed_images.lock() {
            made.insert(name.clone());
        }
        Ok(json!({
            "url": self.config.make_permalink(&format!("{PROCESSED_IMAGES}/{name}")),
            "static_path": format!("static/{PROCESSED_IMAGES}/{name}"),
            "width": rw,
            "height": rh,
            "orig_width": w,
            "orig_height": h,
        }))
    }
}

/// The most pixels a resized image may have (a gigabyte as RGBA): more is
/// a typo in a template, not a photo, and would exhaust memory.
const MAX_PIXELS: u64 = 1 << 28;

/// Refuses a result no encoder can write (0 pixels, sides beyond the
/// format's limit) or too large to hold in memory, before any work.
fn check_result_size((w, h): (u32, u32), encoding: Encoding) -> Result<(), String> {
    if w == 0 || h == 0 {
        return Err(format!(
            "the result would be {w}x{h} pixels; ask for a larger size"
        ));
    }
    let max_side = match encoding {
        Encoding::WebP(_) => 16383,
        Encoding::Jpeg(_) | Encoding::Avif { .. } => 65535,
        Encoding::Png => u32::MAX,
    };
    if w > max_side || h > max_side {
        return Err(format!(
            "{w}x{h} pixels is too large for {}, whose sides are at most {max_side} pixels",
            encoding.extension()
        ));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "{w}x{h} pixels is too large (at most {MAX_PIXELS} pixels)"
        ));
    }
    Ok(())
}

/// Deletes the files of `static/processed_images/` that this build's
/// `resize_image` calls did not give, as Zola does after a build. Only
/// after a whole render without errors: then every call was made.
pub fn prune_processed_images(site: &SiteData) -> Result<(), String> {
    let folder = site.root.join("static").join(PROCESSED_IMAGES);
    if !folder.is_dir() {
        return Ok(());
    }
    let used = site.session.processed_images();
    for path in crate::fs::list_dir(&folder).map_err(|e| e.to_string())? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_file() && !used.contains(&name) {
            crate::fs::remove_file(&path).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Whether `target` exists and is not older than `source` (the name says
/// what was done, not to which bytes: an edited source is processed again).
fn is_fresh(target: &Path, source: &Path) -> bool {
    match (crate::fs::modified(target), crate::fs::modified(source)) {
        (Some(t), Some(s)) => t >= s,
        (Some(_), None) => true,
        _ => false,
    }
}

fn process(bytes: &[u8], plan: Plan, encoding: Encoding) -> Result<Vec<u8>, String> {
    let (mut img, profile) = decode_upright(bytes)?;
    if let Some((x, y, cw, ch)) = plan.crop {
        img = img.crop_imm(x, y, cw, ch);
    }
    if let Some((rw, rh)) = plan.resize {
        img = resize(&img, rw, rh)?;
    }
    let mut out = Cursor::new(Vec::new());
    // The source's colour profile goes along where the format keeps one
    // (JPEG, PNG, lossless WebP), as in Zola; lossy WebP and AVIF drop it.
    let keep_profile = |encoder: &mut dyn image::ImageEncoder| {
        if let Some(p) = &profile {
            let _ = encoder.set_icc_profile(p.clone());
        }
    };
    match encoding {
        Encoding::Jpeg(q) => {
            let rgb = img.to_rgb8();
            let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q);
            keep_profile(&mut encoder);
            encoder.encode_image(&rgb).map_err(|e| e.to_string())?;
        }
        Encoding::Png => {
            let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
            keep_profile(&mut encoder);
            img.write_with_encoder(encoder).map_err(|e| e.to_string())?;
            if let Some(p) = &profile {
                return Ok(recompress_iccp(out.into_inner(), p));
            }
        }
        Encoding::WebP(None) if profile.is_some() => {
            // The image crate's lossless encoder keeps the profile; libwebp's does not.
            let mut encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            keep_profile(&mut encoder);
            // As Zola: the pixels as decoded (RGB stays RGB); what the
            // encoder cannot take (16-bit, float) becomes 8-bit.
            let img = match img.color() {
                image::ColorType::L8
                | image::ColorType::La8
                | image::ColorType::Rgb8
                | image::ColorType::Rgba8 => img,
                c if c.has_alpha() => DynamicImage::ImageRgba8(img.to_rgba8()),
                _ => DynamicImage::ImageRgb8(img.to_rgb8()),
            };
            img.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
        Encoding::WebP(quality) => {
            // libwebp takes 8-bit RGB or RGBA.
            let (w, h) = (img.width(), img.height());
            let pixels;
            let encoder = if img.color().has_alpha() {
                pixels = img.to_rgba8().into_raw();
                webp::Encoder::from_rgba(&pixels, w, h)
            } else {
                pixels = img.to_rgb8().into_raw();
                webp::Encoder::from_rgb(&pixels, w, h)
            };
            let memory = match quality {
                Some(q) => encoder.encode(f32::from(q)),
                None => encoder.encode_lossless(),
            };
            return Ok(memory.to_vec());
        }
        Encoding::Avif { quality, speed } => return encode_avif(&img, quality, speed),
    }
    Ok(out.into_inner())
}

/// The PNG with its `iCCP` chunk (the colour profile) compressed as in
/// Zola's build: zlib level 6 by miniz_oxide. In agora flate2 runs on
/// zlib-rs (the e-books' zip writer turns it on), which compresses the same
/// profile into other bytes. Anything unexpected leaves the PNG as it is.
fn recompress_iccp(png: Vec<u8>, profile: &[u8]) -> Vec<u8> {
    const SIGNATURE: usize = 8;
    let mut at = SIGNATURE;
    while at + 12 <= png.len() {
        let len = u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]) as usize;
        let Some(end) = (at + 12).checked_add(len).filter(|e| *e <= png.len()) else {
            return png;
        };
        if &png[at + 4..at + 8] == b"iCCP" {
            let data = &png[at + 8..at + 8 + len];
            let Some(nul) = data.iter().position(|b| *b == 0) else {
                return png;
            };
            let mut chunk = b"iCCP".to_vec();
            chunk.extend_from_slice(&data[..nul + 2]);
            chunk.extend(miniz_oxide::deflate::compress_to_vec_zlib(profile, 6));
            let mut out = Vec::with_capacity(png.len());
            out.extend_from_slice(&png[..at]);
            out.extend_from_slice(&((chunk.len() - 4) as u32).to_be_bytes());
            out.extend_from_slice(&chunk);
            out.extend_from_slice(&crc32fast::hash(&chunk).to_be_bytes());
            out.extend_from_slice(&png[end..]);
            return out;
        }
        at = end;
    }
    png
}

/// Lanczos3 as Zola resizes (the image crate's `resize_exact`, straight
/// alpha), so that resized images are Zola's byte for byte.
fn resize(img: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, String> {
    Ok(img.resize_exact(width, height, image::imageops::FilterType::Lanczos3))
}

#[cfg(feature = "avif")]
fn encode_avif(img: &DynamicImage, quality: u8, speed: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let encoder =
        image::codecs::avif::AvifEncoder::new_with_speed_quality(&mut out, speed, quality);
    img.write_with_encoder(encoder).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(not(feature = "avif"))]
fn encode_avif(_: &DynamicImage, _: u8, _: u8) -> Result<Vec<u8>, String> {
    Err("this agora was built without AVIF (cargo feature `avif`); use format=\"webp\", \"jpg\", \"png\" or \"auto\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_zolas() {
        // Names Zola 0.22.1 gave (tests/fixtures/parity/imageops/zola-0.22.1.txt).
        let name =
            |src: &str, op, enc| processed_file_name(&source_as_written(src), "photo", op, enc);
        assert_eq!(
            name(
                "img/photo.jpg",
                Operation::Fill(120, 90),
                Encoding::Jpeg(75)
            ),
            "photo.11dd58b651e73f44.jpg"
        );
        assert_eq!(
            name("/img/photo.jpg", Operation::Fit(64, 64), Encoding::Jpeg(75)),
            "photo.795880e9262d11e4.jpg"
        );
        assert_eq!(
            name(
                "img/photo.jpg",
                Operation::Fill(120, 90),
                Encoding::Avif {
                    quality: 40,
                    speed: 9
                }
            ),
            "photo.74451dcb66be19f7.avif"
        );
    }

    #[test]
    fn plans_match_zola_sizes() {
        let size = (1000, 500);
        assert_eq!(Operation::Scale(10, 20).plan(size).resize, Some((10, 20)));
        assert_eq!(Operation::FitWidth(300).plan(size).resize, Some((300, 150)));
        assert_eq!(
            Operation::FitHeight(100).plan(size).resize,
            Some((200, 100))
        );
        assert_eq!(Operation::Fit(300, 300).plan(size).resize, Some((300, 150)));
        assert_eq!(Operation::Fit(2000, 2000).plan(size), Plan::default());
        let fill = Operation::Fill(100, 100).plan(size);
        assert_eq!(fill.crop, Some((250, 0, 500, 500)));
        assert_eq!(fill.resize, Some((100, 100)));
    }
}
