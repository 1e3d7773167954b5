//! The property tests' configuration, shared by the test files that have them.

use proptest::test_runner::Config as ProptestConfig;

/// `default` cases unless PROPTEST_CASES says otherwise.
pub fn cases(default: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default;
    }
    // Generated cases are not written into the source tree.
    config.failure_persistence = None;
    config
}
