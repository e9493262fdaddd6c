//! `shift_report_received`: the nurse in charge has read a shift report.

use super::{Bind, New, Rows};
use app::domain::shift::ReportReceived;

impl Rows for ReportReceived {
    const INSERT: &'static str = "insert into shift_report_receipts (id, op_id, report_id, nurse_id, hlc) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        n.under(&n.record.report_id, [])
    }
}
