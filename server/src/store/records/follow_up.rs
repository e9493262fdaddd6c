//! `follow_up`: something a PSW means to do for a patient.

use super::{Bind, New, Rows};
use app::domain::follow_up::{date_text, NewFollowUp};

impl Rows for NewFollowUp {
    const INSERT: &'static str = "insert into follow_ups (id, op_id, patient_id, ward_id, author_id,
        text, due_on, session_id, hlc) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        let f = n.record;
        let mut row = n.about_patient();
        row.extend([
            (&f.text).into(),
            f.due_on.map(date_text).into(),
            (&f.session_id).into(),
            (&n.op.hlc).into(),
        ]);
        row
    }
}
