//! The matrix itself: every route, the request that exercises it, and
//! the status each kind of user must get.

/// Aisha is on Willow Ward (psw's and nurse's); Chloe is on Kestrel (psw2's).
const OWN_PATIENT: &str = "patient-001";
const OTHER_PATIENT: &str = "patient-003";

#[derive(Clone, Copy, Debug)]
pub(super) enum Who {
    Nobody,
    Psw,
    Nurse,
    Manager,
    Admin,
    OtherWardPsw,
}

impl Who {
    pub(super) const ALL: [Who; 6] =
        [Who::Nobody, Who::Psw, Who::Nurse, Who::Manager, Who::Admin, Who::OtherWardPsw];

    pub(super) fn username(self) -> Option<&'static str> {
        match self {
            Who::Nobody => None,
            Who::Psw => Some("psw"),
            Who::Nurse => Some("nurse"),
            Who::Manager => Some("manager"),
            Who::Admin => Some("admin"),
            Who::OtherWardPsw => Some("psw2"),
        }
    }
}

/// One route and what each person gets from it.
pub(super) struct Row {
    pub(super) method: &'static str,
    pub(super) path: &'static str,
    /// The concrete request: path with ids filled in, and a body.
    pub(super) request: fn() -> (String, String),
    pub(super) expect: fn(Who) -> u16,
}

fn page(path: &'static str) -> fn() -> (String, String) {
    match path {
        "/" => || ("/".into(), String::new()),
        "/login" => || ("/login".into(), String::new()),
        "/patients/{id}/audit" => || (format!("/patients/{OWN_PATIENT}/audit"), String::new()),
        "/plan/{id}" => || (format!("/plan/{OWN_PATIENT}"), String::new()),
        "/dashboard" => || ("/dashboard".into(), String::new()),
        _ => || (format!("/patients/{OWN_PATIENT}"), String::new()),
    }
}

pub(super) fn matrix() -> Vec<Row> {
    let mut rows = vec![
        Row {
            method: "GET",
            path: "/healthz",
            request: || ("/healthz".into(), String::new()),
            expect: |_| 200,
        },
        // *Opening Alongside*: the shell and the lock screens, no one's data.
        Row {
            method: "GET",
            path: "/unlock",
            request: || ("/unlock".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                _ => 200,
            },
        },
        // Everyone signed in has a key of their own on each device; these
        // requests name no device.
        Row {
            method: "GET",
            path: "/api/device_key",
            request: || ("/api/device_key".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 401,
                _ => 400,
            },
        },
        Row { method: "GET", path: "/login", request: page("/login"), expect: |_| 200 },
        Row {
            method: "POST",
            path: "/login",
            request: || ("/login".into(), "username=psw&password=not-the-password".into()),
            expect: |_| 401,
        },
        Row {
            method: "POST",
            path: "/logout",
            request: || ("/logout".into(), String::new()),
            expect: |_| 303,
        },
        Row {
            method: "GET",
            path: "/",
            request: page("/"),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Admin => 403,
                _ => 200,
            },
        },
        Row {
            method: "GET",
            path: "/patients/{id}",
            request: page("/patients/{id}"),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Admin | Who::OtherWardPsw => 403,
                Who::Psw | Who::Nurse | Who::Manager => 200,
            },
        },
        Row {
            method: "GET",
            path: "/plan/{id}",
            request: page("/plan/{id}"),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Admin | Who::OtherWardPsw => 403,
                Who::Psw | Who::Nurse | Who::Manager => 200,
            },
        },
        // The live dashboard: the nurse in charge and managers.
        Row {
            method: "GET",
            path: "/dashboard",
            request: page("/dashboard"),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Nurse | Who::Manager => 200,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/get_dashboard",
            request: || ("/api/get_dashboard".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Nurse | Who::Manager => 200,
                _ => 403,
            },
        },
        Row {
            method: "GET",
            path: "/patients/{id}/audit",
            request: page("/patients/{id}/audit"),
            expect: |who| match who {
                Who::Nobody => 303,
                Who::Manager => 200,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/get_patient_audit",
            request: || ("/api/get_patient_audit".into(), format!("id={OWN_PATIENT}")),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Manager => 200,
                _ => 403,
            },
        },
        // A move to the ward she is on: the nurse learns that (422); nobody
        // else gets that far, and nothing moves.
        Row {
            method: "POST",
            path: "/api/move_patient",
            request: || ("/api/move_patient".into(), format!("id={OWN_PATIENT}&to_ward_id=ward-willow")),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Nurse => 422,
                _ => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/get_home",
            request: || ("/api/get_home".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::Admin => 403,
                _ => 200,
            },
        },
        Row {
            method: "GET",
            path: "/account/password",
            request: || ("/account/password".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 303,
                _ => 200,
            },
        },
        Row {
            method: "POST",
            path: "/api/change_password",
            // A wrong current password: refused, and nothing changes.
            request: || {
                (
                    "/api/change_password".into(),
                    "current=x&new=kettle-orbit-lantern&confirm=kettle-orbit-lantern".into(),
                )
            },
            expect: |who| match who {
                Who::Nobody => 401,
                _ => 400,
            },
        },
        // An empty batch: everyone signed in may ask what changed in their scope.
        Row {
            method: "POST",
            path: "/api/sync",
            request: || {
                (
                    "/api/sync".into(),
                    r#"{"device_id":"6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10","cursor":null,"ops":[]}"#.into(),
                )
            },
            expect: |who| match who {
                Who::Nobody => 401,
                _ => 200,
            },
        },
        // Everyone signed in may hear which of their wards changed.
        Row {
            method: "GET",
            path: "/api/events",
            request: || ("/api/events".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 401,
                _ => 200,
            },
        },
        Row {
            method: "POST",
            path: "/api/get_me",
            request: || ("/api/get_me".into(), String::new()),
            expect: |who| match who {
                Who::Nobody => 401,
                _ => 200,
            },
        },
        Row {
            method: "POST",
            path: "/api/get_patient",
            request: || ("/api/get_patient".into(), format!("id={OTHER_PATIENT}")),
            expect: |who| match who {
                Who::Nobody => 401,
                // Chloe is on Kestrel: only psw2 and the manager of both sites reach her.
                Who::OtherWardPsw | Who::Manager => 200,
                Who::Psw | Who::Nurse | Who::Admin => 403,
            },
        },
        Row {
            method: "POST",
            path: "/api/get_plan",
            request: || ("/api/get_plan".into(), format!("id={OTHER_PATIENT}")),
            expect: |who| match who {
                Who::Nobody => 401,
                Who::OtherWardPsw | Who::Manager => 200,
                Who::Psw | Who::Nurse | Who::Admin => 403,
            },
        },
    ];
    rows.extend(super::setup_rows::setup_rows());
    rows.extend(super::report_rows::report_rows());
    rows
}
