//! `follow_up_done`: a follow-up marked done.

use super::{Bind, New, Rows};
use app::domain::follow_up::NewFollowUpDone;

impl Rows for NewFollowUpDone {
    const INSERT: &'static str =
        "insert into follow_up_dones (id, op_id, follow_up_id, author_id, note, hlc) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        n.under(&n.record.follow_up_id, [(&n.record.note).into()])
    }
}
