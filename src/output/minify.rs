//! `minify_html`: rendered HTML files are minified on their way to the sink,
//! as Zola does — every file agora renders whose name ends in `html` (pages,
//! sections, pagination, taxonomies, redirects, 404), never a copied static
//! file. Same minifier and settings as Zola 0.22: `<html>`/`<head>` opening
//! tags kept, CSS in `<style>` and `style=` minified, scripts left alone.

use crate::artifact::{OutputData, OutputFile, OutputSink};
use crate::error::Result;

/// Passes every file on to `inner`, rendered HTML minified.
pub struct MinifySink<'a> {
    pub inner: &'a dyn OutputSink,
}

impl OutputSink for MinifySink<'_> {
    fn accept(&self, mut file: OutputFile) -> Result<()> {
        if file.path.ends_with("html")
            && let OutputData::Bytes(bytes) = &file.data
        {
            file.data = OutputData::Bytes(minify_html(bytes));
        }
        self.inner.accept(file)
    }
}

/// Whether this agora was built with the minifier (the default `minify` feature).
pub const AVAILABLE: bool = cfg!(feature = "minify");

#[cfg(feature = "minify")]
fn minify_html(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = false;
    minify_html::minify(html, &cfg)
}

#[cfg(not(feature = "minify"))]
fn minify_html(html: &[u8]) -> Vec<u8> {
    html.to_vec()
}

#[cfg(all(test, feature = "minify"))]
mod tests {
    use super::*;

    #[test]
    fn keeps_pre_and_html_head_tags_and_drops_optional_end_tags() {
        let html = b"<!doctype html>\n<html>\n<head>\n  <title> T </title>\n</head>\n<body>\n  <p>a   b</p>\n<pre>  x\n  y</pre>\n</body>\n</html>\n";
        let out = String::from_utf8(minify_html(html)).unwrap();
        assert_eq!(
            out,
            "<!doctype html><html><head><title> T </title><body><p>a b<pre>  x\n  y</pre>"
        );
    }
}
