//! The one clock: Unix seconds. Shells read it and hand the time on (the
//! wizard's `App::now`, the store's `at`, the probes' `ProbeEnv::clock`);
//! nothing below them reads the system time.

/// A source of the time in Unix seconds, injected where the time is needed.
pub type Clock = fn() -> i64;

/// Now, in Unix seconds; `SOURCE_DATE_EPOCH` fixes it for reproducible exports.
pub fn now() -> i64 {
    if let Some(fixed) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return fixed;
    }
    system_now()
}

/// The system's time, whatever `SOURCE_DATE_EPOCH` says: for timeouts and
/// ages that must really pass.
pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
