//! The records that are rare beside session notes (concerns, follow-ups,
//! their answers, groups, plans, shifts, work logs and report receipts):
//! one statement each, inside the op writer's transaction.

/// Writes the rare records among `$new` (the group's new ops, each with its
/// author) inside the open transaction `$tx`; evaluates to
/// `Result<(), sqlx::Error>`. A macro, as `write_ops!` is, so that one text
/// serves both engines' transaction types.
macro_rules! write_rare_records {
    ($tx:expr, $new:expr, $now:expr) => {
        async {
            let (new, now): (&[(&str, &AcceptedOp)], DateTime<Utc>) = ($new, $now);
            for (author_id, accepted) in new {
                let op = &accepted.checked.op;
                match &accepted.checked.write {
                    Write::Concern(c) => {
                        sqlx::query(
                            "insert into concerns (id, op_id, patient_id, ward_id, author_id, category,
                                 what_happened, done_now, told, session_id, hlc, received_at)
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&accepted.place.patient_id)
                        .bind(&accepted.place.ward_id)
                        .bind(author_id)
                        .bind(c.category.as_str())
                        .bind(&c.what_happened)
                        .bind(&c.done_now)
                        .bind(&c.told)
                        .bind(&c.session_id)
                        .bind(&op.hlc)
                        .bind(now)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::ConcernAck(ack) => {
                        sqlx::query(
                            "insert into concern_acks (id, op_id, concern_id, author_id, response, hlc)
                             values ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&ack.concern_id)
                        .bind(author_id)
                        .bind(&ack.response)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::FollowUp(f) => {
                        sqlx::query(
                            "insert into follow_ups (id, op_id, patient_id, ward_id, author_id, text, due_on, session_id, hlc)
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&accepted.place.patient_id)
                        .bind(&accepted.place.ward_id)
                        .bind(author_id)
                        .bind(&f.text)
                        .bind(f.due_on.map(app::domain::follow_up::date_text))
                        .bind(&f.session_id)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::FollowUpDone(done) => {
                        sqlx::query(
                            "insert into follow_up_dones (id, op_id, follow_up_id, author_id, note, hlc)
                             values ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&done.follow_up_id)
                        .bind(author_id)
                        .bind(&done.note)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::GroupSession(g) => {
                        sqlx::query(
                            "insert into group_sessions (id, op_id, ward_id, author_id, title, started_at,
                                 duration_min, place, others_count, note, hlc)
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&g.ward_id)
                        .bind(author_id)
                        .bind(&g.title)
                        .bind(g.started_at)
                        .bind(i64::from(g.duration_min))
                        .bind(&g.place)
                        .bind(i64::from(g.others_count))
                        .bind(&g.note)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                        let mut attendees =
                            QueryBuilder::new("insert into group_attendees (group_id, patient_id, line) ");
                        attendees.push_values(&g.attendees, |mut row, a| {
                            row.push_bind(&op.entity_id).push_bind(&a.patient_id).push_bind(&a.line);
                        });
                        attendees.build().execute(&mut *$tx).await?;
                        if !g.co_facilitators.is_empty() {
                            let mut facilitators =
                                QueryBuilder::new("insert into group_facilitators (group_id, staff_id) ");
                            facilitators.push_values(&g.co_facilitators, |mut row, staff_id| {
                                row.push_bind(&op.entity_id).push_bind(staff_id);
                            });
                            facilitators.build().execute(&mut *$tx).await?;
                        }
                    }
                    Write::Plan(plan) => {
                        sqlx::query(
                            "insert into plan_entries (op_id, entity, entity_id, action, patient_id, ward_id,
                                 goal_id, author_id, hlc, payload)
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                        )
                        .bind(&op.id)
                        .bind(&op.entity)
                        .bind(&op.entity_id)
                        .bind(&op.action)
                        .bind(&accepted.place.patient_id)
                        .bind(&accepted.place.ward_id)
                        .bind(&plan.goal_id)
                        .bind(author_id)
                        .bind(&op.hlc)
                        .bind(plan.payload.to_string())
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::Shift(shift) => {
                        sqlx::query(
                            "insert into shifts (id, op_id, author_id, ward_id, started_at, plan, for_nurse, hlc)
                             values ($1, $2, $3, $4, $5, $6, $7, $8)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(author_id)
                        .bind(&accepted.place.ward_id)
                        .bind(shift.started_at)
                        .bind(&shift.plan)
                        .bind(&shift.for_nurse)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::ShiftEnd(end) => {
                        sqlx::query(
                            "insert into shift_ends (id, op_id, shift_id, ended_at, what_happened, for_nurse, hlc)
                             values ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&end.shift_id)
                        .bind(end.ended_at)
                        .bind(&end.what_happened)
                        .bind(&end.for_nurse)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::WorkLog(work) => {
                        sqlx::query(
                            "insert into work_logs (id, op_id, author_id, ward_id, kind, on_day, minutes, with_whom, hlc)
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(author_id)
                        .bind(&accepted.place.ward_id)
                        .bind(work.log.kind.as_str())
                        .bind(work.log.on)
                        .bind(work.log.minutes as i32)
                        .bind(&work.log.with_whom)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::ReportReceived(receipt) => {
                        sqlx::query(
                            "insert into shift_report_receipts (id, op_id, report_id, nurse_id, hlc)
                             values ($1, $2, $3, $4, $5)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&receipt.report_id)
                        .bind(author_id)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    _ => {}
                }
            }
            Ok::<(), sqlx::Error>(())
        }
    };
}
