//! *Needs attention* on the home page: every record of this person's that
//! the server refused, with its reason and its text to copy out, and what
//! can be done: send it again once what stopped it is put right, or remove
//! it once dealt with. Nothing refused is ever hidden.

use crate::sync::copy_out::{clock_fast, kind, plain_text, written};
use crate::sync::{Kept, KeptState};
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn NeedsAttention(kept: ReadSignal<Vec<Kept>>, names: HashMap<String, String>) -> impl IntoView {
    let refused = Memo::new(move |_| {
        kept.with(|kept| {
            kept.iter().filter(|k| matches!(k.state, KeptState::Rejected { .. })).cloned().collect::<Vec<_>>()
        })
    });
    let names = StoredValue::new(names);
    // Said outside the list, so "sent again" stays once the record leaves it.
    let said = RwSignal::new(String::new());
    let count = move || match refused.with(Vec::len) {
        1 => "1 record the server refused is only on this phone.".to_owned(),
        n => format!("{n} records the server refused are only on this phone."),
    };
    view! {
        <Show when=move || refused.with(|r| !r.is_empty())>
            <section class="needs-attention" aria-labelledby="needs-attention-title">
                <h2 id="needs-attention-title">"Needs attention"</h2>
                <p>
                    {count} " Copy the text into the ward's record if it is needed there, send it again once "
                    "what stopped it is put right, or remove it once you have dealt with it."
                </p>
                <ul class="needs-attention__list">
                    <For each=move || refused.get() key=|k| k.op.id.clone() let:kept>
                        <RefusedRecord about=names.with_value(|n| n.get(kept.field("patient_id")).cloned()) kept said />
                    </For>
                </ul>
            </section>
        </Show>
        <p class="needs-attention__said" role="status" hidden=move || said.with(String::is_empty)>{move || said.get()}</p>
    }
}

#[component]
fn RefusedRecord(kept: Kept, about: Option<String>, said: RwSignal<String>) -> impl IntoView {
    let reason = match &kept.state {
        KeptState::Rejected { reason, .. } => reason.clone(),
        _ => String::new(),
    };
    let text_id = format!("refused-{}", kept.op.id);
    let title = match &about {
        Some(name) => format!("{}: {name}", kind(&kept.op.entity)),
        None => kind(&kept.op.entity).to_owned(),
    };
    let clock = clock_fast(&kept).map(|by| {
        view! {
            <p>
                "This phone's clock was about " {by.clone()} " fast when this was written. Once its date and time "
                "are right (set to automatic), Send again moves the record's times back by " {by} "."
            </p>
        }
    });
    let text = plain_text(&kept, about.as_deref());
    let op_id = kept.op.id.clone();
    let copy = {
        let (text, text_id) = (text.clone(), text_id.clone());
        move |_| {
            #[cfg(feature = "hydrate")]
            copy_out(text.clone(), text_id.clone(), said);
            #[cfg(not(feature = "hydrate"))]
            let _ = (&text, &text_id, said);
        }
    };
    let again = {
        let op_id = op_id.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            said.set(match crate::sync::browser::send_again(&op_id) {
                Ok(()) => "Sent again: it goes to the server by itself, and the top of the screen says if anything stops it.".into(),
                Err(why) => format!("It cannot be sent again yet: {why}"),
            });
            #[cfg(not(feature = "hydrate"))]
            let _ = &op_id;
        }
    };
    let remove = move |_| {
        #[cfg(feature = "hydrate")]
        if crate::sync::browser::discard_refused(&op_id) {
            said.set("Removed from this phone.".into());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&op_id, said);
    };
    view! {
        <li class="refused">
            <h3 class="refused__title">{title}</h3>
            <p class="refused__meta">"Written " {written(&kept)}</p>
            <p class="refused__reason"><strong>"Refused: "</strong>{reason}</p>
            {clock}
            <pre class="refused__text" id=text_id tabindex="0" aria-label="The record's text">{text}</pre>
            <div class="refused__actions">
                <button class="button button--secondary" type="button" on:click=copy>"Copy the text"</button>
                <button class="button" type="button" on:click=again>"Send again"</button>
                <button class="button button--secondary" type="button" on:click=remove>"Remove from this phone"</button>
            </div>
        </li>
    }
}

/// Puts `text` on the clipboard; where the browser will not (an insecure
/// address, permission refused), selects it on the screen instead for the
/// phone's own Copy.
#[cfg(feature = "hydrate")]
fn copy_out(text: String, text_id: String, said: RwSignal<String>) {
    use wasm_bindgen_futures::JsFuture;
    let Some(window) = web_sys::window() else { return };
    let select = move || {
        let document = window.document();
        let node = document.as_ref().and_then(|d| d.get_element_by_id(&text_id));
        if let (Some(node), Ok(Some(selection))) = (node, window.get_selection()) {
            let _ = selection.select_all_children(&node);
        }
        said.set("The text is selected: copy it with your phone's Copy.".into());
    };
    let write = web_sys::window().map(|w| w.navigator().clipboard().write_text(&text));
    wasm_bindgen_futures::spawn_local(async move {
        let copied = match write {
            Some(promise) => JsFuture::from(promise).await.is_ok(),
            None => false,
        };
        if copied {
            said.set("Copied the text.".into());
        } else {
            select();
        }
    });
}
