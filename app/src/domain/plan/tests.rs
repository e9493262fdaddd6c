use super::*;
use crate::domain::timeline::RecordState;
use serde_json::{json, Value};

const TABLET: &str = "00000000-0000-4000-8000-00000000000a";
const PHONE: &str = "00000000-0000-4000-8000-00000000000b";
const GOAL: &str = "00000000-0000-4000-8000-000000000001";

fn hlc(ms: u64, device: &str) -> String {
    format!("{ms:015}:00000:{device}")
}

fn entry(op: u32, entity: &str, entity_id: &str, action: &str, stamp: String, payload: Value) -> PlanEntry {
    PlanEntry {
        op_id: format!("00000000-0000-4000-9000-{op:012}"),
        entity: entity.into(),
        entity_id: entity_id.into(),
        action: action.into(),
        hlc: stamp,
        author_name: "Sam Okafor".into(),
        payload,
        state: RecordState::Saved,
    }
}

fn goal_made(patient: &str) -> PlanEntry {
    let p = json!({"patient_id": patient, "written_by": "patient", "text": "Walk to the park", "life_area": "leisure"});
    entry(1, "goal", GOAL, "create", hlc(1_000, TABLET), p)
}

fn status(op: u32, ms: u64, value: &str) -> PlanEntry {
    let p = json!({"patient_id": "patient-001", "written_by": "patient", "goal_id": GOAL, "status": value});
    entry(op, "goal_status", &format!("00000000-0000-4000-8000-{op:012}"), "create", hlc(ms, TABLET), p)
}

fn checkin(score: i64) -> Value {
    json!({"patient_id": "patient-001", "written_by": "patient", "goal_id": GOAL, "score": score})
}

#[test]
fn a_goal_needs_words_and_at_most_five_thousand_characters_of_them() {
    let goal = |text: &str| {
        let p =
            json!({"patient_id": "patient-001", "written_by": "patient", "text": text, "life_area": "home"});
        check_plan("goal", "create", GOAL, &p)
    };
    assert_eq!(goal("   ").unwrap_err(), words::GOAL_EMPTY);
    let long = goal(&"a".repeat(5_001)).unwrap_err();
    assert!(long.contains("5,001 letters") && long.contains("The most is 5,000"), "{long}");
    let ok = goal(&format!("  {}  ", "a".repeat(5_000))).unwrap();
    assert_eq!(ok.payload["text"].as_str().map(str::len), Some(5_000), "trimmed and kept verbatim");
    assert_eq!(ok.goal_id.as_deref(), Some(GOAL));
    let no_area = json!({"patient_id": "patient-001", "written_by": "patient", "text": "Sleep better"});
    assert_eq!(check_plan("goal", "create", GOAL, &no_area).unwrap_err(), words::PICK_AREA);
}

#[test]
fn every_entry_says_whose_plan_it_is_and_who_wrote_it() {
    let p = json!({"patient_id": "patient-001", "text": "Cooking", "kind": "interest"});
    assert!(check_plan("strength", "create", GOAL, &p).unwrap_err().contains("written_by"));
    let p = json!({"written_by": "patient", "text": "Cooking", "kind": "interest"});
    assert!(check_plan("strength", "create", GOAL, &p).unwrap_err().contains("patient_id"));
    let p = json!({"patient_id": "patient-001", "written_by": "with_patient", "text": "Cooking", "kind": "interest"});
    assert_eq!(check_plan("strength", "create", GOAL, &p).unwrap().written_by, WrittenBy::WithPatient);
}

#[test]
fn a_check_in_is_a_whole_number_from_nought_to_ten() {
    for bad in [json!(11), json!(-1), json!(4.5), json!("7")] {
        let mut p = checkin(0);
        p["score"] = bad;
        assert_eq!(check_plan("goal_checkin", "create", GOAL, &p).unwrap_err(), words::SCORE_RANGE);
    }
    for good in [0, 10] {
        assert!(check_plan("goal_checkin", "create", GOAL, &checkin(good)).is_ok());
    }
}

#[test]
fn a_check_in_or_status_is_never_changed_only_added() {
    let refused = check_plan("goal_checkin", "update", GOAL, &checkin(3)).unwrap_err();
    assert!(refused.contains("never changed"), "{refused}");
    let step = json!({"patient_id": "patient-001", "written_by": "patient", "goal_id": GOAL});
    assert!(check_plan("goal_step", "update", GOAL, &step).unwrap_err().contains("done"));
}

#[test]
fn a_step_for_another_persons_goal_is_refused() {
    let p = json!({"patient_id": "patient-002", "written_by": "patient", "goal_id": GOAL, "text": "Ask about the bus"});
    let write = check_plan("goal_step", "create", PHONE, &p).unwrap();
    let goal = [goal_made("patient-001")];
    let refused =
        judge_goal_child(&write, "goal_step", "create", PHONE, &hlc(2_000, TABLET), &goal).unwrap_err();
    assert!(refused.contains("another person's plan"), "{refused}");
    let unknown =
        judge_goal_child(&write, "goal_step", "create", PHONE, &hlc(2_000, TABLET), &[]).unwrap_err();
    assert!(unknown.contains("no goal with this id"), "{unknown}");
}

#[test]
fn a_check_in_on_a_goal_let_go_is_refused_but_one_written_before_counts() {
    let write = check_plan("goal_checkin", "create", PHONE, &checkin(6)).unwrap();
    let known = [goal_made("patient-001"), status(2, 5_000, "let_go")];
    let judge = |ms| judge_goal_child(&write, "goal_checkin", "create", PHONE, &hlc(ms, PHONE), &known);
    assert_eq!(judge(6_000).unwrap_err(), words::CHECKIN_LET_GO);
    // Written offline before the goal was let go: it reached the server late, and counts.
    assert!(judge(4_000).is_ok());
    // Set back to active later: check-ins count again.
    let revived = [known[0].clone(), known[1].clone(), status(3, 7_000, "active")];
    assert!(judge_goal_child(&write, "goal_checkin", "create", PHONE, &hlc(8_000, PHONE), &revived).is_ok());
}

#[test]
fn status_history_follows_the_clock_not_the_order_it_arrived_in() {
    let arrived = [
        status(4, 9_000, "achieved"),
        goal_made("patient-001"),
        status(2, 3_000, "paused"),
        status(3, 5_000, "active"),
    ];
    let plan = fold(&arrived);
    let goal = plan.goal(GOAL).unwrap();
    let order: Vec<GoalStatus> = goal.statuses.iter().map(|s| s.status).collect();
    assert_eq!(order, [GoalStatus::Achieved, GoalStatus::Active, GoalStatus::Paused]);
    assert_eq!(goal.status(), GoalStatus::Achieved);
    assert_eq!(status_at(&arrived, &hlc(4_000, PHONE)), GoalStatus::Paused);
    assert_eq!(status_at(&arrived, &hlc(1_000, PHONE)), GoalStatus::Active);
}

fn section(op: u32, ms: u64, device: &str, text: &str, base: &str) -> PlanEntry {
    let p = json!({"patient_id": "patient-001", "written_by": "patient", "section": "what_helps", "text": text, "base_hlc": base});
    entry(
        op,
        "wellness_plan_section",
        &format!("00000000-0000-4000-8000-{op:012}"),
        "create",
        hlc(ms, device),
        p,
    )
}

fn what_helps(plan: &RecoveryPlan) -> &Versions {
    &plan.sections.iter().find(|(s, _)| *s == Section::WhatHelps).unwrap().1
}

#[test]
fn two_devices_editing_one_section_at_once_keep_both_versions_the_newer_current() {
    let first = section(1, 1_000, TABLET, "Music", "");
    // Both edited from the first version, offline, on two devices.
    let tablet = section(2, 5_000, TABLET, "Music and a walk", &first.hlc);
    let phone = section(3, 4_000, PHONE, "Music, and talking to my sister", &first.hlc);
    for order in [[&first, &tablet, &phone], [&phone, &first, &tablet], [&tablet, &phone, &first]] {
        let entries: Vec<PlanEntry> = order.iter().map(|e| (*e).clone()).collect();
        let plan = fold(&entries);
        let versions = what_helps(&plan);
        let texts: Vec<&str> = versions.versions.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(texts, ["Music and a walk", "Music, and talking to my sister", "Music"]);
        assert!(versions.changed_at_once);
    }
    // One edit after another is not a clash.
    let next = section(4, 6_000, PHONE, "Music and a walk each day", &tablet.hlc);
    let plan = fold(&[first.clone(), tablet.clone(), next]);
    assert!(!what_helps(&plan).changed_at_once);
    assert_eq!(what_helps(&plan).current().unwrap().text, "Music and a walk each day");
}

#[test]
fn a_plan_folds_goals_with_their_steps_and_check_ins_once_each() {
    let step =
        json!({"patient_id": "patient-001", "written_by": "patient", "goal_id": GOAL, "text": "Get my coat"});
    let step_id = "00000000-0000-4000-8000-0000000000aa";
    let done = |op, ms, done: bool| {
        let p = json!({"patient_id": "patient-001", "written_by": "patient", "goal_id": GOAL, "done": done});
        entry(op, "goal_step", step_id, "update", hlc(ms, TABLET), p)
    };
    let c1 = entry(
        7,
        "goal_checkin",
        "00000000-0000-4000-8000-0000000000c1",
        "create",
        hlc(3_000, TABLET),
        checkin(3),
    );
    let c2 = entry(
        8,
        "goal_checkin",
        "00000000-0000-4000-8000-0000000000c2",
        "create",
        hlc(9_000, PHONE),
        checkin(6),
    );
    let entries = [
        c2.clone(),
        goal_made("patient-001"),
        entry(5, "goal_step", step_id, "create", hlc(2_000, TABLET), step),
        done(6, 4_000, true),
        done(9, 3_500, false),
        c1.clone(),
        c1, // the device's copy of one the server listed
    ];
    let plan = fold(&entries);
    let goal = plan.goal(GOAL).unwrap();
    assert_eq!(goal.text(), "Walk to the park");
    assert_eq!(goal.life_area(), LifeArea::Leisure);
    assert_eq!(goal.steps.len(), 1);
    assert!(goal.steps[0].done, "the later tick wins");
    let scores: Vec<u8> = goal.checkins.iter().map(|c| c.score).collect();
    assert_eq!(scores, [3, 6]);
    assert_eq!(goal.words.current().unwrap().written.written_by, WrittenBy::Patient);
}

#[test]
fn who_wrote_an_entry_reads_plainly() {
    assert_eq!(WrittenBy::Patient.line("Aisha", "Sam Okafor"), "Written by Aisha");
    assert_eq!(WrittenBy::WithPatient.line("Aisha", "Sam Okafor"), "Written by Sam Okafor with Aisha");
    assert_eq!(WrittenBy::Staff.line("Aisha", "Sam Okafor"), "Written by Sam Okafor");
}
