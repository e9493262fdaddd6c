//! Lays what the device holds over the shifts the server listed: check-ins
//! and check-outs made on this phone (sent or not), ones pulled since the
//! page was drawn (a colleague's, or the server's automatic close), and
//! the nurse's receipts of their reports.

use super::kept::Kept;
use super::overlay::state;
use crate::domain::instant::parse_rfc3339;
use crate::domain::shift_home::{sort_newest_first, Receipt, ShiftEndView, ShiftView};
use crate::domain::sync::Hlc;
use crate::domain::timeline::RecordState;

fn ms_of(kept: &Kept, field: &str) -> i64 {
    parse_rfc3339(kept.field(field)).map_or(0, |at| at.timestamp_millis())
}

fn written_ms(kept: &Kept) -> i64 {
    Hlc::parse(&kept.op.hlc).map_or(0, |h| h.ms as i64)
}

fn as_shift(kept: &Kept, ward_name: String) -> ShiftView {
    ShiftView {
        id: kept.op.entity_id.clone(),
        op_id: kept.op.id.clone(),
        author_id: kept.author.clone(),
        author_name: kept.author_name.clone(),
        ward_id: kept.field("ward_id").to_owned(),
        ward_name,
        started_ms: ms_of(kept, "started_at"),
        plan: kept.field("plan").trim().to_owned(),
        for_nurse: kept.field("for_nurse").trim().to_owned(),
        state: state(kept),
        receipt: None,
        end: None,
    }
}

fn as_end(kept: &Kept) -> ShiftEndView {
    ShiftEndView {
        id: kept.op.entity_id.clone(),
        op_id: kept.op.id.clone(),
        ended_ms: ms_of(kept, "ended_at"),
        what_happened: kept.field("what_happened").trim().to_owned(),
        for_nurse: kept.field("for_nurse").trim().to_owned(),
        closed_automatically: kept.op.payload.get("closed_automatically").and_then(|v| v.as_bool())
            == Some(true),
        state: state(kept),
        receipt: None,
    }
}

fn as_receipt(kept: &Kept) -> Receipt {
    Receipt {
        id: kept.op.entity_id.clone(),
        op_id: kept.op.id.clone(),
        by: kept.author_name.clone(),
        at_ms: written_ms(kept),
        state: state(kept),
    }
}

/// The server's `listed` shifts with the device's records laid over them,
/// newest first. A shift only the device holds is added when `include`
/// wants it; `ward_name` names its ward. The server's copy wins; of two
/// check-outs of one shift (one refused), the one the server took.
pub fn shifts(
    listed: &[ShiftView],
    kept: &[Kept],
    include: impl Fn(&ShiftView) -> bool,
    ward_name: impl Fn(&str) -> String,
) -> Vec<ShiftView> {
    let mut all: Vec<ShiftView> = listed.to_vec();
    let mut local: Vec<&Kept> = kept
        .iter()
        .filter(|k| {
            k.op.action == "create"
                && matches!(k.op.entity.as_str(), "shift" | "shift_end" | "shift_report_received")
        })
        .collect();
    local.sort_by(|a, b| a.op.hlc.cmp(&b.op.hlc));
    for k in local.iter().filter(|k| k.op.entity == "shift") {
        if !all.iter().any(|s| s.id == k.op.entity_id) {
            let shift = as_shift(k, ward_name(k.field("ward_id")));
            if include(&shift) {
                all.push(shift);
            }
        }
    }
    for k in local.iter().filter(|k| k.op.entity == "shift_end") {
        let Some(shift) = all.iter_mut().find(|s| s.id == k.field("shift_id")) else { continue };
        let end = as_end(k);
        // The check-out the server took stands over one it has not (or refused).
        let replaces = shift.end.as_ref().is_none_or(|held| {
            held.id != end.id && held.state != RecordState::Saved && end.state == RecordState::Saved
        });
        if replaces {
            shift.end = Some(end);
        }
    }
    for k in local.iter().filter(|k| k.op.entity == "shift_report_received") {
        let report = k.field("report_id");
        for shift in &mut all {
            if shift.id == report && shift.receipt.is_none() {
                shift.receipt = Some(as_receipt(k));
            }
            if let Some(end) = shift.end.as_mut().filter(|e| e.id == report && e.receipt.is_none()) {
                end.receipt = Some(as_receipt(k));
            }
        }
    }
    sort_newest_first(&mut all);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::KeptState;
    use serde_json::json;

    use crate::sync::kept::kept_for_test as kept;

    fn ward(id: &str) -> String {
        format!("name of {id}")
    }

    #[test]
    fn a_check_in_and_out_made_offline_show_as_one_shift_on_this_phone() {
        let held = [
            kept(
                "shift",
                "s1",
                1_796_284_800_000,
                json!({ "ward_id": "ward-willow", "started_at": "2026-12-03T08:00:00Z", "plan": " Groups at 2 " }),
                KeptState::Unsent,
            ),
            kept(
                "shift_end",
                "e1",
                1_796_313_600_000,
                json!({ "shift_id": "s1", "ended_at": "2026-12-03T16:00:00Z", "what_happened": "Two groups" }),
                KeptState::Unsent,
            ),
        ];
        let shown = shifts(&[], &held, |_| true, ward);
        assert_eq!(shown.len(), 1);
        let shift = &shown[0];
        assert_eq!((shift.ward_name.as_str(), shift.plan.as_str()), ("name of ward-willow", "Groups at 2"));
        assert_eq!(shift.state, RecordState::Unsent);
        let end = shift.end.as_ref().expect("checked out");
        assert_eq!((end.ended_ms, end.closed_automatically), (1_796_313_600_000, false));
        assert!(shifts(&[], &held, |_| false, ward).is_empty());
    }

    #[test]
    fn the_servers_close_stands_over_a_late_check_out_it_refused() {
        let listed = shifts(
            &[],
            &[kept(
                "shift",
                "s1",
                1_796_284_800_000,
                json!({ "ward_id": "ward-willow", "started_at": "2026-12-03T08:00:00Z" }),
                KeptState::Saved,
            )],
            |_| true,
            ward,
        );
        let refused = crate::sync::kept::refused("This shift was closed automatically");
        let late = kept(
            "shift_end",
            "late",
            1_796_342_400_000,
            json!({ "shift_id": "s1", "ended_at": "2026-12-04T00:00:00Z" }),
            refused,
        );
        let closed = kept(
            "shift_end",
            "auto",
            1_796_342_500_000,
            json!({ "shift_id": "s1", "ended_at": "2026-12-03T23:00:00Z", "closed_automatically": true }),
            KeptState::Saved,
        );
        let shown = shifts(&listed, &[late, closed], |_| true, ward);
        let end = shown[0].end.as_ref().expect("ended");
        assert_eq!((end.id.as_str(), end.closed_automatically), ("auto", true));
    }

    #[test]
    fn a_receipt_lands_on_the_report_it_names() {
        let held = [
            kept(
                "shift",
                "s1",
                1,
                json!({ "ward_id": "w", "started_at": "2026-12-03T08:00:00Z" }),
                KeptState::Saved,
            ),
            kept(
                "shift_end",
                "e1",
                2,
                json!({ "shift_id": "s1", "ended_at": "2026-12-03T16:00:00Z" }),
                KeptState::Saved,
            ),
            kept("shift_report_received", "r1", 3, json!({ "report_id": "e1" }), KeptState::Unsent),
        ];
        let shown = shifts(&[], &held, |_| true, ward);
        assert!(shown[0].receipt.is_none());
        let receipt = shown[0].end.as_ref().and_then(|e| e.receipt.as_ref()).expect("received");
        assert_eq!((receipt.by.as_str(), &receipt.state), ("Sam Okafor", &RecordState::Unsent));
    }
}
