//! `patient` `update`: a new value for one of a patient's fields (their bed,
//! from a device). Every value is kept; the newest by clock stamp wins.

use super::{Bind, New, Statements};
use app::domain::sync::PatientFieldChange;

/// One at a time, in the order sent: each depends on the one before.
pub(super) async fn store(
    tx: &mut impl Statements,
    new: &[New<'_, PatientFieldChange>],
) -> Result<(), sqlx::Error> {
    for n in new {
        let (op, change) = (n.op, n.record);
        let patient = Bind::Text(&change.patient_id);
        tx.execute(
            "insert into patient_field_values (op_id, patient_id, field, value, hlc, author_id)
             values ($1, $2, $3, $4, $5, $6)",
            &[
                (&op.id).into(),
                patient.clone(),
                change.field.into(),
                (&change.value).into(),
                (&op.hlc).into(),
                n.author_id.into(),
            ],
        )
        .await?;
        // Compared here as the domain compares it (byte order), not by a
        // collation.
        let current = tx
            .fetch_text("select bed_hlc from patients where id = $1", std::slice::from_ref(&patient))
            .await?;
        if op.hlc > current {
            tx.execute(
                "update patients set bed_on_admission = bed
                 where id = $1 and bed_hlc = '' and bed_on_admission is null",
                std::slice::from_ref(&patient),
            )
            .await?;
            tx.execute(
                "update patients set bed = $1, bed_hlc = $2 where id = $3",
                &[(&change.value).into(), (&op.hlc).into(), patient],
            )
            .await?;
        }
    }
    Ok(())
}
