//! Reads a submitted form's fields in the browser, so plain HTML forms (which
//! work before WebAssembly arrives) can dispatch a server action once it has.

use leptos::ev::SubmitEvent;

/// The fields of the form an event was submitted from.
pub struct FormFields {
    #[cfg(feature = "hydrate")]
    data: web_sys::FormData,
}

impl FormFields {
    /// The submitted form's fields; `None` outside the browser.
    pub fn of(ev: &SubmitEvent) -> Option<Self> {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
            web_sys::FormData::new_with_form(&form).ok().map(|data| FormFields { data })
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = ev;
            None
        }
    }

    /// One field's text ("" when absent).
    pub fn text(&self, name: &str) -> String {
        #[cfg(feature = "hydrate")]
        {
            self.data.get(name).as_string().unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = name;
            String::new()
        }
    }

    /// Every value of a repeated field, such as ticked checkboxes.
    pub fn all(&self, name: &str) -> Vec<String> {
        #[cfg(feature = "hydrate")]
        {
            self.data.get_all(name).iter().filter_map(|v| v.as_string()).collect()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = name;
            Vec::new()
        }
    }
}

/// After what a form held was saved: empties the form the event came from
/// and closes the `<details>` it is folded into.
#[cfg(feature = "hydrate")]
pub fn reset_and_close(ev: &SubmitEvent, details: leptos::prelude::NodeRef<leptos::html::Details>) {
    use leptos::prelude::GetUntracked;
    use wasm_bindgen::JsCast;
    if let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) {
        form.reset();
    }
    if let Some(details) = details.get_untracked() {
        details.set_open(false);
    }
}

/// After what a form held was saved: empties the form the event came from.
pub fn reset_form(ev: &SubmitEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) {
            form.reset();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}
