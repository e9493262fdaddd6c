//! *Phones and tablets* (`/admin/phones`, part of the set-up pages'
//! download): the devices Alongside has been used on, and *Report a lost
//! phone*, for managers (their sites' staff) and administrators (everyone).

mod phones_page;

pub use phones_page::{list_phones, report_lost_phone, PhonesPage, ReportLostPhone};
