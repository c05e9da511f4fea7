//! Checking `base_url` (and `--base-url`): what forms are accepted and why
//! one is refused.

/// What `base_url` may be, for messages and the README.
pub const BASE_URL_FORMS: &str = "a base URL is an `http://` or `https://` URL with a host (`https://example.org`, `https://example.org/hub`, `http://127.0.0.1:8000`), a protocol-relative URL with a host (`//example.org/hub`), a `file://` URL (`file:///srv/hub`), or a path from the root of the server (`/`, `/hub`)";

/// Whether `url` is one of the forms of [`BASE_URL_FORMS`]; else why not.
pub fn check_base_url(url: &str) -> std::result::Result<(), String> {
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("it contains {}", describe_char(c)));
    }
    // `//host/path` (protocol-relative, as Zola accepts): checked as a URL.
    let rest = if let Some(rest) = url.strip_prefix("//") {
        rest
    } else if url.starts_with('/') || url.starts_with("file://") {
        return Ok(());
    } else {
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(
                "it has no `https://` (or `http://`, `file://`, `//`) and does not start with `/`"
                    .into(),
            );
        };
        if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
            return Err(format!(
                "the scheme `{scheme}` is not `http`, `https` or `file`"
            ));
        }
        rest
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((ip, port)) if ip.parse::<std::net::Ipv6Addr>().is_ok() => ("[v6]", port),
            _ => return Err(format!("`{authority}` is not an IPv6 address in brackets")),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, p),
            None => (authority, ""),
        }
    };
    if host.is_empty() {
        return Err("it names no host after `//`".into());
    }
    let host_ok = host == "[v6]"
        || host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        });
    if !host_ok {
        return Err(format!("`{host}` is not a host name"));
    }
    let port = port.strip_prefix(':').unwrap_or(port);
    if !port.is_empty() && port.parse::<u16>().is_err() {
        return Err(format!("`{port}` is not a port number"));
    }
    Ok(())
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        c => format!("the character U+{:04X}", c as u32),
    }
}
