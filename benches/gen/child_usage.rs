//! Waiting for a child and reading what it used. On 64-bit Linux this calls
//! `wait4`, which reports the child's own CPU time and peak resident set
//! size; std alone cannot. The declaration below avoids a `libc` dependency.

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod imp {
    use std::io;
    use std::process::Child;
    use std::time::Duration;

    /// `struct timeval` on 64-bit Linux.
    #[repr(C)]
    #[derive(Default)]
    struct Timeval {
        seconds: i64,
        microseconds: i64,
    }

    /// `struct rusage` on 64-bit Linux: two timevals, then 14 longs, the
    /// first of which is `ru_maxrss` in KiB.
    #[repr(C)]
    #[derive(Default)]
    struct Rusage {
        user: Timeval,
        system: Timeval,
        max_rss_kib: i64,
        _rest: [i64; 13],
    }

    unsafe extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, usage: *mut Rusage) -> i32;
    }

    pub struct Waited {
        pub succeeded: bool,
        pub cpu: Option<Duration>,
        pub peak_rss_kib: Option<u64>,
    }

    pub fn wait(child: Child) -> io::Result<Waited> {
        let pid = i32::try_from(child.id()).map_err(io::Error::other)?;
        let mut status = 0;
        let mut usage = Rusage::default();
        loop {
            // SAFETY: `status` and `usage` are live, writable and laid out as
            // the C `int` and `struct rusage` that wait4 fills in; the pid is
            // our own child, not yet reaped (std only reaps in wait/try_wait,
            // which are never called on it).
            let reaped = unsafe { wait4(pid, &mut status, 0, &mut usage) };
            if reaped == pid {
                break;
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
        // Reaped above: dropping the handle neither waits nor kills.
        drop(child);
        let exited = status & 0x7f == 0;
        let code = (status >> 8) & 0xff;
        let time = |t: &Timeval| {
            Duration::from_secs(t.seconds as u64) + Duration::from_micros(t.microseconds as u64)
        };
        Ok(Waited {
            succeeded: exited && code == 0,
            cpu: Some(time(&usage.user) + time(&usage.system)),
            peak_rss_kib: Some(usage.max_rss_kib as u64),
        })
    }
}

/// Elsewhere: wall time only.
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
mod imp {
    use std::io;
    use std::process::Child;
    use std::time::Duration;

    pub struct Waited {
        pub succeeded: bool,
        pub cpu: Option<Duration>,
        pub peak_rss_kib: Option<u64>,
    }

    pub fn wait(mut child: Child) -> io::Result<Waited> {
        let status = child.wait()?;
        Ok(Waited {
            succeeded: status.success(),
            cpu: None,
            peak_rss_kib: None,
        })
    }
}

pub use imp::wait;
