//! The patient's timeline: sessions, the groups they came to and concerns
//! raised about them (with their acknowledgements), newest first, addenda
//! under each session, and where each record is. The server draws what it has; once the app runs,
//! what this phone holds is laid over it and kept up to date as sync works.

use crate::domain::concern::ConcernView;
use crate::domain::group::GroupLine;
use crate::domain::timeline::{
    duration_label, entries, kind_label, older_label, session_type_label, RecordState, TimelineAddendum,
    TimelineEntry, TimelineSession, TIMELINE_PAGE,
};
use crate::domain::uk_time;
use crate::features::concerns::{ticking_now, CardSettings, ConcernCard};
use crate::sync::{group_lines as group_lines_shown, overlay, Kept};
use leptos::prelude::*;
use std::collections::HashMap;

fn friendly(rfc3339: &str) -> String {
    crate::domain::instant::parse_rfc3339(rfc3339).map(uk_time::friendly).unwrap_or_default()
}

/// What this phone holds that its user may read, kept up to date as sync
/// works: read once per change for the whole page (the timeline and the bed
/// share it), since each read decodes every record on the device.
pub fn kept_on_this_phone() -> ReadSignal<Vec<Kept>> {
    let kept = RwSignal::new(Vec::new());
    #[cfg(feature = "hydrate")]
    {
        use crate::sync::browser::{readable, RECORDS_CHANGED};
        Effect::new(move |_| kept.set(readable()));
        let handle = window_event_listener_untyped(RECORDS_CHANGED, move |_| kept.set(readable()));
        on_cleanup(move || handle.remove());
    }
    kept.read_only()
}

#[component]
pub fn Timeline(
    patient_id: String,
    sessions: Vec<TimelineSession>,
    group_lines: Vec<GroupLine>,
    /// Concerns about them, the phone's laid over the server's.
    concerns: Memo<Vec<ConcernView>>,
    /// How a concern's card is drawn for this reader.
    card: CardSettings,
    can_write: bool,
    kept: ReadSignal<Vec<Kept>>,
) -> impl IntoView {
    let about = patient_id.clone();
    let all_sessions = Memo::new(move |_| kept.with(|kept| overlay(&sessions, kept, &about)));
    let all_groups = Memo::new(move |_| kept.with(|kept| group_lines_shown(&group_lines, kept, &patient_id)));
    let all =
        Memo::new(move |_| all_sessions.with(|s| all_groups.with(|g| concerns.with(|c| entries(s, g, c)))));
    let now_ms = ticking_now();
    // "" shows everything; otherwise one kind of entry.
    let (only, set_only) = signal(String::new());
    // The newest entries only, and more on asking: a long stay can leave
    // hundreds, and drawing them all made every save slower than a frame.
    let (limit, set_limit) = signal(TIMELINE_PAGE);
    // The chosen entries shown, and how many more there are.
    let page: Memo<(Vec<TimelineEntry>, usize)> = Memo::new(move |_| {
        only.with(|only| {
            all.with(|all| {
                let mut chosen = all.iter().filter(|e| only.is_empty() || e.kind() == only);
                let shown = chosen.by_ref().take(limit.get()).cloned().collect();
                (shown, chosen.count())
            })
        })
    });
    let older = move || page.with(|(_, older)| *older);
    // What can change about a session or group shown (where it is, a
    // session's addenda), by id: each item follows its own entry, and
    // redraws only when that changes. A concern's card follows `concerns`.
    let live = Memo::new(move |_| {
        page.with(|(shown, _)| {
            shown
                .iter()
                .filter_map(|e| {
                    let live = match e {
                        TimelineEntry::Session(s) => {
                            Live { state: s.state.clone(), addenda: s.addenda.clone() }
                        }
                        TimelineEntry::Group(g) => Live { state: g.state.clone(), addenda: Vec::new() },
                        TimelineEntry::Concern(_) => return None,
                    };
                    Some((e.id().to_owned(), live))
                })
                .collect()
        })
    });
    let kinds = Memo::new(move |_| {
        all.with(|all| {
            let mut kinds: Vec<String> = all.iter().map(|e| e.kind().to_owned()).collect();
            kinds.sort();
            kinds.dedup();
            kinds
        })
    });

    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Sessions"</h2>
            <Show when=move || all.with(|s| s.is_empty())>
                <p>"No sessions recorded yet."</p>
            </Show>
            <Show when=move || kinds.with(|t| t.len() > 1)>
                <div class="form-group timeline__filter">
                    <label class="label" for="timeline-filter">"Show"</label>
                    <select class="input" id="timeline-filter" on:change=move |ev| set_only.set(event_target_value(&ev))>
                        <option value="">"Every type of session"</option>
                        {move || kinds.get().into_iter().map(|t| {
                            let label = kind_label(&t).to_owned();
                            view! { <option value=t.clone() selected=only.with_untracked(|o| *o == t)>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <ol class="timeline__list">
                <For each=move || page.with(|(shown, _)| shown.clone()) key=|e| e.id().to_owned() let(entry)>
                    {match entry {
                        TimelineEntry::Session(session) => view! { <SessionItem first=session live can_write /> }.into_any(),
                        TimelineEntry::Group(line) => view! { <GroupItem first=line live /> }.into_any(),
                        TimelineEntry::Concern(concern) => {
                            let id = concern.id.clone();
                            let current = Memo::new(move |_| concerns.with(|all| all.iter().find(|c| c.id == id).cloned()));
                            view! { <ConcernCard first=concern current now_ms settings=card /> }.into_any()
                        }
                    }}
                </For>
            </ol>
            <Show when=move || { older() > 0 }>
                <button type="button" class="button button--secondary timeline__more"
                    on:click=move |_| set_limit.update(|l| *l += TIMELINE_PAGE)>
                    {move || older_label(older())}
                </button>
            </Show>
        </section>
    }
}

/// What can change about a session once drawn.
#[derive(Clone, Debug, PartialEq)]
struct Live {
    state: RecordState,
    addenda: Vec<TimelineAddendum>,
}

/// One session. What never changes (a saved note) is drawn once; its state
/// and addenda follow the device, so an addendum being typed is never lost
/// to a redraw.
#[component]
fn SessionItem(first: TimelineSession, live: Memo<HashMap<String, Live>>, can_write: bool) -> impl IntoView {
    let id = first.id.clone();
    let mine = Memo::new(move |_| live.with(|live| live.get(&id).cloned()));
    let state = move || mine.with(|m| m.as_ref().map_or(RecordState::Saved, |m| m.state.clone()));
    let heading_id = format!("session-{}", first.id);
    let labelled_by = heading_id.clone();
    view! {
        <li class="timeline__item">
            <article aria-labelledby=labelled_by>
                <h3 class="timeline__title" id=heading_id>{session_type_label(&first.session_type).to_owned()}</h3>
                <p class="timeline__meta">
                    {friendly(&first.started_at)} " · " {duration_label(first.duration_min)} " · " {first.author_name.clone()}
                </p>
                <StateTag state=Signal::derive(state) op_id=first.op_id.clone() />
                {(!first.note.is_empty()).then(|| view! { <p class="timeline__note">{first.note.clone()}</p> })}
                <super::SessionDetails details=first.details.clone() />
                <ul class="addenda">
                    {move || {
                        mine.get().map(|m| m.addenda.into_iter().map(|a| view! { <AddendumItem addendum=a /> }).collect_view())
                    }}
                </ul>
                {can_write.then(|| view! { <super::AddendumForm session_id=first.id.clone() /> })}
            </article>
        </li>
    }
    .into_any()
}

/// A group the person came to: the group, the line written about them,
/// and where the record is; never the other people who came.
#[component]
fn GroupItem(first: GroupLine, live: Memo<HashMap<String, Live>>) -> impl IntoView {
    let id = first.group_id.clone();
    let state = move || live.with(|live| live.get(&id).map_or(RecordState::Saved, |m| m.state.clone()));
    let heading_id = format!("group-{}", first.group_id);
    let labelled_by = heading_id.clone();
    let place = (!first.place.is_empty()).then(|| format!(" · {}", first.place));
    let meta = format!(
        "{}{} · {}",
        friendly(&first.started_at),
        place.unwrap_or_default(),
        duration_label(first.duration_min)
    );
    view! {
        <li class="timeline__item timeline__item--group">
            <article aria-labelledby=labelled_by>
                <h3 class="timeline__title" id=heading_id>{format!("Group: {}", first.title)}</h3>
                <p class="timeline__meta">{meta}</p>
                <p class="timeline__meta">{first.summary()}</p>
                <StateTag state=Signal::derive(state) op_id=first.op_id.clone() />
                {(!first.line.is_empty()).then(|| view! { <p class="timeline__note">{first.line.clone()}</p> })}
                {(!first.note.is_empty()).then(|| view! {
                    <p class="timeline__note"><span class="addenda__reason">"About the group: "</span>{first.note.clone()}</p>
                })}
            </article>
        </li>
    }
    .into_any()
}

#[component]
fn AddendumItem(addendum: TimelineAddendum) -> impl IntoView {
    view! {
        <li class="addenda__item">
            <p class="addenda__meta">
                <strong>"Addendum"</strong> " by " {addendum.author_name} ", " {friendly(&addendum.written_at)}
            </p>
            <p><span class="addenda__reason">"Reason: "</span>{addendum.reason}</p>
            <p class="timeline__note">{addendum.text}</p>
            <StateTag state=Signal::derive(move || addendum.state.clone()) op_id=addendum.op_id />
        </li>
    }
}

/// Where the record is: on the server, on this phone only, or refused (with
/// the reason, and a way to clear it once dealt with).
#[component]
pub fn StateTag(
    state: Signal<RecordState>,
    op_id: String,
    /// In the plain words of a patient's plan rather than staff's.
    #[prop(optional)]
    plain: bool,
) -> impl IntoView {
    use crate::domain::plan::words;
    let label = move || if plain { state.with(words::state) } else { state.with(RecordState::label) };
    let remove = if plain { words::REMOVE_IT } else { "Remove from this phone" };
    view! {
        <p class="record-state">
            <strong class=move || format!("tag tag--{}", state.with(RecordState::tag))>{label}</strong>
            {move || match state.get() {
                RecordState::Refused(reason) => {
                    let op_id = op_id.clone();
                    Some(view! {
                        <span class="record-state__reason">" " {reason}</span>
                        " "
                        <button class="button button--secondary button--small" type="button"
                            on:click=move |_| {
                                #[cfg(feature = "hydrate")]
                                crate::sync::browser::discard_refused(&op_id);
                                #[cfg(not(feature = "hydrate"))]
                                let _ = &op_id;
                            }>
                            {remove}
                        </button>
                    })
                }
                _ => None,
            }}
        </p>
    }
}
