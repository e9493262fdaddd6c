//! `shift_end`: the check-out, with the report for the nurse in charge (one
//! a shift: the table's unique key says so too).

use super::{Bind, New, Rows};
use app::domain::shift::ShiftEnd;

impl Rows for ShiftEnd {
    const INSERT: &'static str =
        "insert into shift_ends (id, op_id, shift_id, ended_at, what_happened, for_nurse, hlc) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        let e = n.record;
        let [id, op_id] = n.ids();
        vec![
            id,
            op_id,
            (&e.shift_id).into(),
            e.ended_at.into(),
            (&e.what_happened).into(),
            (&e.for_nurse).into(),
            (&n.op.hlc).into(),
        ]
    }
}
