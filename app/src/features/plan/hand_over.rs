//! "Hand to Aisha": gives the tablet to a patient for their plan, once the
//! member of staff has typed their PIN. From then on it shows only the
//! patient's plan until the same PIN takes it back: the server holds the
//! mode too, so nothing typed into the address bar leaves the plan.

use leptos::prelude::*;

#[component]
pub fn HandToPatient(patient_id: String, preferred_name: String) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let pin = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let (id, typed) = (patient_id.clone(), pin.get_untracked());
            leptos::task::spawn_local(async move {
                let outcome = crate::device::hand_to(&id, &typed).await;
                pin.set(String::new());
                busy.set(false);
                problem.set(outcome.err());
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &patient_id;
    };
    view! {
        // lock.js keeps this form from submitting before the app has loaded.
        <form id="hand-over-form" class="hand-over form" on:submit=on_submit novalidate>
            <p class="hint" id="hand-over-hint">
                {format!("{preferred_name} can write their own plan on this device. It will show only their plan until you take it back with your PIN.")}
            </p>
            <div class="form-group">
                <label class="label" for="hand-over-pin">"Your PIN"</label>
                <input class="input input--pin" id="hand-over-pin" type="password" inputmode="numeric"
                    autocomplete="off" maxlength="8" aria-describedby="hand-over-hint"
                    prop:value=pin on:input=move |ev| pin.set(event_target_value(&ev)) />
            </div>
            <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <button class="button" type="submit" disabled=busy>{format!("Hand to {preferred_name}")}</button>
        </form>
    }
}
