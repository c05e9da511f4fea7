//! `get_image_metadata` and `resize_image`, with the image crate. Resized
//! images are cached, as in Zola, under the site's
//! `static/processed_images/`, named by a hash of the source bytes and the
//! operation, so an unchanged image is never processed twice; the static
//! copy then brings them into the output.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use serde_json::{Value, json};
use sha2::Digest;

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
    WebP,
}

impl Encoding {
    fn parse(format: &str, lossy_source: bool, quality: Option<u8>) -> Result<Encoding, String> {
        let format = match format {
            "auto" if lossy_source => "jpg",
            "auto" => "png",
            other => other,
        };
        match format {
            "jpg" | "jpeg" => {
                let q = quality.unwrap_or(75);
                if !(1..=100).contains(&q) {
                    return Err(format!("resize_image: jpg quality must be 1 to 100, got {q}"));
                }
                Ok(Encoding::Jpeg(q))
            }
            "png" => Ok(Encoding::Png),
            "webp" => Ok(Encoding::WebP),
            "avif" => Err(
                "resize_image: agora cannot write AVIF yet; use format=\"webp\", \"jpg\", \"png\" or \"auto\"".into(),
            ),
            other => Err(format!(
                "resize_image: unknown format `{other}` (auto, jpg, png or webp)"
            )),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Encoding::Jpeg(_) => "jpg",
            Encoding::Png => "png",
            Encoding::WebP => "webp",
        }
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

fn decode_upright(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img)
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
        let quality = arg_u32(args, "quality")?.map(|q| q.min(255) as u8);
        let format = arg_str(args, "format")?.unwrap_or("auto");
        let file = self.image_file(path, "resize_image")?;
        let bytes = crate::fs::read(&file).map_err(|e| e.to_string())?;
        let (w, h, source_format) =
            image_size(&bytes).map_err(|e| format!("resize_image: `{path}`: {e}"))?;
        let encoding = Encoding::parse(format, source_format == ImageFormat::Jpeg, quality)?;
        let plan = operation.plan((w, h));

        let mut hasher = sha2::Sha256::new();
        hasher.update(&bytes);
        hasher.update(format!("{operation:?}{encoding:?}").as_bytes());
        let hash = super::functions::hex(&hasher.finalize());
        let stem = Path::new(path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "image".into());
        let name = format!("{stem}.{}.{}", &hash[..16], encoding.extension());
        let target = self.root.join("static").join(PROCESSED_IMAGES).join(&name);
        if !target.is_file() {
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
        let (rw, rh) = plan.resize.unwrap_or((w, h));
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

fn process(bytes: &[u8], plan: Plan, encoding: Encoding) -> Result<Vec<u8>, String> {
    let mut img = decode_upright(bytes)?;
    if let Some((x, y, cw, ch)) = plan.crop {
        img = img.crop_imm(x, y, cw, ch);
    }
    if let Some((rw, rh)) = plan.resize {
        img = img.resize_exact(rw, rh, image::imageops::FilterType::Lanczos3);
    }
    let mut out = Cursor::new(Vec::new());
    match encoding {
        Encoding::Jpeg(q) => {
            let rgb = img.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q)
                .encode_image(&rgb)
                .map_err(|e| e.to_string())?;
        }
        Encoding::Png => img
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|e| e.to_string())?,
        Encoding::WebP => img
            .to_rgba8()
            .write_to(&mut out, ImageFormat::WebP)
            .map_err(|e| e.to_string())?,
    }
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

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
