//! A form's draft on the device: every named field as typed or ticked, kept
//! under one key, so a reload or an incoming call loses nothing. Works on
//! any form's controls (read through their DOM properties). Sealed like
//! every record (`sync::sealed`): with the data key not yet open, no draft
//! is kept or put back.

use crate::domain::contact::Lateness;
use crate::sync::Kv;
use gloo_storage::{LocalStorage, Storage};
use js_sys::Reflect;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use web_sys::HtmlFormElement;

fn prop(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text(target: &JsValue, name: &str) -> String {
    prop(target, name).as_string().unwrap_or_default()
}

fn is_choice(control: &JsValue) -> bool {
    matches!(text(control, "type").as_str(), "checkbox" | "radio")
}

/// The form's named controls, in order.
fn controls(form: &HtmlFormElement) -> Vec<JsValue> {
    let elements = prop(form.as_ref(), "elements");
    let count = prop(&elements, "length").as_f64().unwrap_or_default() as u32;
    (0..count)
        .filter_map(|i| Reflect::get_u32(&elements, i).ok())
        .filter(|c| {
            !text(c, "name").is_empty() && !matches!(text(c, "type").as_str(), "submit" | "button" | "hidden")
        })
        .collect()
}

/// Keeps what the form holds under `key`. A full device only costs the
/// draft; the text is still on screen.
pub fn keep(key: &str, form: &HtmlFormElement) {
    let mut draft = Map::new();
    for control in controls(form) {
        let values = draft.entry(text(&control, "name")).or_insert_with(|| Value::Array(Vec::new()));
        let kept = !is_choice(&control) || prop(&control, "checked").as_bool() == Some(true);
        if let (true, Value::Array(values)) = (kept, values) {
            values.push(Value::String(text(&control, "value")));
        }
    }
    let _ = crate::sync::vault::store().set(key, &Value::Object(draft).to_string());
}

/// Puts a kept draft back. Fields the draft does not name keep their
/// defaults; an older draft's plain strings read as one value each.
/// Whether there was a draft to put back.
pub fn restore(key: &str, form: &HtmlFormElement) -> bool {
    let Some(kept) = crate::sync::vault::store().get(key) else { return false };
    let Ok(Value::Object(draft)) = serde_json::from_str::<Value>(&kept) else { return false };
    // Fields that share a name (rows of a list) take their values in order.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for control in controls(form) {
        let name = text(&control, "name");
        let values: Vec<&str> = match draft.get(&name) {
            Some(Value::Array(values)) => values.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(value)) => vec![value.as_str()],
            _ => continue,
        };
        if is_choice(&control) {
            let checked = values.contains(&text(&control, "value").as_str());
            let _ = Reflect::set(&control, &"checked".into(), &checked.into());
        } else {
            let nth = seen.entry(name).or_default();
            if let Some(value) = values.get(*nth) {
                let _ = Reflect::set(&control, &"value".into(), &(*value).into());
            }
            *nth += 1;
        }
    }
    true
}

/// The values of the ticked boxes called `name`.
pub fn ticked(form: &HtmlFormElement, name: &str) -> Vec<String> {
    controls(form)
        .into_iter()
        .filter(|c| is_choice(c) && text(c, "name") == name && prop(c, "checked").as_bool() == Some(true))
        .map(|c| text(&c, "value"))
        .collect()
}

/// Saves the form's record with its draft set aside: on a phone with room
/// for just one more note, the draft (the same text) must not take it. A
/// save that fails keeps the draft again (if there is room; the text is on
/// the screen either way).
pub fn set_aside_while<T, E>(
    key: &str,
    form: Option<&HtmlFormElement>,
    save: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let _ = LocalStorage::raw().remove_item(key);
    let saved = save();
    if let (Err(_), Some(form)) = (&saved, form) {
        keep(key, form);
    }
    saved
}

/// Forgets the draft and puts the form back as it was drawn.
pub fn clear(key: &str, form: &HtmlFormElement) {
    let _ = LocalStorage::raw().remove_item(key);
    form.reset();
}

/// Sets the value of the field called `name`.
pub fn set_value(form: &HtmlFormElement, name: &str, value: &str) {
    for control in controls(form).into_iter().filter(|c| text(c, "name") == name) {
        let _ = Reflect::set(&control, &"value".into(), &value.into());
    }
}

/// Whether the form's `started` field makes the entry late (or future).
pub fn lateness(form: &HtmlFormElement, now: chrono::DateTime<chrono::Utc>) -> Option<Lateness> {
    let started = controls(form).into_iter().find(|c| text(c, "name") == "started")?;
    crate::domain::session_form::lateness_of(&text(&started, "value"), now)
}
