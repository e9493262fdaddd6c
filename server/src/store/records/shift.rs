//! `shift`: a PSW checks in to a ward, with their report for the nurse in
//! charge.

use super::{Bind, New, Rows};
use app::domain::shift::NewShift;

impl Rows for NewShift {
    const INSERT: &'static str =
        "insert into shifts (id, op_id, author_id, ward_id, started_at, plan, for_nurse, hlc) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        let s = n.record;
        n.on_ward([s.started_at.into(), (&s.plan).into(), (&s.for_nurse).into(), (&n.op.hlc).into()])
    }
}
