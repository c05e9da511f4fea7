//! The `AGORA_PROFILE` stage timer: how long each stage of a build took,
//! its CPU time and the memory in use after it, printed to stderr. A leaf:
//! it knows no stage, the stages only call [`Phases::mark`].

use std::time::Instant;

/// Prints how long each stage of a build took and the memory in use after it,
/// when `AGORA_PROFILE` is set: the profile behind the benchmark figures.
pub struct Phases {
    enabled: bool,
    started: Instant,
    last: Instant,
    last_cpu: f64,
}

/// CPU time (user + system) this process has used so far, in seconds (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is the 14th field.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

impl Phases {
    pub fn start() -> Phases {
        let now = Instant::now();
        Phases {
            enabled: std::env::var_os("AGORA_PROFILE").is_some(),
            started: now,
            last: now,
            last_cpu: 0.0,
        }
    }

    pub fn mark(&mut self, stage: &str) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_string())
                .unwrap_or_else(|| "?".into())
        };
        let cpu = cpu_seconds();
        eprintln!(
            "profile: {stage:<16} {:>8.0} ms  (total {:>8.0} ms)  cpu {:>8.0} ms  rss {:>12}  peak {:>12}",
            (now - self.last).as_secs_f64() * 1000.0,
            (now - self.started).as_secs_f64() * 1000.0,
            (cpu - self.last_cpu) * 1000.0,
            field("VmRSS:"),
            field("VmHWM:"),
        );
        self.last = now;
        self.last_cpu = cpu;
    }
}
