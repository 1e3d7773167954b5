//! The `sc.exe`, `reg` and `wevtutil` parsers on captured outputs, including
//! localised ones and errors (tests/fixtures/probe-outputs).

use kbwalk::probe::ProbeStatus;
use kbwalk::probe::look::match_events;
use kbwalk::probe::windows::{
    RegQuery, RegValue, ServiceQuery, parse_reg_query, parse_sc_query, parse_wevtutil,
    service_matches,
};
use kbwalk::tree::ServiceState;

fn capture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/probe-outputs/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn state(code: u32, name: &str) -> ServiceQuery {
    ServiceQuery::State {
        code,
        name: name.into(),
    }
}

#[test]
fn sc_query_states_in_english() {
    assert_eq!(
        parse_sc_query(&capture("sc-query-running.en.txt"), Some(0)),
        Ok(state(4, "running"))
    );
    assert_eq!(
        parse_sc_query(&capture("sc-query-stopped.en.txt"), Some(0)),
        Ok(state(1, "stopped"))
    );
    assert_eq!(
        parse_sc_query(&capture("sc-query-start-pending.en.txt"), Some(0)),
        Ok(state(2, "start_pending"))
    );
}

#[test]
fn sc_query_states_with_localised_labels_and_code_page_850() {
    // `ÉTAT` in code page 850 is not UTF-8; the state line is still found.
    let fr = parse_sc_query(&capture("sc-query-running.fr.txt"), Some(0)).unwrap();
    assert_eq!(fr, state(4, "running"));
    assert!(service_matches(&fr, &ServiceState::Running));
    let de = parse_sc_query(&capture("sc-query-stopped.de.txt"), Some(0)).unwrap();
    assert_eq!(de, state(1, "stopped"));
    assert!(!service_matches(&de, &ServiceState::Running));
}

#[test]
fn sc_query_not_installed_in_every_language() {
    for name in [
        "sc-query-not-installed.en.txt",
        "sc-query-not-installed.de.txt",
        "sc-query-not-installed.fr.txt",
    ] {
        // No exit code: the text alone must say it.
        let got = parse_sc_query(&capture(name), None);
        assert_eq!(got, Ok(ServiceQuery::NotInstalled), "{name}");
        assert!(service_matches(&got.unwrap(), &ServiceState::NotInstalled));
    }
}

#[test]
fn sc_query_access_denied_is_a_failure_not_a_state() {
    let err = parse_sc_query(&capture("sc-query-access-denied.en.txt"), Some(5)).unwrap_err();
    assert_eq!(err.to_string(), "sc.exe error 5: Access is denied.");
}

#[test]
fn reg_query_key_with_values_and_subkeys() {
    let got = parse_reg_query(&capture("reg-query-key.en.txt"), b"", Some(0)).unwrap();
    assert_eq!(
        got,
        RegQuery::Present(vec![
            RegValue {
                name: "Installed Directory".into(),
                kind: "REG_SZ".into(),
                data: "C:\\SMS".into()
            },
            RegValue {
                name: "Setup Version".into(),
                kind: "REG_DWORD".into(),
                data: "0x4b0".into()
            },
        ])
    );
}

#[test]
fn reg_query_value_with_spaces_in_its_name_in_both_reg_formats() {
    let want = RegQuery::Present(vec![RegValue {
        name: "Next SMS Unique ID".into(),
        kind: "REG_SZ".into(),
        data: "00010000".into(),
    }]);
    assert_eq!(
        parse_reg_query(&capture("reg-query-value.en.txt"), b"", Some(0)).unwrap(),
        want
    );
    assert_eq!(
        parse_reg_query(&capture("reg-query-value.reg30.txt"), b"", Some(0)).unwrap(),
        want
    );
}

#[test]
fn reg_query_missing_key_in_every_language() {
    for name in [
        "reg-query-missing.en.stderr.txt",
        "reg-query-missing.de.stderr.txt",
        "reg-query-missing.fr.stderr.txt",
    ] {
        assert_eq!(
            parse_reg_query(b"", &capture(name), Some(1)),
            Ok(RegQuery::Absent),
            "{name}"
        );
    }
}

#[test]
fn reg_query_access_denied_is_not_taken_for_absence() {
    let err = parse_reg_query(
        b"",
        &capture("reg-query-access-denied.en.stderr.txt"),
        Some(1),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "reg: ERROR: Access is denied.");
}

#[test]
fn wevtutil_events_with_rendered_english_messages() {
    let events = parse_wevtutil(&capture("wevtutil-7031.en.xml"), b"", Some(0)).unwrap();
    assert_eq!(events.len(), 2);
    let e = &events[0];
    assert_eq!(e.event_id, 7031);
    assert_eq!(e.provider, "Service Control Manager");
    assert_eq!(e.time, "2026-11-20T09:14:03.5271635Z");
    assert_eq!(e.computer, "SITESRV01");
    assert_eq!(
        e.message.as_deref(),
        Some(
            "The SMS_BOOTSTRAP service terminated unexpectedly.  It has done this 1 time(s).  The following corrective action will be taken in 0 milliseconds: No action."
        )
    );
    assert_eq!(e.data, ["SMS_BOOTSTRAP", "1", "0", "0", "No action"]);
}

#[test]
fn wevtutil_german_message_still_matches_by_its_data() {
    let events = parse_wevtutil(&capture("wevtutil-7031.de.xml"), b"", Some(0)).unwrap();
    assert_eq!(events.len(), 1);
    assert!(
        events[0]
            .message
            .as_deref()
            .unwrap()
            .starts_with("Der Dienst \"SMS_BOOTSTRAP\"")
    );
    let o = match_events(
        "wevtutil".into(),
        &events,
        7031,
        Some("Service Control Manager"),
        Some("SMS_BOOTSTRAP"),
    );
    assert_eq!(o.status, ProbeStatus::Found);
    assert!(
        o.saw
            .contains("at 2026-11-20T08:01:12.0000000Z on SITESRV01"),
        "{}",
        o.saw
    );
}

#[test]
fn wevtutil_events_of_another_service_do_not_match() {
    let events = parse_wevtutil(&capture("wevtutil-7031.en.xml"), b"", Some(0)).unwrap();
    let o = match_events(
        "wevtutil".into(),
        &events,
        7031,
        None,
        Some("SMS_EXECUTIVE"),
    );
    assert_eq!(o.status, ProbeStatus::NotFound);
    assert_eq!(o.saw, "2 event(s) with ID 7031, none matching");
}

#[test]
fn wevtutil_no_events_is_an_empty_list() {
    let events = parse_wevtutil(&capture("wevtutil-empty.txt"), b"", Some(0)).unwrap();
    assert!(events.is_empty());
    let o = match_events("wevtutil".into(), &events, 7031, None, None);
    assert_eq!(o.status, ProbeStatus::NotFound);
}

#[test]
fn wevtutil_unknown_channel_is_a_failure_with_the_tools_words() {
    let err = parse_wevtutil(
        b"",
        &capture("wevtutil-bad-channel.en.stderr.txt"),
        Some(15007),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "wevtutil exited with code 15007: Failed to read events. The specified channel could not be found."
    );
    let de = parse_wevtutil(
        b"",
        &capture("wevtutil-bad-channel.de.stderr.txt"),
        Some(15007),
    )
    .unwrap_err()
    .to_string();
    assert!(de.contains("Kanal wurde nicht gefunden"), "{de}");
}
