//! HTTP, for `load_data(url=…)` and the external links of `agora check`:
//! the only user of the HTTP client (ureq, blocking, rustls with the Mozilla
//! roots, so `https://` works wherever the network does). Nothing here knows
//! about sites or templates; callers add what was being done.
//!
//! `AGORA_OFFLINE` set to anything but `""` or `0` turns the network off:
//! every request fails at once with [`FetchError::Offline`], before any
//! connection is tried.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Whether the user turned the network off (`AGORA_OFFLINE`).
pub fn network_disabled() -> bool {
    std::env::var_os("AGORA_OFFLINE").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Why a request got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// `AGORA_OFFLINE` is set.
    Offline,
    /// No answer from the network: the name did not resolve, the host could
    /// not be reached or timed out. What an offline machine gives.
    Unreachable(String),
    /// The server answered with this status (after following redirects).
    Status(u16),
    /// Anything else: a bad URL, TLS, a broken or too large body.
    Other(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Offline => write!(f, "the network is off (AGORA_OFFLINE is set)"),
            FetchError::Unreachable(why) => write!(f, "no answer from the network: {why}"),
            FetchError::Status(code) => write!(f, "the server answered {}", status_text(*code)),
            FetchError::Other(why) => f.write_str(why),
        }
    }
}

/// `404 Not Found`, `301 Moved Permanently`…
pub fn status_text(code: u16) -> String {
    let reason = http_reason(code);
    if reason.is_empty() {
        code.to_string()
    } else {
        format!("{code} {reason}")
    }
}

fn http_reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

impl From<ureq::Error> for FetchError {
    fn from(e: ureq::Error) -> FetchError {
        use ureq::Timeout;
        match e {
            ureq::Error::StatusCode(code) => FetchError::Status(code),
            ureq::Error::HostNotFound => {
                FetchError::Unreachable("the host name does not resolve".into())
            }
            ureq::Error::ConnectionFailed => {
                FetchError::Unreachable("the connection failed".into())
            }
            ureq::Error::Timeout(t @ (Timeout::Resolve | Timeout::Connect)) => {
                FetchError::Unreachable(format!("timed out ({t})"))
            }
            ureq::Error::Io(io)
                if matches!(
                    io.kind(),
                    std::io::ErrorKind::NetworkUnreachable
                        | std::io::ErrorKind::HostUnreachable
                        | std::io::ErrorKind::NetworkDown
                ) =>
            {
                FetchError::Unreachable(io.to_string())
            }
            other => FetchError::Other(other.to_string()),
        }
    }
}

/// `GET` or `POST`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
}

/// One request, as `load_data` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Request {
    pub url: String,
    pub method: Method,
    /// Sent as they are, in order; `Accept` among them replaces the default.
    pub headers: Vec<(String, String)>,
    /// Sent with `POST` only.
    pub body: Option<String>,
    pub content_type: Option<String>,
}

/// What came back: the status, the URL after redirects, the body as text.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub final_url: String,
    pub body: String,
}

/// The largest body read (load_data files, pages checked for an anchor).
const BODY_LIMIT: u64 = 50 * 1024 * 1024;

/// A blocking client with timeouts, shared by threads.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
}

impl Default for Client {
    fn default() -> Client {
        Client::new()
    }
}

impl Client {
    pub fn new() -> Client {
        let config = ureq::Agent::config_builder()
            .user_agent(concat!("agora/", env!("CARGO_PKG_VERSION")))
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .max_redirects(10)
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    /// Sends the request and reads the answer, whatever its status.
    /// Redirects are followed.
    pub fn send(&self, request: &Request) -> Result<Response, FetchError> {
        if network_disabled() {
            return Err(FetchError::Offline);
        }
        let result = match request.method {
            Method::Get => {
                let mut call = self.agent.get(&request.url);
                for (name, value) in &request.headers {
                    call = call.header(name.as_str(), value.as_str());
                }
                call.call()
            }
            Method::Post => {
                let mut call = self.agent.post(&request.url);
                for (name, value) in &request.headers {
                    call = call.header(name.as_str(), value.as_str());
                }
                if let Some(ct) = &request.content_type {
                    call = call.content_type(ct.as_str());
                }
                match &request.body {
                    Some(body) => call.send(body.as_bytes()),
                    None => call.send_empty(),
                }
            }
        };
        let mut response = result?;
        let status = response.status().as_u16();
        let final_url = ureq::ResponseExt::get_uri(&response).to_string();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()?;
        Ok(Response {
            status,
            final_url,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    /// The body of a successful (2xx) answer, or why there is none.
    pub fn fetch_text(&self, request: &Request) -> Result<String, FetchError> {
        let response = self.send(request)?;
        if (200..300).contains(&response.status) {
            Ok(response.body)
        } else {
            Err(FetchError::Status(response.status))
        }
    }
}

/// One request's answer, filled by the first thread that asks.
type Answer = OnceLock<Result<String, FetchError>>;

/// Answers by request, each request sent once per build even when many
/// threads ask for it at the same time: the first asks, the others wait.
#[derive(Default)]
pub struct FetchCache {
    client: OnceLock<Client>,
    answers: Mutex<HashMap<Request, Arc<Answer>>>,
}

impl FetchCache {
    /// The body of `request`'s successful answer, fetched at most once.
    pub fn fetch_text(&self, request: &Request) -> Result<String, FetchError> {
        let slot = {
            let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
            answers.entry(request.clone()).or_default().clone()
        };
        slot.get_or_init(|| self.client.get_or_init(Client::new).fetch_text(request))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_answer_from_the_network_is_told_apart_from_an_answer() {
        let unreachable = |e| matches!(FetchError::from(e), FetchError::Unreachable(_));
        assert!(unreachable(ureq::Error::HostNotFound));
        assert!(unreachable(ureq::Error::Timeout(ureq::Timeout::Connect)));
        assert!(unreachable(ureq::Error::Io(std::io::Error::from(
            std::io::ErrorKind::NetworkUnreachable
        ))));
        // A refused connection is the host answering.
        assert!(!unreachable(ureq::Error::Io(std::io::Error::from(
            std::io::ErrorKind::ConnectionRefused
        ))));
        assert_eq!(
            FetchError::from(ureq::Error::StatusCode(404)).to_string(),
            "the server answered 404 Not Found"
        );
    }
}
