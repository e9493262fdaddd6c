//! `session`: a peer support contact, many to a shift, so stored by the
//! hundred in one statement.

use super::{Bind, New, Rows};
use app::domain::sync::NewSession;

impl Rows for NewSession {
    const INSERT: &'static str = "insert into sessions (id, op_id, patient_id, ward_id, author_id,
        session_type, started_at, duration_min, note, hlc, details) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        let s = n.record;
        let details = serde_json::to_string(&s.details).unwrap_or_else(|_| "{}".into());
        let mut row = n.about_patient();
        row.extend([
            (&s.session_type).into(),
            s.started_at.into(),
            i64::from(s.duration_min).into(),
            (&s.note).into(),
            (&n.op.hlc).into(),
            details.into(),
        ]);
        row
    }
}
