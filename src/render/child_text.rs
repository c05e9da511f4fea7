//! Zola 0.23.0 is built with Tera 2.0 (which agora pins too), which
//! silently ignores whatever a child template (`{% extends %}`) holds
//! outside its blocks: text, `{{ … }}`, `{% set %}`, `{% if %}`… (later Tera
//! 2 minors refuse it). This blanks that content out before Tera 2 sees the
//! template, keeping every line and column where they were, so agora can
//! say where it was, and such sites build on any Tera 2. It knows Tera 2's
//! delimiters and nothing else of the engine.

/// What [`blank_outside_blocks`] changed in a template.
pub struct Blanked {
    /// The template with the content outside blocks replaced by spaces.
    pub source: String,
    /// Byte ranges blanked out, in order.
    pub spans: Vec<std::ops::Range<usize>>,
}

/// One piece of a template: text, or a `{{ }}`, `{% %}` or `{# #}` tag.
struct Piece<'a> {
    start: usize,
    end: usize,
    kind: Kind<'a>,
}

enum Kind<'a> {
    Text,
    /// A `{% … %}` tag, with its first word (`block`, `if`, `extends`…).
    Tag(&'a str),
    Expression,
    Comment,
}

/// The end (exclusive) of a tag opened at `from` and closed by `close`,
/// skipping quoted strings; `None` when it is never closed.
fn tag_end(source: &str, from: usize, close: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut i = from + 2;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' || b == b'`' => quote = Some(b),
            // Bytes, not `str`: `i` may be inside a multi-byte character.
            None if bytes[i..].starts_with(close.as_bytes()) => return Some(i + close.len()),
            None => {}
        }
        i += 1;
    }
    None
}

/// Splits `source` into text and tags; `{% raw %}…{% endraw %}` is text.
fn pieces(source: &str) -> Option<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut text_start = 0;
    while let Some(found) = source[pos..].find('{') {
        let at = pos + found;
        let close = match source.as_bytes().get(at + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                pos = at + 1;
                continue;
            }
        };
        if text_start < at {
            out.push(Piece {
                start: text_start,
                end: at,
                kind: Kind::Text,
            });
        }
        let end = if close == "#}" {
            at + source[at..].find("#}")? + 2
        } else {
            tag_end(source, at, close)?
        };
        let kind = match close {
            "}}" => Kind::Expression,
            "#}" => Kind::Comment,
            _ => {
                let inner = source[at + 2..end - 2].trim_matches(|c: char| c == '-' || c == '+');
                Kind::Tag(inner.split_whitespace().next().unwrap_or(""))
            }
        };
        let raw = matches!(kind, Kind::Tag("raw"));
        out.push(Piece {
            start: at,
            end,
            kind,
        });
        pos = end;
        if raw {
            // Everything up to and including `{% endraw %}` is text.
            let mut search = end;
            loop {
                let next = search + source[search..].find("{%")?;
                let tag_close = tag_end(source, next, "%}")?;
                let inner = source[next + 2..tag_close - 2].trim_matches(['-', '+']);
                search = tag_close;
                if inner.trim() == "endraw" {
                    out.push(Piece {
                        start: end,
                        end: tag_close,
                        kind: Kind::Text,
                    });
                    pos = tag_close;
                    break;
                }
            }
        }
        text_start = pos;
    }
    if text_start < source.len() {
        out.push(Piece {
            start: text_start,
            end: source.len(),
            kind: Kind::Text,
        });
    }
    Some(out)
}

/// Blanks out what a child template holds outside its blocks and component
/// definitions (as Tera 2.0 ignored it), or `None` when the template is not
/// a child, has nothing there, or cannot be split (Tera 2 then reports it).
pub fn blank_outside_blocks(source: &str) -> Option<Blanked> {
    let pieces = pieces(source)?;
    let extends = pieces
        .iter()
        .position(|p| matches!(p.kind, Kind::Tag("extends")))?;
    // Only comments and white space may come before `extends`.
    let before_ok = pieces[..extends].iter().all(|p| match p.kind {
        Kind::Comment => true,
        Kind::Text => source[p.start..p.end].trim().is_empty(),
        _ => false,
    });
    if !before_ok {
        return None;
    }
    let mut depth = 0usize;
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    for piece in &pieces[extends + 1..] {
        let blank = match piece.kind {
            Kind::Tag("block" | "component") => {
                depth += 1;
                false
            }
            Kind::Tag("endblock" | "endcomponent") => {
                depth = depth.saturating_sub(1);
                false
            }
            _ if depth > 0 => false,
            Kind::Comment => false,
            Kind::Text => !source[piece.start..piece.end].trim().is_empty(),
            Kind::Tag(_) | Kind::Expression => true,
        };
        if blank {
            // Spans start at what is ignored, not at the white space before it.
            let text = &source[piece.start..piece.end];
            let start = piece.start + (text.len() - text.trim_start().len());
            match spans.last_mut() {
                Some(last) if last.end == piece.start => last.end = piece.end,
                _ => spans.push(start..piece.end),
            }
        }
    }
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for span in &spans {
        out.push_str(&source[pos..span.start]);
        out.extend(
            source[span.clone()]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        pos = span.end;
    }
    out.push_str(&source[pos..]);
    Some(Blanked { source: out, spans })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(source: &str) -> Option<String> {
        blank_outside_blocks(source).map(|b| b.source)
    }

    #[test]
    fn text_and_tags_outside_blocks_become_spaces_in_place() {
        let src = "{% extends \"base.html\" %}\nHello {{ x }}\n{% set a = \"%}\" %}{% block main %}kept {{ y }}{% endblock main %}\n{% if z %}{% block b %}also{% endblock b %}{% endif %}";
        let out = blanked(src).unwrap();
        assert_eq!(out.len(), src.len());
        assert_eq!(out.lines().count(), src.lines().count());
        assert!(out.contains("{% block main %}kept {{ y }}{% endblock main %}"));
        assert!(out.contains("{% block b %}also{% endblock b %}"));
        assert!(!out.contains("Hello") && !out.contains("set a") && !out.contains("if z"));
        assert!(out.starts_with("{% extends \"base.html\" %}\n"));
    }

    #[test]
    fn letters_beyond_ascii_inside_tags_are_read_without_crashing() {
        // A non-breaking space and `é` inside tags, outside quotes.
        assert!(blanked("<p>{{\u{a0}x }}{{ é }}</p>").is_none());
        let out =
            blanked("{% extends \"b\" %}{{ é }}{% block a %}{{ ü }}{% endblock a %}").unwrap();
        assert!(out.contains("{% block a %}{{ ü }}{% endblock a %}") && !out.contains('é'));
    }

    #[test]
    fn parents_clean_children_and_raw_are_left_alone() {
        assert!(blanked("Hello {% block a %}{% endblock a %}").is_none());
        assert!(
            blanked("{% extends \"b\" %}\n{# note #}\n{% block a %}x{% endblock a %}\n").is_none()
        );
        let out = blanked("{% extends \"b\" %}{% raw %}{% block %}{% endraw %}").unwrap();
        assert!(!out.contains("raw") && !out.contains("block"));
        let out = blanked(
            "{% extends \"b\" %}{% block a %}{% raw %}{% endblock a %}{% endraw %}{% endblock a %}x",
        );
        assert!(out.unwrap().ends_with("{% endblock a %} "));
    }

    /// The pinned Tera 2 (Zola 0.23.0's 2.0) ignores what is outside blocks,
    /// as the blanked template does: both render the same.
    #[test]
    fn pinned_tera2_renders_the_original_as_the_blanked_template() {
        let parent = "<main>{% block main %}{% endblock main %}</main>";
        let child = "{% extends \"parent\" %}\nHello {{ who }}\n{% set x = 1 %}\n{% block main %}in{% endblock main %}";
        let load = |child: &str| {
            let mut tera = tera2::Tera::new();
            tera.add_raw_templates([("parent", parent), ("child", child)])
                .map(|_| tera)
        };
        let render = |child: &str| {
            load(child)
                .expect("Tera 2.0 loads it")
                .render("child", &tera2::Context::new())
                .unwrap()
        };
        assert_eq!(render(child), "<main>in</main>");
        assert_eq!(render(&blanked(child).unwrap()), "<main>in</main>");
    }
}
