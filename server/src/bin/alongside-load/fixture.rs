//! The load test's own hospital, so that simulated devices spread over wards
//! as phones do: one fictional site, `wards` wards, one peer support worker
//! and eight patients on each. Written straight into the server's database
//! (the one the server under test was started on) before any device signs in;
//! a second run on the same database finds it there and reuses it.

use server::auth::hash_password;
use server::store::{DemoData, DemoPatient, DemoSite, DemoStaff, DemoWard, Store};

const SITE: &str = "site-load-test";
const PATIENTS_PER_WARD: usize = 8;
/// The load-test site's manager (seeded with the site).
pub const MANAGER: &str = "load-manager";

/// Who signs in for one ward's devices, and the patients their notes are about.
pub struct WardLogin {
    pub username: String,
    pub patients: Vec<String>,
}

fn ward_id(n: usize) -> String {
    format!("load-ward-{n:03}")
}

/// The wards of the load test, seeded if this database does not hold them yet.
pub async fn seed(database_url: &str, wards: usize, password: &str) -> Result<Vec<WardLogin>, String> {
    let store = Store::connect(database_url).await.map_err(|e| e.to_string())?;
    let logins: Vec<WardLogin> = (1..=wards)
        .map(|n| WardLogin {
            username: format!("load-psw-{n:03}"),
            patients: (1..=PATIENTS_PER_WARD).map(|p| format!("load-patient-{n:03}-{p}")).collect(),
        })
        .collect();
    let missing: Vec<usize> = {
        let mut missing = Vec::new();
        for n in 1..=wards {
            if !store.ward_exists(&ward_id(n)).await.map_err(|e| e.to_string())? {
                missing.push(n);
            }
        }
        missing
    };
    if !missing.is_empty() {
        let hash = hash_password(password).map_err(|e| e.to_string())?;
        let mut data = DemoData::default();
        if !store.ward_exists(&ward_id(1)).await.map_err(|e| e.to_string())? {
            data.sites.push(DemoSite { id: SITE.into(), name: "Load Test Hospital".into() });
            // The site's manager, whose event streams cover every load-test ward.
            data.staff.push(DemoStaff {
                id: format!("staff-{MANAGER}"),
                username: MANAGER.into(),
                display_name: "Load Test Manager".into(),
                role: app::domain::Role::Manager,
                password_hash: hash.clone(),
                ward_ids: vec![ward_id(1)],
            });
        }
        let today = chrono::Utc::now().date_naive();
        for n in missing {
            let login = &logins[n - 1];
            data.wards.push(DemoWard {
                id: ward_id(n),
                site_id: SITE.into(),
                name: format!("Load Ward {n}"),
                usual_place: "Day room".into(),
            });
            data.staff.push(DemoStaff {
                id: format!("staff-{}", login.username),
                username: login.username.clone(),
                display_name: format!("Load Tester {n}"),
                role: app::domain::Role::PeerSupportWorker,
                password_hash: hash.clone(),
                ward_ids: vec![ward_id(n)],
            });
            for (p, id) in login.patients.iter().enumerate() {
                data.patients.push(DemoPatient {
                    id: id.clone(),
                    local_id: format!("LT{n:03}{p}"),
                    preferred_name: format!("Tester {n}-{}", p + 1),
                    ward_id: ward_id(n),
                    bed: format!("{}", p + 1),
                    admitted_on: today,
                    consent_to_peer_support: true,
                });
            }
        }
        store.insert_directory(&data).await.map_err(|e| e.to_string())?;
    }
    store.close().await;
    Ok(logins)
}
