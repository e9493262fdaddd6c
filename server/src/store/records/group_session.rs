//! `group_session`: a group a PSW ran on their ward, with who came and the
//! colleagues who ran it with them.

use super::{insert_rows, Bind, New, Rows, Statements};
use app::domain::group::NewGroupSession;

impl Rows for NewGroupSession {
    const INSERT: &'static str = "insert into group_sessions (id, op_id, ward_id, author_id, title,
        started_at, duration_min, place, others_count, note, hlc) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        let g = n.record;
        let [id, op_id] = n.ids();
        vec![
            id,
            op_id,
            (&g.ward_id).into(),
            n.author_id.into(),
            (&g.title).into(),
            g.started_at.into(),
            i64::from(g.duration_min).into(),
            (&g.place).into(),
            i64::from(g.others_count).into(),
            (&g.note).into(),
            (&n.op.hlc).into(),
        ]
    }
}

/// The groups, then who came to each and who ran it.
pub(super) async fn store(
    tx: &mut impl Statements,
    new: &[New<'_, NewGroupSession>],
) -> Result<(), sqlx::Error> {
    insert_rows(tx, new).await?;
    let attendees: Vec<Vec<Bind>> = new
        .iter()
        .flat_map(|n| {
            let group_id = &n.op.entity_id;
            n.record
                .attendees
                .iter()
                .map(move |a| vec![group_id.into(), (&a.patient_id).into(), (&a.line).into()])
        })
        .collect();
    tx.insert("insert into group_attendees (group_id, patient_id, line) ", &attendees).await?;
    let facilitators: Vec<Vec<Bind>> = new
        .iter()
        .flat_map(|n| {
            let group_id = &n.op.entity_id;
            n.record.co_facilitators.iter().map(move |staff_id| vec![group_id.into(), staff_id.into()])
        })
        .collect();
    tx.insert("insert into group_facilitators (group_id, staff_id) ", &facilitators).await
}
