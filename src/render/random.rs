//! `get_random`, made reproducible: each page, feed or shortcode call draws
//! from a generator seeded by what is being rendered, so an unchanged site
//! builds byte for byte the same (and unchanged files are not rewritten),
//! while calls within one render still get different numbers. Zola draws
//! from the OS generator, so its output differs from build to build.

use serde_json::{Value, json};
use sha2::Digest;

use super::functions::Args;

/// Seeds this thread's `get_random` from `key` until dropped.
pub struct RandomScope(u64);

impl RandomScope {
    pub fn set(key: &str) -> RandomScope {
        let digest = sha2::Sha256::digest(key.as_bytes());
        let mut seed = [0u8; 8];
        seed.copy_from_slice(&digest[..8]);
        let seed = u64::from_le_bytes(seed);
        RandomScope(super::scope::with(|s| {
            std::mem::replace(&mut s.random, seed)
        }))
    }
}

impl Drop for RandomScope {
    fn drop(&mut self) {
        super::scope::with(|s| s.random = self.0);
    }
}

/// The next number of this thread's sequence (splitmix64).
fn next() -> u64 {
    super::scope::with(|s| {
        let x = s.random.wrapping_add(0x9E37_79B9_7F4A_7C15);
        s.random = x;
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

/// `get_random(start=0, end=…)`: an integer in `start..end`, as Tera's.
pub fn get_random(args: &Args) -> Result<Value, String> {
    let int = |name: &str| -> Result<Option<i64>, String> {
        match args.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| format!("`get_random`: `{name}` must be an integer, got `{v}`")),
        }
    };
    let start = int("start")?.unwrap_or(0);
    let end = int("end")?.ok_or("`get_random` needs the argument `end`")?;
    if end <= start {
        return Err(format!(
            "`get_random`: `end` ({end}) must be greater than `start` ({start})"
        ));
    }
    let span = (end as i128 - start as i128) as u128;
    Ok(json!(
        (start as i128 + (next() as u128 % span) as i128) as i64
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(key: &str) -> Vec<i64> {
        let _scope = RandomScope::set(key);
        let args: Args = serde_json::from_value(json!({"end": 100000})).unwrap();
        (0..3)
            .map(|_| get_random(&args).unwrap().as_i64().unwrap())
            .collect()
    }

    #[test]
    fn same_key_same_numbers_and_in_range() {
        let a = draw("blog/x/");
        assert_eq!(a, draw("blog/x/"));
        assert_ne!(a[0], a[1]);
        assert!(a.iter().all(|n| (0..100000).contains(n)));
        assert_ne!(a, draw("blog/y/"));
    }
}
