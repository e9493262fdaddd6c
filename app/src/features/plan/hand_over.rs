//! "Hand to Aisha": gives the tablet to a patient for their plan. From then
//! on it shows only their plan until staff take it back with their PIN.

use leptos::prelude::*;

#[component]
pub fn HandToPatient(patient_id: String, preferred_name: String) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        if let Err(message) = crate::device::hand_to(&patient_id) {
            problem.set(Some(message));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &patient_id;
    };
    view! {
        <div class="hand-over">
            <p class="hint">
                {format!("{preferred_name} can write their own plan on this device. It will show only their plan until you unlock it with your PIN.")}
            </p>
            <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <button class="button" type="button" on:click=on_click>{format!("Hand to {preferred_name}")}</button>
        </div>
    }
}
