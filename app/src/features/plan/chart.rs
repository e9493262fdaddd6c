//! A goal's check-ins as a small line chart: inline SVG, each point labelled
//! with its number, so it reads without colour; and a sentence for screen
//! readers.

use crate::domain::plan::Checkin;
use leptos::prelude::*;

const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 120.0;
const PAD: f64 = 18.0;

/// Where each check-in sits: evenly along, 0 at the bottom and 10 at the top.
pub fn points(scores: &[u8]) -> Vec<(f64, f64)> {
    let n = scores.len();
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let x = if n < 2 { WIDTH / 2.0 } else { PAD + (WIDTH - 2.0 * PAD) * i as f64 / (n - 1) as f64 };
            let y = HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * f64::from(*s) / 10.0;
            (x.round(), y.round())
        })
        .collect()
}

/// "Check-ins, out of 10: 3 on 1 Dec, then 6 on 3 Dec."
pub fn describe(checkins: &[Checkin]) -> String {
    let each: Vec<String> = checkins
        .iter()
        .map(|c| {
            let day = crate::domain::instant::parse_rfc3339(&c.written.at)
                .map(|at| crate::domain::instant::day_and_month(crate::domain::uk_time::to_uk(at).date()))
                .unwrap_or_default();
            format!("{} on {day}", c.score)
        })
        .collect();
    format!("How close they felt, out of 10: {}.", each.join(", then "))
}

#[component]
pub fn CheckinChart(checkins: Vec<Checkin>) -> impl IntoView {
    if checkins.is_empty() {
        return view! { <p class="hint">"No check-ins yet."</p> }.into_any();
    }
    let scores: Vec<u8> = checkins.iter().map(|c| c.score).collect();
    let at = points(&scores);
    let line = at.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" ");
    let (top, bottom) = (PAD, HEIGHT - PAD);
    view! {
        <figure class="checkin-chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=describe(&checkins) focusable="false">
                <line class="checkin-chart__axis" x1="0" y1=top x2=WIDTH y2=top />
                <line class="checkin-chart__axis" x1="0" y1=bottom x2=WIDTH y2=bottom />
                <text class="checkin-chart__scale" x="2" y=top - 4.0>"10"</text>
                <text class="checkin-chart__scale" x="2" y=bottom + 14.0>"0"</text>
                <polyline class="checkin-chart__line" points=line />
                {at.iter().zip(&scores).map(|((x, y), s)| view! {
                    <circle class="checkin-chart__point" cx=*x cy=*y r="5" />
                    <text class="checkin-chart__label" x=*x y=y - 9.0 text-anchor="middle">{s.to_string()}</text>
                }).collect_view()}
            </svg>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::points;

    #[test]
    fn check_ins_run_left_to_right_nought_at_the_bottom() {
        let at = points(&[0, 10, 5]);
        assert_eq!(at[0], (18.0, 102.0));
        assert_eq!(at[1], (150.0, 18.0));
        assert_eq!(at[2], (282.0, 60.0));
        assert_eq!(points(&[7]), vec![(150.0, 43.0)], "one check-in sits in the middle");
    }
}
