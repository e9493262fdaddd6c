//! The caseload page: patients on the signed-in member of staff's wards,
//! grouped by ward, readable on a 320 px phone.

use super::get_home;
use super::get_home::Home as HomeData;
use super::needs_attention::NeedsAttention;
use super::record_group::RecordGroup;
use super::this_phone::ThisPhone;
use crate::domain::follow_up::HomeWork;
use crate::domain::{caseload::friendly_date, CaseloadPatient, WardCaseload};
use crate::domain::{Role, SignedIn};
use crate::features::concerns::HomeConcernsPanel;
use crate::features::follow_ups::YourFollowUps;
use crate::features::patient::kept_on_this_phone;
use crate::features::shifts::{ShiftCard, ShiftReports};
use crate::sync::{seen_here_since, Kept};
use crate::ui::SiteHeader;
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::{HashMap, HashSet};

#[component]
pub fn CaseloadPage() -> impl IntoView {
    let home = Resource::new_blocking(|| (), |_| get_home());

    view! {
        <Title text="Today's caseload" />
        <Suspense fallback=|| view! { <SiteHeader user=None /> }>
            {move || {
                home.get()
                    .map(|result| match result {
                        Ok(home) => view! { <Home home /> }.into_any(),
                        Err(e) => {
                            view! {
                                <SiteHeader user=None />
                                <main id="main" class="page">
                                    <h1>"Today's caseload"</h1>
                                    <p class="error-message" role="alert">
                                        "The caseload could not be loaded: " {error_text(&e)}
                                    </p>
                                    <p><a href="/login">"Sign in again"</a></p>
                                </main>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// The home page of someone signed in: their concerns and follow-ups
/// first (short, and what needs doing), then the caseload.
#[component]
fn Home(home: HomeData) -> impl IntoView {
    let count = WardCaseload::patient_count(&home.wards);
    let names: HashMap<String, String> = home
        .wards
        .iter()
        .flat_map(|w| w.patients.iter().map(|p| (p.id.clone(), p.preferred_name.clone())))
        .collect();
    // Read once per change for the whole page: each read decodes every
    // record the phone keeps.
    let kept = kept_on_this_phone();
    let seen = seen_this_week(&home.work, &home.me, kept);
    let records_groups = matches!(home.me.role, Role::PeerSupportWorker | Role::NurseInCharge);
    let ward_choices: Vec<(String, String)> =
        home.wards.iter().map(|w| (w.ward_id.clone(), w.ward_name.clone())).collect();
    let shift_card = home.shifts.checks_in.then(|| {
        view! { <ShiftCard home=home.shifts.clone() staff_id=home.me.staff_id.clone() wards=ward_choices.clone() kept /> }
    });
    let shift_reports = home.shifts.receives_reports.then(|| {
        view! { <ShiftReports home=home.shifts.clone() wards=ward_choices kept /> }
    });
    let follow_ups = home.work.records.then(|| {
        view! { <YourFollowUps listed=home.work.follow_ups.clone() staff_id=home.me.staff_id.clone() names=names.clone() kept /> }
    });
    view! {
        <SiteHeader user=Some(home.me.clone()) />
        <main id="main" class="page">
            <h1>"Today's caseload"</h1>
            <p class="lede">{caseload_summary(count, home.wards.len())}</p>
            <NeedsAttention kept names=names.clone() />
            <ReportLinks role=home.me.role />
            {shift_card}
            <HomeConcernsPanel home=home.concerns staff_id=home.me.staff_id.clone() names kept />
            {shift_reports}
            {follow_ups}
            {home.wards.into_iter().map(|ward| view! { <WardSection ward seen records_groups /> }).collect_view()}
            <ThisPhone />
        </main>
    }
    .into_any()
}

/// Where the reports are, by who is looking.
#[component]
fn ReportLinks(role: Role) -> impl IntoView {
    let links: &[(&str, &str)] = match role {
        Role::PeerSupportWorker => {
            &[("/reports/returns", "Your weekly return"), ("/reports/attendance", "Ward attendance")]
        }
        Role::NurseInCharge => {
            &[("/dashboard", "Today on the wards, live"), ("/reports/attendance", "Ward attendance")]
        }
        Role::Manager => &[
            ("/dashboard", "Today on the wards, live"),
            ("/reports/returns", "Weekly returns"),
            ("/reports/attendance", "Ward attendance"),
            ("/admin/phones", "Phones and tablets"),
        ],
        Role::Admin => &[],
    };
    (!links.is_empty()).then(|| {
        view! {
            <nav class="report-links" aria-label="Reports">
                <ul>
                    {links.iter().map(|(href, text)| view! { <li><a class="dash-link" href=*href>{*text}</a></li> }).collect_view()}
                </ul>
            </nav>
        }
    })
}

fn error_text(e: &ServerFnError) -> String {
    match e {
        ServerFnError::ServerError(message) => message.clone(),
        _ => "the server could not be reached.".to_owned(),
    }
}

fn caseload_summary(patients: usize, wards: usize) -> String {
    match (patients, wards) {
        (_, 0) => "You are not on any ward yet. Ask your manager to add you to one.".into(),
        (0, _) => "There is nobody on your wards' caseload today.".into(),
        (1, 1) => "1 person on your ward.".into(),
        (p, 1) => format!("{p} people on your ward."),
        (p, w) => format!("{p} people across {w} wards."),
    }
}

/// Whom a PSW has recorded a contact with this week (on the server or on
/// this phone), following the phone; `None` for everyone else.
fn seen_this_week(
    work: &HomeWork,
    me: &SignedIn,
    kept: ReadSignal<Vec<Kept>>,
) -> Option<Memo<HashSet<String>>> {
    if me.role != Role::PeerSupportWorker || !work.records {
        return None;
    }
    let server: HashSet<String> = work.seen_this_week.iter().cloned().collect();
    let since =
        crate::domain::instant::parse_rfc3339(&work.week_starts).map_or(0, |at| at.timestamp_millis());
    let staff_id = me.staff_id.clone();
    Some(Memo::new(move |_| {
        let mut seen = server.clone();
        kept.with(|kept| seen.extend(seen_here_since(kept, &staff_id, since)));
        seen
    }))
}

#[component]
fn WardSection(
    ward: WardCaseload,
    seen: Option<Memo<HashSet<String>>>,
    records_groups: bool,
) -> impl IntoView {
    let heading_id = format!("ward-{}", ward.ward_id);
    let labelled_by = heading_id.clone();
    let record_group = (records_groups && !ward.patients.is_empty()).then(|| {
        view! {
            <RecordGroup ward_id=ward.ward_id.clone() ward_name=ward.ward_name.clone()
                patients=ward.patients.clone() colleagues=ward.colleagues.clone() />
        }
    });
    view! {
        <section class="ward" aria-labelledby=labelled_by>
            <h2 id=heading_id class="ward__title">
                {ward.ward_name}
                <span class="ward__site">{ward.site_name}</span>
            </h2>
            <ul class="patient-list">
                {ward.patients.into_iter().map(|patient| view! { <PatientRow patient seen /> }).collect_view()}
            </ul>
            {record_group}
        </section>
    }
}

#[component]
fn PatientRow(patient: CaseloadPatient, seen: Option<Memo<HashSet<String>>>) -> impl IntoView {
    // Only those who have agreed to peer support are expected to be seen.
    let id = patient.id.clone();
    let not_seen =
        move || patient.consent_to_peer_support && seen.is_some_and(|seen| seen.with(|s| !s.contains(&id)));
    view! {
        <li class="patient">
            <a class="patient__name" href=format!("/patients/{}", patient.id)>
                {patient.preferred_name}
            </a>
            <span class="patient__bed">{patient.bed}</span>
            <span class="patient__meta">
                <span class="visually-hidden">"Local identifier "</span>
                {patient.local_id}
                " · admitted "
                {friendly_date(&patient.admitted_on)}
            </span>
            {(!patient.consent_to_peer_support)
                .then(|| view! { <span class="tag tag--grey">"Has not agreed to peer support"</span> })}
            <Show when=not_seen.clone()>
                <span class="tag tag--unsent">"Not seen by you this week"</span>
            </Show>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::caseload_summary;

    #[test]
    fn the_summary_speaks_in_whole_sentences() {
        assert_eq!(caseload_summary(12, 2), "12 people across 2 wards.");
        assert_eq!(caseload_summary(1, 1), "1 person on your ward.");
        assert!(caseload_summary(0, 0).contains("not on any ward"));
    }
}
