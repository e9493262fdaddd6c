//! The matrix's rows for the set-up pages: staff accounts, deployments,
//! phones and tablets, and the community resources directory.

use super::rows::{Row, Who};

/// The set-up pages' one route: staff accounts, resources, phones and tablets.
const ADMIN: &str = "/admin/{*page}";

pub(super) fn setup_rows() -> Vec<Row> {
    vec![
        Row {
            method: "GET",
            path: ADMIN,
            request: || ("/admin/staff".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Admin => 200,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/list_staff",
            request: || ("/api/list_staff".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 200,
                _ => 403,
            },
        },
        // Phones and tablets: managers (their sites' staff) and administrators.
        Row {
            method: "GET",
            path: ADMIN,
            request: || ("/admin/phones".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Manager | Who::Admin => 200,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/list_phones",
            request: || ("/api/list_phones".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Manager | Who::Admin => 200,
                _ => 403,
            },
        },
        // No such phone: a manager or an administrator learns that (404).
        Row {
            method: "POST",
            path: "/api/report_lost_phone",
            request: || {
                ("/api/report_lost_phone".into(), "device_id=0b7d3c1e-52a4-4f4e-9b1a-3c2d1e0f9a8b".into())
            },
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Manager | Who::Admin => 404,
                _ => 403,
            },
        },
        Row {
            method: "GET",
            path: ADMIN,
            request: || ("/admin/resources".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Admin => 200,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/list_resources",
            request: || ("/api/list_resources".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 200,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/add_resource",
            request: || ("/api/add_resource".into(), "name=&offers=".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 422,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/retire_resource",
            request: || ("/api/retire_resource".into(), "id=resource-nobody".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 404,
                _ => 403,
            },
        },
        // No such account: an admin learns that (404); nobody else gets that far.
        Row {
            method: "POST",
            path: "/api/set_staff_active",
            request: || ("/api/set_staff_active".into(), "staff_id=staff-nobody&active=true".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 404,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/reset_staff_password",
            request: || ("/api/reset_staff_password".into(), "staff_id=staff-nobody".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 404,
                _ => 403,
            },
        },
        // A form an admin gets wrong says what to fix (422); nobody else gets that far.
        Row {
            method: "POST",
            path: "/api/create_staff",
            request: || ("/api/create_staff".into(), "username=&display_name=&role=manager".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 422,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/set_staff_access",
            request: || {
                (
                    "/api/set_staff_access".into(),
                    "staff_id=staff-nobody&role=manager&ward_ids%5B%5D=ward-willow".into(),
                )
            },
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 404,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/deploy_staff",
            request: || {
                ("/api/deploy_staff".into(), "staff_id=staff-nobody&ward_id=ward-kestrel&starts=".into())
            },
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 404,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/end_deployment",
            request: || ("/api/end_deployment".into(), "deployment_id=no-such-deployment".into()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 404,
                _ => 403,
            },
        },
    ]
}
