//! `concern_ack`: the nurse in charge's acknowledgement of a concern (one a
//! concern: the table's unique key says so too).

use super::{Bind, New, Rows};
use app::domain::concern::NewConcernAck;

impl Rows for NewConcernAck {
    const INSERT: &'static str =
        "insert into concern_acks (id, op_id, concern_id, author_id, response, hlc) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        n.under(&n.record.concern_id, [(&n.record.response).into()])
    }
}
