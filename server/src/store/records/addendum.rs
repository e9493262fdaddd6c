//! `addendum`: a correction or addition under a saved session.

use super::{Bind, New, Rows};
use app::domain::sync::NewAddendum;

impl Rows for NewAddendum {
    const INSERT: &'static str = "insert into addenda (id, op_id, session_id, author_id, reason, text, hlc) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        let a = n.record;
        n.under(&a.session_id, [(&a.reason).into(), (&a.text).into()])
    }
}
