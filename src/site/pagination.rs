//! Pagination: the pagers of a paginated section or term listing (which
//! pages each shows, at which path). Templates see them through
//! `render::views::paginator_view`.

use crate::config::Config;

/// One page of a paginated listing.
#[derive(Debug, Clone)]
pub struct Pager {
    pub index: usize,
    pub pages: Vec<usize>,
    pub path: String,
    pub permalink: String,
}

/// Splits `pages` into pagers of `per_page`; pager 1 lives at `base_path`.
pub fn paginate(
    pages: &[usize],
    per_page: usize,
    base_path: &str,
    paginate_path: &str,
    config: &Config,
) -> Vec<Pager> {
    let per_page = per_page.max(1);
    let chunks: Vec<&[usize]> = if pages.is_empty() {
        vec![&[]]
    } else {
        pages.chunks(per_page).collect()
    };
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let path = if i == 0 {
                base_path.to_string()
            } else {
                format!("{base_path}{paginate_path}/{}/", i + 1)
            };
            Pager {
                index: i + 1,
                pages: chunk.to_vec(),
                permalink: config.make_permalink(&path),
                path,
            }
        })
        .collect()
}
