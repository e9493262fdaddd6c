//! Who may do what to which ward's records: the one rule every request is
//! judged by (the server calls it on every page, server function and, later,
//! every sync operation). Plain data in, a decision out.

use super::Role;
use serde::{Deserialize, Serialize};

/// What someone is trying to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// See the list of patients on a ward.
    ViewCaseload,
    /// Open one patient's record (their page, notes, plan).
    ViewPatientRecord,
    /// Add to a patient's record (a session note, a concern, a goal).
    WritePatientRecord,
    /// Change a patient's details that nursing staff keep (their bed).
    UpdatePatientDetails,
    /// Move a patient to another ward (the transfer is the sending ward's
    /// act, so only where they are now is judged, not where they go).
    TransferPatient,
    /// Acknowledge a risk or safeguarding concern raised about a patient on
    /// the ward (the nurse in charge's duty).
    AcknowledgeConcern,
    /// Read who looked at or changed a patient's record.
    ViewAuditTrail,
    /// Check in to a ward for a shift and out again (a PSW's own shifts).
    WorkShift,
    /// Mark a shift report received (the nurse in charge of the ward).
    ReceiveShiftReport,
    /// Watch the live dashboard of a ward (who is on shift, today's
    /// contacts and groups, concerns waiting): its nurse in charge, and the
    /// managers of its site.
    ViewDashboard,
    /// Log supervision, training, meetings and travel, and submit one's own
    /// weekly return (a PSW, under their own wards).
    LogWork,
    /// Read a ward's weekly attendance record: those who work on the ward,
    /// and the managers of its site.
    ViewWardAttendance,
    /// See who has submitted their weekly return, read and export them: the
    /// managers of the PSW's site.
    CollectReturns,
    /// Set up sites, wards, staff accounts and the resources directory.
    Administer,
    /// See the phones and tablets staff use, and report one lost (which
    /// signs it out and makes it wipe itself): administrators for everyone,
    /// managers for the staff of their sites.
    ReportLostPhone,
}

/// The wards and sites a member of staff may reach right now: their own
/// wards, any ward they are deployed to for this shift, and (for managers)
/// every ward on the sites they manage.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    pub ward_ids: Vec<String>,
    pub site_ids: Vec<String>,
}

/// Where the record being reached for lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place<'a> {
    pub ward_id: &'a str,
    pub site_id: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Not allowed, with the reason in words the person can act on.
    Denied(&'static str),
}

pub const NOT_YOUR_WARDS: &str = "This person is not on your wards.";
pub const NOT_YOUR_ROLE: &str = "Your role does not include this.";
pub const NOT_YOURSELF: &str = "You cannot deactivate your own account.";

/// May someone with `role` and `reach` do `action` to a record at `place`?
///
/// ```
/// use app::domain::access::{decide, Action, Decision, Place, Reach};
/// use app::domain::Role;
/// let reach = Reach { ward_ids: vec!["willow".into()], site_ids: vec!["st-brigid".into()] };
/// let willow = Place { ward_id: "willow", site_id: "st-brigid" };
/// assert_eq!(decide(Role::PeerSupportWorker, &reach, Action::ViewPatientRecord, Some(willow)), Decision::Allowed);
/// ```
pub fn decide(role: Role, reach: &Reach, action: Action, place: Option<Place<'_>>) -> Decision {
    use Action::*;
    use Role::*;
    let on_my_ward = |p: Place<'_>| reach.ward_ids.iter().any(|w| w == p.ward_id);
    let on_my_site = |p: Place<'_>| reach.site_ids.iter().any(|s| s == p.site_id);
    let within = |inside: &dyn Fn(Place<'_>) -> bool| match place {
        // Without a place the question is "may I do this at all": the
        // answer is then scoped by the query that follows.
        None => Decision::Allowed,
        Some(p) if inside(p) => Decision::Allowed,
        Some(_) => Decision::Denied(NOT_YOUR_WARDS),
    };
    match (role, action) {
        (Admin, Administer | ReportLostPhone) => Decision::Allowed,
        (Admin, _) => Decision::Denied(NOT_YOUR_ROLE),
        (_, Administer) => Decision::Denied(NOT_YOUR_ROLE),
        (PeerSupportWorker | NurseInCharge, ViewCaseload | ViewPatientRecord | WritePatientRecord) => {
            within(&on_my_ward)
        }
        (NurseInCharge, UpdatePatientDetails | TransferPatient | AcknowledgeConcern) => within(&on_my_ward),
        (PeerSupportWorker, UpdatePatientDetails | TransferPatient | AcknowledgeConcern) => {
            Decision::Denied(NOT_YOUR_ROLE)
        }
        (PeerSupportWorker | NurseInCharge, ViewAuditTrail) => Decision::Denied(NOT_YOUR_ROLE),
        (PeerSupportWorker, WorkShift) | (NurseInCharge, ReceiveShiftReport) => within(&on_my_ward),
        (PeerSupportWorker, ReceiveShiftReport) | (NurseInCharge | Manager, WorkShift) => {
            Decision::Denied(NOT_YOUR_ROLE)
        }
        (Manager, ReceiveShiftReport) => Decision::Denied(NOT_YOUR_ROLE),
        (NurseInCharge, ViewDashboard) => within(&on_my_ward),
        (Manager, ViewDashboard) => within(&on_my_site),
        (PeerSupportWorker, ViewDashboard) => Decision::Denied(NOT_YOUR_ROLE),
        (PeerSupportWorker, LogWork) => within(&on_my_ward),
        (NurseInCharge | Manager, LogWork) => Decision::Denied(NOT_YOUR_ROLE),
        (PeerSupportWorker | NurseInCharge, ViewWardAttendance) => within(&on_my_ward),
        (Manager, ViewWardAttendance | CollectReturns) => within(&on_my_site),
        (PeerSupportWorker | NurseInCharge, CollectReturns) => Decision::Denied(NOT_YOUR_ROLE),
        (Manager, ViewCaseload | ViewPatientRecord | ViewAuditTrail) => within(&on_my_site),
        (Manager, ReportLostPhone) => within(&on_my_site),
        (PeerSupportWorker | NurseInCharge, ReportLostPhone) => Decision::Denied(NOT_YOUR_ROLE),
        (Manager, WritePatientRecord | UpdatePatientDetails | TransferPatient | AcknowledgeConcern) => {
            Decision::Denied(NOT_YOUR_ROLE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(wards: &[&str], sites: &[&str]) -> Reach {
        Reach {
            ward_ids: wards.iter().map(|w| w.to_string()).collect(),
            site_ids: sites.iter().map(|s| s.to_string()).collect(),
        }
    }

    const WILLOW: Place<'static> = Place { ward_id: "willow", site_id: "brigid" };
    const KESTREL: Place<'static> = Place { ward_id: "kestrel", site_id: "harbour" };

    #[test]
    fn a_psw_logs_their_own_week_and_a_manager_collects_their_sites_returns() {
        let own = reach(&["willow"], &["brigid"]);
        let as_role = |role, action, place| decide(role, &own, action, Some(place));
        assert_eq!(as_role(Role::PeerSupportWorker, Action::LogWork, WILLOW), Decision::Allowed);
        assert_eq!(
            as_role(Role::PeerSupportWorker, Action::LogWork, KESTREL),
            Decision::Denied(NOT_YOUR_WARDS)
        );
        assert_eq!(as_role(Role::NurseInCharge, Action::LogWork, WILLOW), Decision::Denied(NOT_YOUR_ROLE));
        for role in [Role::PeerSupportWorker, Role::NurseInCharge] {
            assert_eq!(as_role(role, Action::ViewWardAttendance, WILLOW), Decision::Allowed);
            assert_eq!(as_role(role, Action::ViewWardAttendance, KESTREL), Decision::Denied(NOT_YOUR_WARDS));
            assert_eq!(as_role(role, Action::CollectReturns, WILLOW), Decision::Denied(NOT_YOUR_ROLE));
        }
        let manager = reach(&[], &["brigid"]);
        let decide_manager = |action, place| decide(Role::Manager, &manager, action, Some(place));
        assert_eq!(decide_manager(Action::CollectReturns, WILLOW), Decision::Allowed);
        assert_eq!(decide_manager(Action::CollectReturns, KESTREL), Decision::Denied(NOT_YOUR_WARDS));
        assert_eq!(decide_manager(Action::ViewWardAttendance, WILLOW), Decision::Allowed);
        assert_eq!(
            decide(Role::Admin, &manager, Action::CollectReturns, None),
            Decision::Denied(NOT_YOUR_ROLE)
        );
    }

    #[test]
    fn a_psw_works_shifts_on_their_wards_and_the_nurse_in_charge_receives_the_reports() {
        let own = reach(&["willow"], &["brigid"]);
        let psw = |action, place| decide(Role::PeerSupportWorker, &own, action, Some(place));
        assert_eq!(psw(Action::WorkShift, WILLOW), Decision::Allowed);
        assert_eq!(psw(Action::WorkShift, KESTREL), Decision::Denied(NOT_YOUR_WARDS));
        assert_eq!(psw(Action::ReceiveShiftReport, WILLOW), Decision::Denied(NOT_YOUR_ROLE));
        let nurse = |action, place| decide(Role::NurseInCharge, &own, action, Some(place));
        assert_eq!(nurse(Action::ReceiveShiftReport, WILLOW), Decision::Allowed);
        assert_eq!(nurse(Action::ReceiveShiftReport, KESTREL), Decision::Denied(NOT_YOUR_WARDS));
        assert_eq!(nurse(Action::WorkShift, WILLOW), Decision::Denied(NOT_YOUR_ROLE));
        for role in [Role::Manager, Role::Admin] {
            for action in [Action::WorkShift, Action::ReceiveShiftReport] {
                assert_eq!(decide(role, &own, action, Some(WILLOW)), Decision::Denied(NOT_YOUR_ROLE));
            }
        }
    }

    #[test]
    fn the_dashboard_is_for_the_nurse_in_charge_of_the_ward_and_the_sites_managers() {
        let own = reach(&["willow"], &["brigid"]);
        let view = |role| decide(role, &own, Action::ViewDashboard, Some(WILLOW));
        assert_eq!(view(Role::NurseInCharge), Decision::Allowed);
        assert_eq!(view(Role::Manager), Decision::Allowed);
        assert_eq!(view(Role::PeerSupportWorker), Decision::Denied(NOT_YOUR_ROLE));
        assert_eq!(view(Role::Admin), Decision::Denied(NOT_YOUR_ROLE));
        let other = |role| decide(role, &own, Action::ViewDashboard, Some(KESTREL));
        assert_eq!(other(Role::NurseInCharge), Decision::Denied(NOT_YOUR_WARDS));
        assert_eq!(other(Role::Manager), Decision::Denied(NOT_YOUR_WARDS));
    }

    #[test]
    fn a_psw_reaches_their_own_wards_and_no_other() {
        let psw = reach(&["willow"], &["brigid"]);
        for action in [Action::ViewPatientRecord, Action::WritePatientRecord, Action::ViewCaseload] {
            assert_eq!(decide(Role::PeerSupportWorker, &psw, action, Some(WILLOW)), Decision::Allowed);
            assert_eq!(
                decide(Role::PeerSupportWorker, &psw, action, Some(KESTREL)),
                Decision::Denied(NOT_YOUR_WARDS)
            );
        }
    }

    #[test]
    fn only_the_nurse_in_charge_of_the_ward_changes_a_patients_bed_moves_them_or_acknowledges_a_concern() {
        let own = reach(&["willow"], &["brigid"]);
        for action in [Action::UpdatePatientDetails, Action::TransferPatient, Action::AcknowledgeConcern] {
            assert_eq!(decide(Role::NurseInCharge, &own, action, Some(WILLOW)), Decision::Allowed);
            assert_eq!(
                decide(Role::NurseInCharge, &own, action, Some(KESTREL)),
                Decision::Denied(NOT_YOUR_WARDS)
            );
            for role in [Role::PeerSupportWorker, Role::Manager, Role::Admin] {
                assert_eq!(
                    decide(role, &own, action, Some(WILLOW)),
                    Decision::Denied(NOT_YOUR_ROLE),
                    "{role:?}"
                );
            }
        }
    }

    #[test]
    fn a_psw_on_the_same_site_but_another_ward_is_still_refused() {
        let psw = reach(&["rowan"], &["brigid"]);
        assert_eq!(
            decide(Role::PeerSupportWorker, &psw, Action::ViewPatientRecord, Some(WILLOW)),
            Decision::Denied(NOT_YOUR_WARDS)
        );
    }

    #[test]
    fn a_manager_reads_every_ward_of_their_sites_but_writes_no_notes() {
        let manager = reach(&[], &["brigid"]);
        assert_eq!(
            decide(Role::Manager, &manager, Action::ViewPatientRecord, Some(WILLOW)),
            Decision::Allowed
        );
        assert_eq!(decide(Role::Manager, &manager, Action::ViewAuditTrail, Some(WILLOW)), Decision::Allowed);
        assert_eq!(
            decide(Role::Manager, &manager, Action::ViewPatientRecord, Some(KESTREL)),
            Decision::Denied(NOT_YOUR_WARDS)
        );
        assert_eq!(
            decide(Role::Manager, &manager, Action::WritePatientRecord, Some(WILLOW)),
            Decision::Denied(NOT_YOUR_ROLE)
        );
    }

    #[test]
    fn an_admin_sets_things_up_but_reads_no_clinical_record() {
        let admin = reach(&["willow"], &["brigid"]);
        assert_eq!(decide(Role::Admin, &admin, Action::Administer, None), Decision::Allowed);
        for action in [Action::ViewCaseload, Action::ViewPatientRecord, Action::ViewAuditTrail] {
            assert_eq!(decide(Role::Admin, &admin, action, Some(WILLOW)), Decision::Denied(NOT_YOUR_ROLE));
        }
    }

    #[test]
    fn only_an_admin_administers() {
        for role in [Role::PeerSupportWorker, Role::NurseInCharge, Role::Manager] {
            assert_eq!(
                decide(role, &Reach::default(), Action::Administer, None),
                Decision::Denied(NOT_YOUR_ROLE)
            );
        }
    }
}
