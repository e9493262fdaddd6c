//! The two screens of the device lock: choose a PIN, and unlock. The server
//! draws them into every signed-in page, outside the hydrated app, hidden by
//! the style sheet until `<html data-needs-pin>` or `<html data-locked>`: a
//! locked page is hidden before any WebAssembly arrives, and the lock needs
//! none of the app's views to work (`watcher` wires the forms).

use crate::domain::SignedIn;
use leptos::prelude::*;

#[component]
pub fn LockScreens(user: SignedIn) -> impl IntoView {
    let greeting = format!("Enter your PIN to carry on, {}.", user.display_name);
    view! {
        <div id="device-lock" data-staff-id=user.staff_id data-staff-name=user.display_name.clone()>
            <div class="device-lock device-lock--choose" role="dialog" aria-modal="true" aria-labelledby="choose-pin-title">
                <div class="device-lock__box">
                    <h2 id="choose-pin-title">"Choose a PIN for this device"</h2>
                    <p>"The app locks itself when it has not been used for a few minutes, so nobody else can read what is on screen. Your PIN unlocks it, even with no signal."</p>
                    <form id="choose-pin-form" class="form" novalidate>
                        <div class="form-group">
                            <label class="label" for="new-pin">"PIN"</label>
                            <p class="hint" id="new-pin-hint">"4 to 8 numbers. Not 1234 or one number repeated."</p>
                            <input class="input input--pin" id="new-pin" name="new_pin" type="password" inputmode="numeric"
                                autocomplete="off" maxlength="8" aria-describedby="new-pin-hint" />
                        </div>
                        <div class="form-group">
                            <label class="label" for="new-pin-again">"PIN again"</label>
                            <input class="input input--pin" id="new-pin-again" name="new_pin_again" type="password"
                                inputmode="numeric" autocomplete="off" maxlength="8" />
                        </div>
                        <div class="error-message" id="choose-pin-error" role="alert"></div>
                        <button class="button" type="submit">"Save PIN"</button>
                    </form>
                </div>
            </div>
            <div class="device-lock device-lock--unlock" role="dialog" aria-modal="true" aria-labelledby="unlock-title">
                <div class="device-lock__box">
                    <h2 id="unlock-title">"Alongside is locked"</h2>
                    <p>{greeting}</p>
                    <form id="unlock-form" class="form" novalidate>
                        <div class="form-group">
                            <label class="label" for="unlock-pin">"PIN"</label>
                            <input class="input input--pin" id="unlock-pin" name="pin" type="password" inputmode="numeric"
                                autocomplete="off" maxlength="8" />
                        </div>
                        <div class="error-message" id="unlock-error" role="alert"></div>
                        <button class="button" type="submit">"Unlock"</button>
                    </form>
                    <form id="lock-sign-out-form" method="post" action="/logout" class="device-lock__other">
                        <p>"Not you, or forgotten your PIN?"</p>
                        <input type="hidden" name="keep_unsent" value="1" disabled />
                        <button class="button button--secondary" type="submit">"Sign out"</button>
                    </form>
                </div>
            </div>
        </div>
    }
}
