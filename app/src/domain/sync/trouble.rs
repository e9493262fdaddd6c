//! Why a sync round brought no answer, told apart from "no signal": a
//! server that refuses the phone's records will refuse them on every retry,
//! so the person must be told what to do, not that they will go by themselves.

use serde_json::Value;

/// How a sync round that brought no answer ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No network, or the server down, busy or slow (5xx, 408, 429): tried
    /// again later by itself, and the records go once it answers.
    Unreachable,
    /// 401: the sign-in has ended (left idle, or signed out elsewhere).
    SignedOut,
    /// 403: the account may not send records now; the server's reason.
    NotAllowed(String),
    /// Any other refusal (413, 400…); the server's reason.
    Refused(String),
    /// 410: a manager reported this phone lost; it wipes itself.
    Lost,
}

impl Failure {
    /// Reads an answer other than 200 from `/api/sync`: its status and body
    /// (`{"error": "…"}` for the server's own refusals).
    pub fn of_answer(status: u16, body: &str) -> Failure {
        let said = serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| v.get("error")?.as_str().map(str::to_owned))
            .unwrap_or_default();
        match status {
            401 => Failure::SignedOut,
            403 => Failure::NotAllowed(said),
            410 => Failure::Lost,
            408 | 429 => Failure::Unreachable,
            400..=499 => Failure::Refused(said),
            _ => Failure::Unreachable,
        }
    }

    /// What the person is told while `unsent` of their records wait, or
    /// nothing when the records will go by themselves.
    pub fn message(&self, unsent: usize) -> Option<String> {
        let records = match unsent {
            0 => None,
            1 => Some("your 1 record".to_owned()),
            n => Some(format!("your {n} records")),
        };
        let reason = |said: &str| match said {
            "" => String::new(),
            said => format!(" It said: \u{201c}{said}\u{201d}"),
        };
        let text = match (self, records) {
            (Failure::Unreachable, _) => return None,
            // Never on screen for long: the app wipes itself and says why.
            (Failure::Lost, _) => "This phone was reported lost.".to_owned(),
            (Failure::SignedOut, None) => "Your sign-in has ended. Sign in again to carry on.".to_owned(),
            (Failure::SignedOut, Some(records)) => format!(
                "Your sign-in has ended. Sign in again to send {records}: they are safe on this phone until then."
            ),
            (Failure::NotAllowed(said), records) => format!(
                "The server will not take records from your account just now{}.{} \
                 Ask your manager or the ward's administrator to check your account.",
                records.map(|r| format!(", so {r} stay on this phone")).unwrap_or_default(),
                reason(said)
            ),
            (Failure::Refused(said), records) => format!(
                "The server refused {}.{} Keep the phone and tell your manager or the IT service desk.",
                records.map(|r| format!("{r}, so they stay on this phone")).unwrap_or("this phone's sync".into()),
                reason(said)
            ),
        };
        Some(text)
    }

    /// The end of "Saved on this phone." for a record just kept: when it
    /// will reach the server.
    pub fn when_it_goes(&self) -> &'static str {
        match self {
            // True whatever happens next: the banner says if anything stops it.
            Failure::Unreachable => {
                "It goes to the server by itself; the top of the screen says if anything stops it."
            }
            Failure::SignedOut => "Your sign-in has ended: sign in again to send it to the server.",
            Failure::NotAllowed(_) | Failure::Refused(_) => {
                "The server is not taking this phone's records just now: see the message at the top."
            }
            Failure::Lost => "This phone was reported lost.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Failure;

    #[test]
    fn each_answer_is_told_apart_from_no_signal() {
        assert_eq!(Failure::of_answer(401, r#"{"error":"Sign in to continue."}"#), Failure::SignedOut);
        assert_eq!(Failure::of_answer(410, r#"{"error":"This phone was reported lost…"}"#), Failure::Lost);
        assert_eq!(
            Failure::of_answer(403, r#"{"error":"Choose a new password before carrying on."}"#),
            Failure::NotAllowed("Choose a new password before carrying on.".into())
        );
        assert_eq!(
            Failure::of_answer(413, r#"{"error":"A sync request is at most 2 MB."}"#),
            Failure::Refused("A sync request is at most 2 MB.".into())
        );
        assert_eq!(Failure::of_answer(400, "<html>"), Failure::Refused(String::new()));
        for status in [500, 502, 503, 504, 408, 429, 0] {
            assert_eq!(Failure::of_answer(status, ""), Failure::Unreachable, "{status}");
        }
    }

    #[test]
    fn a_record_just_saved_says_truly_when_it_goes() {
        assert!(Failure::Unreachable.when_it_goes().contains("by itself"));
        assert!(Failure::SignedOut.when_it_goes().contains("sign in again"));
        assert!(!Failure::Refused(String::new()).when_it_goes().contains("signal"));
    }

    #[test]
    fn the_person_is_told_what_to_do_with_how_many_records() {
        assert_eq!(Failure::Unreachable.message(3), None, "no signal is the offline banner's to say");
        let signed_out = Failure::SignedOut.message(3).expect("a message");
        assert!(signed_out.contains("Sign in again to send your 3 records"), "{signed_out}");
        assert!(Failure::SignedOut.message(1).expect("a message").contains("your 1 record:"));
        let refused =
            Failure::Refused("A sync request is at most 2 MB.".into()).message(2).expect("a message");
        assert!(refused.contains("refused your 2 records") && refused.contains("at most 2 MB"), "{refused}");
        let not_allowed = Failure::NotAllowed(String::new()).message(1).expect("a message");
        assert!(not_allowed.contains("manager") && !not_allowed.contains("said"), "{not_allowed}");
        assert_eq!(
            Failure::SignedOut.message(0).as_deref(),
            Some("Your sign-in has ended. Sign in again to carry on."),
            "nothing waiting: no count of nothing"
        );
    }
}
