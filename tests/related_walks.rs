//! Walks through the `sms-site-hierarchy` tree as an operator would: one walk
//! per article's outcome, asserting what the operator sees (outcome, kind,
//! article, commands and paths with their values filled in, and the
//! applicability warning when the answers contradict the article).

use std::sync::Arc;

use kbwalk::checklist::StepStatus;
use kbwalk::engine::{CauseState, Input, RuledOutBy, Session};
use kbwalk::tree::{OutcomeKind, Risk, Tree};

mod walk_support;
use walk_support::{builtin_tree, outcome_id, walk_by_question};

fn tree() -> Arc<Tree> {
    builtin_tree("sms-site-hierarchy")
}

fn walk(symptom: Option<&str>, answers: &[(&str, &str)]) -> Session {
    walk_by_question(tree(), symptom, answers)
}

/// The trunk every walk asks first.
fn trunk(
    version: &'static str,
    op: &'static str,
    site: &'static str,
) -> Vec<(&'static str, &'static str)> {
    vec![
        ("sms_version", version),
        ("operation", op),
        ("site_code", site),
    ]
}

fn with(
    mut base: Vec<(&'static str, &'static str)>,
    more: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    base.extend_from_slice(more);
    base
}

fn first_article(s: &Session) -> &str {
    &s.outcome().unwrap().articles[0].article
}

/// Every step as the operator reads it: text, then ` $ command`, then the
/// `where`, warning and note, all with the answers filled in.
fn rendered_steps(s: &Session) -> Vec<String> {
    s.checklist_items()
        .iter()
        .map(|i| {
            let mut t = s.fill(&i.step.text);
            for extra in [&i.step.location, &i.step.warning, &i.step.note]
                .into_iter()
                .flatten()
            {
                t.push_str(" | ");
                t.push_str(&s.fill(extra));
            }
            if let Some(c) = &i.step.command {
                t.push_str(" $ ");
                t.push_str(&s.fill(c));
            }
            t
        })
        .collect()
}

fn commands(s: &Session) -> Vec<String> {
    s.checklist_items()
        .iter()
        .filter_map(|i| i.step.command.as_ref().map(|c| s.fill(c)))
        .collect()
}

fn has(steps: &[String], needle: &str) -> bool {
    steps.iter().any(|t| t.contains(needle))
}

fn assert_filled(s: &Session) {
    let steps = rendered_steps(s);
    assert!(
        steps.iter().all(|t| !t.contains("{{")),
        "unfilled variable in {steps:?}"
    );
}

fn status(s: &Session, id: &str) -> StepStatus {
    s.checklist_items()
        .into_iter()
        .find(|i| i.step.id == id)
        .unwrap_or_else(|| panic!("no step {id}"))
        .status
}

fn condition(s: &mut Session, step: &str, holds: bool) {
    s.apply(&Input::AnswerStepCondition {
        step: step.into(),
        holds,
        at: 100,
    })
    .unwrap();
}

fn choose(s: &mut Session, alternative: &str) {
    s.apply(&Input::ChooseAlternative {
        alternative: Some(alternative.into()),
    })
    .unwrap();
}

fn warnings(s: &Session) -> Vec<(String, String)> {
    s.applicability_warnings()
        .into_iter()
        .map(|w| (w.article, w.requirement))
        .collect()
}

// --- Q134716 ---------------------------------------------------------------

#[test]
fn q134716_upgrade_jobs_pending_until_every_secondary_site_is_active() {
    let a = with(
        trunk("sms_1_2", "upgrade", "S01"),
        &[("all_secondaries_active", "no")],
    );
    let s = walk(Some("upgrade-jobs-pending"), &a);
    assert_eq!(outcome_id(&s), "out_secondaries_not_active");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q134716");
    assert!(warnings(&s).is_empty());
    let steps = rendered_steps(&s);
    assert!(has(
        &steps,
        "allow pending installations, de-installations, and component additions to finish"
    ));
    assert!(has(&steps, "deleted or returned to active"));

    // On SMS 2.0 the article does not apply, and the operator is told.
    let a = with(
        trunk("sms_2_0", "upgrade", "S01"),
        &[("all_secondaries_active", "no")],
    );
    let s = walk(Some("upgrade-jobs-pending"), &a);
    assert_eq!(outcome_id(&s), "out_secondaries_not_active");
    let w = s.applicability_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].article, "Q134716");
    assert_eq!(w[0].answers[0].1, "SMS 2.0 without a service pack");

    // Every secondary site Active: the article does not explain it.
    let a = with(
        trunk("sms_1_2", "upgrade", "S01"),
        &[("all_secondaries_active", "yes")],
    );
    assert_eq!(
        outcome_id(&walk(Some("upgrade-jobs-pending"), &a)),
        "out_unknown"
    );
}

// --- Q163379 ---------------------------------------------------------------

#[test]
fn q163379_no_sending_capacity_restores_the_lan_sender_defaults() {
    let a = with(
        trunk("sms_1_2", "install", "S01"),
        &[("lansend_no_capacity", "yes")],
    );
    let s = walk(Some("phase4-no-sending-capacity"), &a);
    assert_eq!(outcome_id(&s), "out_sender_capacity");
    assert_eq!(s.outcome().unwrap().kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q163379");
    assert!(warnings(&s).is_empty());
    let items = s.checklist_items();
    assert_eq!(items.len(), 5);
    let steps = rendered_steps(&s);
    assert!(
        steps[0]
            .contains("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Sms\\Components\\Sms_Lan_Sender")
    );
    assert!(steps[0].contains("Using Registry Editor incorrectly"));
    assert!(steps[1].contains("Maximum Concurrent Sendings value from 0 to 5"));
    assert!(steps[2].contains("Maximum Concurrent Site Sendings value from 0 to 3"));
    assert!(steps[4].contains("Stop and restart the Systems Management Server Executive service"));
    assert_eq!(items[1].step.risk, Risk::Reversible);

    // SMS 1.0 is not among the versions the article names.
    let a = with(
        trunk("sms_1_0", "upgrade", "S01"),
        &[("lansend_no_capacity", "yes")],
    );
    let s = walk(Some("phase4-no-sending-capacity"), &a);
    assert_eq!(
        warnings(&s),
        [(
            "Q163379".to_string(),
            "Systems Management Server 1.1 or 1.2".to_string()
        )]
    );

    // Without the Lansend.log line there is no known cause here.
    let a = with(
        trunk("sms_1_2", "install", "S01"),
        &[("lansend_no_capacity", "no")],
    );
    let s = walk(Some("phase4-no-sending-capacity"), &a);
    assert_eq!(outcome_id(&s), "out_unknown");
    assert!(has(&rendered_steps(&s), "sms-secondary-site tree"));
}

// --- Q165876 ---------------------------------------------------------------

#[test]
fn q165876_deinstalled_primary_site_is_restarted_and_warned_about_self_deinstallation() {
    let a = with(
        trunk("sms_1_1", "upgrade", "P01"),
        &[
            ("deinstalled_primary", "yes"),
            ("upgrade_bootstrap_running", "yes"),
        ],
    );
    let mut s = walk(Some("site-deinstalled"), &a);
    assert_eq!(outcome_id(&s), "out_deinstalled_site");
    assert_eq!(s.outcome().unwrap().kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q165876");
    assert!(warnings(&s).is_empty());
    let steps = rendered_steps(&s);
    assert!(steps[0].starts_with("Stop the SMS_UPGRADE_BOOTSTRAP service."));
    assert!(steps[1].contains("Instsrv.exe or Rservice.exe"));
    assert!(steps[2].contains("click Operations, and then click Reset Site"));
    assert!(steps[3].contains("SMS_HIERARCHY_MANAGER"));
    assert!(has(&steps, "not this primary site's own code (P01)"));
    assert!(has(&steps, "self deinstallation"));
    assert!(has(&steps, "SERVPACK"));
    assert_eq!(s.checklist_items()[1].step.risk, Risk::Destructive);

    // SMS 1.1: restarting Hierarchy Manager is for SMS 1.2 only.
    condition(&mut s, "dei-restart-hierarchy-manager", false);
    assert_eq!(
        status(&s, "dei-restart-hierarchy-manager"),
        StepStatus::NotApplicable
    );

    // A secondary site that shows as deinstalled is not what the article describes.
    let a = with(
        trunk("sms_1_2", "upgrade", "S01"),
        &[
            ("deinstalled_primary", "no"),
            ("upgrade_bootstrap_running", "yes"),
        ],
    );
    let s = walk(Some("site-deinstalled"), &a);
    assert_eq!(outcome_id(&s), "out_deinstalled_site");
    let w = warnings(&s);
    assert_eq!(w.len(), 1);
    assert!(w[0].1.contains("a primary site"));
}

// --- Q183348 ---------------------------------------------------------------

#[test]
fn q183348_secondary_site_without_sms_services_is_rebuilt_with_the_same_site_code() {
    let a = with(
        trunk("sms_1_2", "other", "S01"),
        &[
            ("lost_reason", "nt_reinstalled"),
            ("parent_site_code", "P01"),
        ],
    );
    let s = walk(Some("no-sms-services-after-nt-reinstall"), &a);
    assert_eq!(outcome_id(&s), "out_rebuild_secondary");
    assert_eq!(s.outcome().unwrap().kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q183348");
    assert!(warnings(&s).is_empty());
    let items = s.checklist_items();
    let top: Vec<&str> = items
        .iter()
        .filter(|i| i.depth == 0)
        .map(|i| i.number.as_str())
        .collect();
    assert_eq!(top, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    let subs: Vec<&str> = items
        .iter()
        .filter(|i| i.depth == 1)
        .map(|i| i.number.as_str())
        .collect();
    assert_eq!(subs, ["1a", "1b"]);
    let steps = rendered_steps(&s);
    assert!(has(&steps, "SMS\\Logon.srv\\SMSID"));
    assert!(has(&steps, "SMS_Maintenance_Manager\\Next SMS Unique ID"));
    assert!(has(
        &steps,
        "It is not necessary to delete the SMS_PKGx share"
    ));
    assert!(has(&steps, "Emergency Repair Disk"));
    assert!(has(&steps, "PREINST /DELSITE:{S01,P01}"));
    assert!(has(&steps, "same site code as before (S01)"));
    assert!(has(
        &steps,
        "It is very important that you use the same site code."
    ));
    // Only commands the article gives: it names PREINST /DELSITE without its syntax.
    assert!(commands(&s).is_empty());
    assert_filled(&s);

    // A corrupted registry leads to the same rebuild.
    let a = with(
        trunk("sms_1_1", "other", "S01"),
        &[
            ("lost_reason", "registry_corrupted"),
            ("parent_site_code", "P01"),
        ],
    );
    assert_eq!(
        outcome_id(&walk(Some("no-sms-services-after-nt-reinstall"), &a)),
        "out_rebuild_secondary"
    );
    // On SMS 2.0 the operator is warned.
    let a = with(
        trunk("sms_2_0", "other", "S01"),
        &[
            ("lost_reason", "files_missing"),
            ("parent_site_code", "P01"),
        ],
    );
    let s = walk(Some("no-sms-services-after-nt-reinstall"), &a);
    assert_eq!(warnings(&s)[0].0, "Q183348");
}

// --- Q212937 ---------------------------------------------------------------

#[test]
fn q212937_deleted_child_site_on_sms_2_0_sp1_offers_the_service_pack_or_the_workaround() {
    let a = with(
        trunk("sms_2_0_sp1", "remove", "ZZZ"),
        &[
            ("status_id", "id_3400"),
            ("parent_drive", "E"),
            ("send_requests_left", "yes"),
        ],
    );
    let mut s = walk(Some("lan-sender-deleted-site"), &a);
    assert_eq!(outcome_id(&s), "out_deleted_site_jobs");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q212937");
    assert!(warnings(&s).is_empty());
    let alts: Vec<&str> = o.alternatives.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(alts, ["dj-service-pack", "dj-workaround"]);
    assert!(s.fill(&o.summary).contains("seven days"));

    choose(&mut s, "dj-workaround");
    let steps = rendered_steps(&s);
    assert!(has(&steps, "Support\\Reskit\\Bin\\<Platform>\\Dbmain"));
    assert!(has(&steps, "E:\\SMS\\Logs"));
    assert!(has(&steps, "\"Send Request\" at the beginning of the line"));
    assert!(has(&steps, "E:\\SMS\\Inboxes\\Schedule.box"));
    assert_eq!(commands(&s), ["preinst /deljob:ZZZ"]);
    assert_filled(&s);

    // Corrected in SP2: on SP2 the leftover-removal article answers instead.
    let a = with(
        trunk("sms_2_0_sp2", "remove", "ZZZ"),
        &[
            ("status_id", "id_3400"),
            ("parent_drive", "E"),
            ("send_requests_left", "yes"),
        ],
    );
    assert_eq!(
        outcome_id(&walk(Some("lan-sender-deleted-site"), &a)),
        "out_leftover_removal"
    );
}

// --- Q215130 ---------------------------------------------------------------

#[test]
fn q215130_status_3500_for_an_orphaned_site_offers_three_clean_up_methods() {
    let a = with(
        trunk("sms_2_0_sp1", "other", "ZZZ"),
        &[
            ("status_id", "id_3500"),
            ("site_removed", "improper"),
            ("parent_drive", "D"),
        ],
    );
    let mut s = walk(Some("status-3400-3500"), &a);
    assert_eq!(outcome_id(&s), "out_orphaned_site");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q215130");
    assert!(warnings(&s).is_empty());
    let alts: Vec<&str> = o.alternatives.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        alts,
        ["orp-method1", "orp-method2-schedlog", "orp-method2-deljob"]
    );
    let steps = rendered_steps(&s);
    assert!(has(&steps, "share the folder as SMS_SITE"));
    assert!(has(&steps, "Standard Sender Address"));
    assert!(has(&steps, "error message with code 3400 (ZZZ)"));
    assert!(has(&steps, "D:\\SMS\\Inboxes\\Schedule.box\\Outboxes\\LAN"));
    assert!(has(
        &steps,
        "Moving the wrong files can cause problems on a functional site."
    ));
    assert!(has(&steps, "D:\\SMS\\Bin\\<Platform>"));
    assert_eq!(commands(&s), ["preinst /deljob:ZZZ"]);

    // Method 1, step 9: error messages continue, so the folder stays.
    choose(&mut s, "orp-method1");
    assert_eq!(s.checklist_items().len(), 9);
    condition(&mut s, "orp-m1-cleanup", true);
    assert_eq!(status(&s, "orp-m1-cleanup"), StepStatus::Todo);

    // Applies to 2.0 and 2.0 SP1 only.
    let a = with(
        trunk("sms_2_0_sp3", "other", "ZZZ"),
        &[
            ("status_id", "id_3400"),
            ("site_removed", "improper"),
            ("parent_drive", "D"),
        ],
    );
    let s = walk(Some("status-3400-3500"), &a);
    assert_eq!(outcome_id(&s), "out_orphaned_site");
    assert_eq!(
        warnings(&s),
        [(
            "Q215130".to_string(),
            "Systems Management Server 2.0 or 2.0 SP1".to_string()
        )]
    );
}

#[test]
fn q215130_status_3400_for_a_site_that_still_exists_defines_a_valid_address() {
    let a = with(
        trunk("sms_2_0", "other", "S09"),
        &[("status_id", "id_3400"), ("site_removed", "exists")],
    );
    let s = walk(Some("status-3400-3500"), &a);
    assert_eq!(outcome_id(&s), "out_site_address");
    assert_eq!(s.outcome().unwrap().kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q215130");
    let steps = rendered_steps(&s);
    assert!(has(&steps, "Define a valid address"));
    assert!(has(&steps, "for site S09"));
    assert!(has(&steps, "Site Settings -> Addresses"));
    // The parent drive is not asked on this path.
    assert!(s.answer("parent_drive").is_none());
    assert_filled(&s);
}

// --- Q235753 ---------------------------------------------------------------

#[test]
fn q235753_double_backslash_sender_address_is_typed_without_backslashes() {
    let a = with(
        trunk("sms_2_0", "other", "MS1"),
        &[("address_backslashes", "yes")],
    );
    let s = walk(Some("sender-wnetaddconnection2"), &a);
    assert_eq!(outcome_id(&s), "out_sender_backslashes");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q235753");
    assert!(warnings(&s).is_empty());
    let alts: Vec<&str> = o.alternatives.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(alts, ["bs-fix-address", "bs-service-pack"]);
    assert!(
        s.fill(&o.summary)
            .contains("WNetAddConnection2 to \\\\\\\\DSSMS\\SMS_SITE (67)")
    );
    assert!(has(
        &rendered_steps(&s),
        "specify the server name without the two backslashes in front"
    ));

    // Fixed in SP1: on SP1 the article does not apply.
    let a = with(
        trunk("sms_2_0_sp1", "other", "MS1"),
        &[("address_backslashes", "yes")],
    );
    let s = walk(Some("sender-wnetaddconnection2"), &a);
    let w = warnings(&s);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].0, "Q235753");
    assert!(w[0].1.contains("corrected in SP1"));
}

// --- Q236048 ---------------------------------------------------------------

#[test]
fn q236048_no_pdc_needs_a_routed_path_and_a_ping_by_name() {
    let a = with(
        trunk("sms_2_0", "install", "4XX"),
        &[("primary_server", "SMSPRI01")],
    );
    let s = walk(Some("no-pdc-for-domain"), &a);
    assert_eq!(outcome_id(&s), "out_no_route_to_pdc");
    assert_eq!(s.outcome().unwrap().kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q236048");
    assert!(warnings(&s).is_empty());
    assert_eq!(commands(&s), ["ping SMSPRI01"]);
    let steps = rendered_steps(&s);
    assert!(has(&steps, "routed path"));
    assert!(has(&steps, "TCP/IP or IPX"));
    let verify = s
        .checklist_items()
        .into_iter()
        .find(|i| i.step.id == "pdc-reinstall")
        .unwrap()
        .step
        .verify
        .clone()
        .unwrap();
    assert!(s.fill(&verify.text).contains("SMSServer_4XX"));

    // Upgrading, not installing: the article is about installation.
    let a = with(
        trunk("sms_2_0", "upgrade", "4XX"),
        &[("primary_server", "SMSPRI01")],
    );
    let s = walk(Some("no-pdc-for-domain"), &a);
    assert_eq!(warnings(&s)[0].0, "Q236048");
}

// --- Q263335 ---------------------------------------------------------------

#[test]
fn q263335_missing_properties_after_upgrade_are_by_design_and_sendcode_hurries_them() {
    let a = with(
        trunk("sms_2_0_sp2", "upgrade", "S03"),
        &[("secondary_still_1_2", "yes")],
    );
    let mut s = walk(Some("properties-unavailable-after-upgrade"), &a);
    assert_eq!(outcome_id(&s), "out_site_control_file");
    assert_eq!(s.outcome().unwrap().kind, OutcomeKind::Benign);
    assert_eq!(first_article(&s), "Q263335");
    assert!(warnings(&s).is_empty());
    assert_eq!(commands(&s), ["sendcode sms_site_config_manager 193"]);
    assert!(has(
        &rendered_steps(&s),
        "Refresh the SMS Administrator program."
    ));
    // Not in a hurry: the watchdog cycle sends it anyway.
    condition(&mut s, "scf-sendcode", false);
    assert_eq!(status(&s, "scf-sendcode"), StepStatus::NotApplicable);
    assert_eq!(status(&s, "scf-refresh"), StepStatus::Todo);

    // SP3 is not among the versions the article names.
    let a = with(
        trunk("sms_2_0_sp3", "upgrade", "S03"),
        &[("secondary_still_1_2", "yes")],
    );
    let s = walk(Some("properties-unavailable-after-upgrade"), &a);
    assert_eq!(warnings(&s)[0].0, "Q263335");
}

// --- Q263846 ---------------------------------------------------------------

#[test]
fn q263846_execute_mode_needs_change_user_install_and_a_local_setup() {
    let a = with(
        trunk("sms_2_0", "install", "S02"),
        &[
            ("server_os", "windows_2000"),
            ("terminal_services", "app_server"),
        ],
    );
    let s = walk(Some("terminal-server-execute-mode"), &a);
    assert_eq!(outcome_id(&s), "out_ts_install_mode");
    assert_eq!(s.outcome().unwrap().kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q263846");
    assert!(warnings(&s).is_empty());
    assert_eq!(commands(&s), ["change user /install"]);
    assert!(has(
        &rendered_steps(&s),
        "directly from an SMS installation location"
    ));

    // Remote Administration mode is not the mode the article describes.
    let a = with(
        trunk("sms_2_0", "install", "S02"),
        &[
            ("server_os", "windows_2000"),
            ("terminal_services", "remote_admin"),
        ],
    );
    let s = walk(Some("terminal-server-execute-mode"), &a);
    assert_eq!(outcome_id(&s), "out_ts_install_mode");
    let w = s.applicability_warnings();
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].requirement,
        "Terminal Services running in Application Server mode"
    );
    assert_eq!(w[0].answers[0].1, "Remote Administration mode");
}

// --- Q264171 ---------------------------------------------------------------

#[test]
fn q264171_incomplete_removal_deletes_the_left_over_send_request_and_job() {
    let a = with(
        trunk("sms_2_0_sp3", "remove", "ZZZ"),
        &[("parent_drive", "E"), ("send_requests_left", "yes")],
    );
    let mut s = walk(Some("incomplete-removal-3400"), &a);
    assert_eq!(outcome_id(&s), "out_leftover_removal");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q264171");
    assert!(warnings(&s).is_empty());
    let alts: Vec<&str> = o.alternatives.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(alts, ["lr-method1", "lr-method2"]);
    assert_eq!(commands(&s), ["Preinst /DELJOB:ZZZ", "Preinst /DELJOB:ZZZ"]);
    let steps = rendered_steps(&s);
    assert!(has(&steps, "1_001ZZZ"));
    assert!(has(
        &steps,
        "E:\\SMS\\Inboxes\\Schedule.box\\Requests, remove the .srq file"
    ));
    assert!(has(
        &steps,
        "E:\\SMS\\Inboxes\\Schedule.box, remove the .job file"
    ));
    assert!(has(&steps, "E:\\SMS\\Logs"));
    assert_filled(&s);

    // Other active jobs for the same site code: Method 1 must not be used.
    choose(&mut s, "lr-method1");
    condition(&mut s, "lr-m1-other-jobs", true);
    assert_eq!(status(&s, "lr-m1-other-jobs"), StepStatus::Todo);
    for id in ["lr-m1-deljob", "lr-m1-repeat", "lr-m1-verify-removed"] {
        assert_eq!(status(&s, id), StepStatus::NotApplicable, "{id}");
    }

    // Pre-answered by the symptom: the operator is not asked them again.
    for q in ["what_seen", "status_id", "site_removed"] {
        assert!(s.answer(q).is_some(), "{q}");
    }
}

// --- Q264493 ---------------------------------------------------------------

#[test]
fn q264493_local_source_files_need_a_share_and_net_use_or_sp3() {
    let a = with(
        trunk("sms_2_0_sp2", "install", "S02"),
        &[("cdrom_option_local_files", "yes")],
    );
    let mut s = walk(Some("source-files-local-disk"), &a);
    assert_eq!(outcome_id(&s), "out_local_source_files");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q264493");
    assert!(warnings(&s).is_empty());
    let alts: Vec<&str> = o.alternatives.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(alts, ["ls-service-pack", "ls-local-share"]);
    choose(&mut s, "ls-local-share");
    let steps = rendered_steps(&s);
    assert_eq!(steps.len(), 3);
    assert!(steps[1].contains("net use command"));
    assert!(
        steps[2].contains("\"Installation source files are on a CD-ROM at secondary site server\"")
    );

    // Corrected in SP3.
    let a = with(
        trunk("sms_2_0_sp3", "install", "S02"),
        &[("cdrom_option_local_files", "yes")],
    );
    let s = walk(Some("source-files-local-disk"), &a);
    assert!(warnings(&s)[0].1.contains("corrected in SP3"));
}

// --- Q275695 ---------------------------------------------------------------

#[test]
fn q275695_wrong_sender_account_is_recovered_through_the_guest_account() {
    let a = with(
        trunk("sms_2_0", "install", "S05"),
        &[
            ("setup_log", "none"),
            ("sender_account_wrong", "yes"),
            ("parent_sms_drive", "D"),
        ],
    );
    let mut s = walk(Some("secondary-not-installed-in-console"), &a);
    assert_eq!(outcome_id(&s), "out_wrong_sender_account");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q275695");
    assert!(warnings(&s).is_empty());
    let alts: Vec<&str> = o.alternatives.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(alts, ["wsa-guest", "wsa-reinstall"]);
    choose(&mut s, "wsa-guest");
    let numbers: Vec<String> = s
        .checklist_items()
        .iter()
        .map(|i| i.number.clone())
        .collect();
    assert_eq!(numbers, ["1", "2", "2a", "2b", "3", "4", "5", "6", "7"]);
    let steps = rendered_steps(&s);
    assert!(has(&steps, "D:\\SMS\\Inboxes\\Despoolr.box\\Receive"));
    assert!(has(&steps, "Make a note of the current file permissions"));
    assert!(has(&steps, "Site Settings\\Addresses"));

    // A wrong user name: the guest connection works, go on at step 5.
    condition(&mut s, "wsa-wrong-user-name", true);
    assert_eq!(status(&s, "wsa-rename-account"), StepStatus::NotApplicable);
    assert_eq!(status(&s, "wsa-correct-address"), StepStatus::Todo);
    // The guest account was enabled before: leave it enabled.
    condition(&mut s, "wsa-disable-guest", false);
    assert_eq!(status(&s, "wsa-disable-guest"), StepStatus::NotApplicable);
}

// --- Q281207 ---------------------------------------------------------------

#[test]
fn q281207_atalk_dll_copy_failure_needs_a_manual_upgrade_on_the_secondary() {
    let a = with(
        trunk("sms_2_0_sp3", "upgrade", "S06"),
        &[("manual_sp2_upgrade", "yes")],
    );
    let s = walk(Some("sp3-upgrade-atalk-dll"), &a);
    assert_eq!(outcome_id(&s), "out_netmon_manual_upgrade");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q281207");
    assert!(warnings(&s).is_empty());
    assert!(s.fill(&o.summary).contains("atalk.dll, Win32 error = 3"));
    let items = s.checklist_items();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].step.risk, Risk::Destructive);
    assert!(
        rendered_steps(&s)[0]
            .contains("SP2 or the SP3 CD-ROM directly on the secondary site server")
    );

    // Not upgraded that way: the article does not explain it.
    let a = with(
        trunk("sms_2_0_sp3", "upgrade", "S06"),
        &[("manual_sp2_upgrade", "no")],
    );
    assert_eq!(
        outcome_id(&walk(Some("sp3-upgrade-atalk-dll"), &a)),
        "out_unknown"
    );
}

// --- Q282289 ---------------------------------------------------------------

#[test]
fn q282289_password_restrictions_are_disabled_temporarily() {
    let a = with(
        trunk("sms_2_0", "install", "ABC"),
        &[
            ("pdc_not_found", "no"),
            ("password_restrictions", "yes"),
            ("setup_drive", "C"),
        ],
    );
    let s = walk(Some("cannot-create-smsserver-account"), &a);
    assert_eq!(outcome_id(&s), "out_password_complexity");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Cause);
    assert_eq!(first_article(&s), "Q282289");
    assert!(warnings(&s).is_empty());
    assert!(s.fill(&o.summary).contains("at least 14 characters"));
    let steps = rendered_steps(&s);
    assert!(steps[0].contains("C:\\SMSSetup.log"));
    assert!(steps[0].contains("Setup cannot create account SMSServer_ABC"));
    assert!(steps[1].starts_with("Temporarily disable the password restrictions"));
    assert!(
        o.steps.iter().all(|st| st.risk != Risk::Destructive),
        "nothing here deletes anything"
    );
}

// --- Triage and the unknown outcome ----------------------------------------

#[test]
fn an_operator_who_does_not_know_the_article_gets_there_through_smssetup_log() {
    // Not installed: SMSSetup.log, read first, names Terminal Server.
    let a = with(
        trunk("sms_2_0", "install", "S02"),
        &[
            ("what_seen", "not_installed"),
            ("setup_log", "ts_execute"),
            ("server_os", "windows_2000"),
            ("terminal_services", "app_server"),
        ],
    );
    let s = walk(Some("not-sure"), &a);
    assert_eq!(outcome_id(&s), "out_ts_install_mode");
    assert!(warnings(&s).is_empty());

    // ... or the account, without the PDC line: password restrictions.
    let a = with(
        trunk("sms_2_0", "install", "ABC"),
        &[
            ("what_seen", "not_installed"),
            ("setup_log", "account"),
            ("pdc_not_found", "no"),
            ("password_restrictions", "yes"),
            ("setup_drive", "D"),
        ],
    );
    let s = walk(None, &a);
    assert_eq!(outcome_id(&s), "out_password_complexity");
    assert!(has(&rendered_steps(&s), "D:\\SMSSetup.log"));
}

#[test]
fn something_else_ends_honestly_with_no_known_cause_and_every_cause_ruled_out() {
    let a = with(trunk("unknown", "other", "S07"), &[("what_seen", "other")]);
    let s = walk(Some("not-sure"), &a);
    assert_eq!(outcome_id(&s), "out_unknown");
    let o = s.outcome().unwrap();
    assert_eq!(o.kind, OutcomeKind::Unknown);
    assert!(o.cause.is_none());
    assert!(s.fill(&o.summary).contains("no answer"));
    assert!(o.steps.iter().all(|st| st.risk == Risk::ReadOnly));
    assert!(has(&rendered_steps(&s), "site S07"));
    // Each cause is ruled out by an answer (some by the version, before "what do you see").
    for (c, state) in s.causes() {
        assert!(
            matches!(state, CauseState::RuledOut(RuledOutBy::Answer { .. })),
            "{}: {state:?}",
            c.id
        );
    }
}

#[test]
fn a_symptom_rules_out_the_causes_it_cannot_lead_to() {
    let s = Session::new(tree(), Some("no-pdc-for-domain")).unwrap();
    for (c, st) in s.causes() {
        if c.id == "no-route-to-pdc" {
            assert_eq!(st, CauseState::Possible);
        } else {
            assert_eq!(st, CauseState::RuledOut(RuledOutBy::Symptom), "{}", c.id);
        }
    }
}

#[test]
fn every_article_is_cited_by_an_outcome_and_every_diagnosis_step_cites_its_article() {
    let t = tree();
    assert_eq!(t.articles.len(), 15);
    for a in &t.articles {
        assert!(
            t.outcomes
                .iter()
                .any(|o| o.articles.iter().any(|s| s.article == a.id)),
            "{} is not an outcome's article",
            a.id
        );
    }
    fn all<'a>(steps: &'a [kbwalk::tree::Step], out: &mut Vec<&'a kbwalk::tree::Step>) {
        for s in steps {
            out.push(s);
            all(&s.steps, out);
        }
    }
    // The unknown outcome's data gathering may cite nothing; every other step does.
    for o in t.outcomes.iter().filter(|o| o.kind != OutcomeKind::Unknown) {
        let mut steps = Vec::new();
        all(&o.steps, &mut steps);
        for alt in &o.alternatives {
            all(&alt.steps, &mut steps);
        }
        for st in steps {
            assert!(st.source.is_some(), "{} step {} has no source", o.id, st.id);
        }
    }
}

// --- Issue-level behaviour ---------------------------------------------------

/// Status 3400 for a removed site: the walk asks for the evidence all three
/// articles use, and never reaches an outcome that contradicts an answer.
#[test]
fn status_3400_for_a_removed_site_asks_for_the_evidence_and_never_contradicts_the_operator() {
    for version in [
        "sms_2_0",
        "sms_2_0_sp1",
        "sms_2_0_sp2",
        "sms_2_0_sp3",
        "unknown",
    ] {
        let base = with(
            trunk(version, "remove", "ZZZ"),
            &[
                ("status_id", "id_3400"),
                ("site_removed", "deleted"),
                ("parent_drive", "E"),
            ],
        );
        // The question is the evidence, not whether the removal finished.
        let q = tree().question("send_requests_left").unwrap().clone();
        assert!(q.text.contains("Sched.log") && q.text.contains(".srq"));
        assert!(
            !tree()
                .question("site_removed")
                .unwrap()
                .choices
                .iter()
                .any(|c| c.label.contains("removal finished")
                    || c.label.contains("did not complete"))
        );

        let s = walk(
            Some("status-3400-3500"),
            &with(base.clone(), &[("send_requests_left", "yes")]),
        );
        let summary = s.fill(&s.outcome().unwrap().summary);
        let expected = if matches!(version, "sms_2_0" | "sms_2_0_sp1") {
            "out_deleted_site_jobs"
        } else {
            "out_leftover_removal"
        };
        assert_eq!(outcome_id(&s), expected, "{version}");
        // What the summary asserts, the operator confirmed: send requests are left.
        assert!(
            !summary.contains("removal of secondary site ZZZ was incomplete"),
            "{summary}"
        );
        if expected == "out_leftover_removal" {
            assert!(summary.contains("left an active send request and job file"));
        }

        // No send requests left: no article of the three claims the site.
        let s = walk(
            Some("status-3400-3500"),
            &with(base, &[("send_requests_left", "no")]),
        );
        assert_eq!(outcome_id(&s), "out_unknown", "{version}");
    }
}

/// Q264171's caution travels with every `preinst /deljob`, attributed.
#[test]
fn every_preinst_deljob_carries_q264171s_caution_about_other_active_jobs() {
    let t = tree();
    let mut found = 0;
    for o in &t.outcomes {
        for (st, _) in o.all_steps() {
            let cmd = st.command.as_deref().unwrap_or_default().to_lowercase();
            if !cmd.contains("/deljob") {
                continue;
            }
            found += 1;
            let caution = [st.warning.as_deref(), st.note.as_deref()]
                .into_iter()
                .flatten()
                .any(|t| {
                    t.contains("Q264171") && t.contains("other active jobs for the same site code")
                });
            let guarded = o.alternatives.iter().any(|a| {
                a.steps.iter().any(|x| x.id == st.id)
                    && a.steps.iter().any(|x| {
                        x.condition.as_ref().is_some_and(|c| {
                            c.ask.contains("other active jobs for the same site code")
                        })
                    })
            });
            assert!(
                caution || guarded,
                "{}: step {} has no caution",
                o.id,
                st.id
            );
        }
    }
    assert!(found >= 3, "only {found} preinst /deljob steps");
}

/// The setup-log symptom that the other tree's Pending outcome links to
/// reaches each SMSSetup.log article.
#[test]
fn the_setup_log_entry_symptom_reaches_each_setup_log_article() {
    for (more, outcome) in [
        (
            vec![
                ("setup_log", "account"),
                ("pdc_not_found", "yes"),
                ("primary_server", "PRI01"),
            ],
            "out_no_route_to_pdc",
        ),
        (
            vec![
                ("setup_log", "account"),
                ("pdc_not_found", "no"),
                ("password_restrictions", "yes"),
                ("setup_drive", "D"),
            ],
            "out_password_complexity",
        ),
        (
            vec![
                ("setup_log", "ts_execute"),
                ("server_os", "windows_2000"),
                ("terminal_services", "app_server"),
            ],
            "out_ts_install_mode",
        ),
        (
            vec![
                ("setup_log", "source_files"),
                ("cdrom_option_local_files", "yes"),
            ],
            "out_local_source_files",
        ),
    ] {
        let s = walk(
            Some("setup-log-entry"),
            &with(trunk("sms_2_0_sp2", "install", "S02"), &more),
        );
        assert_eq!(outcome_id(&s), outcome);
    }
}

/// The same "I do not know" rule as the other tree: it meets no version
/// requirement, so a destructive clean-up is never offered without a warning.
#[test]
fn not_knowing_the_version_warns_before_the_destructive_clean_up() {
    let a = with(
        trunk("unknown", "remove", "ZZZ"),
        &[
            ("status_id", "id_3400"),
            ("site_removed", "deleted"),
            ("parent_drive", "E"),
            ("send_requests_left", "yes"),
        ],
    );
    let s = walk(Some("status-3400-3500"), &a);
    assert_eq!(outcome_id(&s), "out_leftover_removal");
    let w = s.applicability_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].article, "Q264171");
    assert_eq!(w[0].answers[0].1, "I do not know");
}
