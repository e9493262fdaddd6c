//! `work_log`: supervision, training, a meeting or travel, for the weekly
//! return.

use super::{Bind, New, Rows};
use app::domain::work_log::NewWorkLog;

impl Rows for NewWorkLog {
    const INSERT: &'static str =
        "insert into work_logs (id, op_id, author_id, ward_id, kind, on_day, minutes, with_whom, hlc) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        let log = &n.record.log;
        n.on_ward([
            log.kind.as_str().into(),
            Bind::Date(log.on),
            Bind::Int32(i32::try_from(log.minutes).unwrap_or(i32::MAX)),
            (&log.with_whom).into(),
            (&n.op.hlc).into(),
        ])
    }
}
