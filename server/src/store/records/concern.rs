//! `concern`: a risk concern raised with the ward's nurse in charge.

use super::{Bind, New, Rows};
use app::domain::concern::NewConcern;

impl Rows for NewConcern {
    const INSERT: &'static str = "insert into concerns (id, op_id, patient_id, ward_id, author_id,
        category, what_happened, done_now, told, session_id, hlc, received_at) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        let c = n.record;
        let mut row = n.about_patient();
        row.extend([
            c.category.as_str().into(),
            (&c.what_happened).into(),
            (&c.done_now).into(),
            (&c.told).into(),
            (&c.session_id).into(),
            (&n.op.hlc).into(),
            n.now.into(),
        ]);
        row
    }
}
