//! Several tabs of one phone over its one storage, and a phone whose clock
//! is wrong: what one tab writes the others read, and no clock error stops
//! a save.

use super::*;

#[test]
fn what_another_tab_changes_or_removes_is_read_afresh() {
    let mut device = replica(MemoryKv::default());
    let first = device.record(&sam(), "session", note("Talked about leave."), ids(1), NOW).expect("saved");
    device.record(&sam(), "session", note("Walked to the garden."), ids(2), NOW).expect("saved");
    assert_eq!(device.readable(SAM).len(), 2, "read once, so both are decoded");

    // Another tab (same storage) marks the first refused and removes the
    // second; the browser tells this one by a `storage` event each.
    let key = format!("{OUTBOX_PREFIX}{}", first.op.id);
    let text = device.kv().get(&key).expect("kept");
    let mut kept: Kept = serde_json::from_str(&text).expect("decodes");
    kept.state = crate::sync::kept::refused("Not your ward.");
    let refused = serde_json::to_string(&kept).expect("encodes");
    device.kv_mut().set(&key, &refused).expect("fits");
    assert!(device.heard(Some(&key), Some(&refused)));
    let second = format!("{OUTBOX_PREFIX}{}", ids(2).op_id);
    device.kv_mut().remove(&second);
    assert!(device.heard(Some(&second), None));
    assert!(!device.heard(Some("alongside.lock"), Some("locked")), "not a record");

    let now = device.readable(SAM);
    assert_eq!(now.len(), 1, "the removed record is not read from memory");
    assert_eq!(now[0].state_label(), "Needs attention");
    assert_eq!(device.unsent_count(SAM), 0);
}

#[test]
fn what_this_page_clears_behind_the_replica_is_gone_once_it_reloads() {
    let mut device = replica(MemoryKv::default());
    let kept = device.record(&sam(), "session", note("Talked about leave."), ids(1), NOW).expect("saved");
    // Handing the phone to a patient clears storage directly.
    device.kv_mut().remove(&format!("{OUTBOX_PREFIX}{}", kept.op.id));
    device.reload();
    assert!(device.readable(SAM).is_empty());
}

#[test]
fn two_tabs_of_one_phone_share_its_clock() {
    // Both tabs read and write the phone's one storage; a shared map stands
    // for it, each tab's replica opening over it as a page does.
    let shared = std::rc::Rc::new(std::cell::RefCell::new(MemoryKv::default()));
    let mut first = replica_over(&shared);
    let mut second = replica_over(&shared);
    let a = first.record(&sam(), "session", note("First tab."), ids(1), NOW).expect("saved");
    let b = second.record(&sam(), "session", note("Second tab."), ids(2), NOW).expect("saved");
    let c = first.record(&sam(), "session", note("First again."), ids(3), NOW).expect("saved");
    assert!(a.op.hlc < b.op.hlc && b.op.hlc < c.op.hlc, "{} {} {}", a.op.hlc, b.op.hlc, c.op.hlc);
}

/// A tab's view of storage shared with other tabs.
#[derive(Clone)]
struct SharedKv(std::rc::Rc<std::cell::RefCell<MemoryKv>>);

impl Kv for SharedKv {
    fn get(&self, key: &str) -> Option<String> {
        self.0.borrow().get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageFull> {
        self.0.borrow_mut().set(key, value)
    }
    fn remove(&mut self, key: &str) {
        self.0.borrow_mut().remove(key)
    }
    fn keys_under(&self, prefix: &str) -> Vec<String> {
        self.0.borrow().keys_under(prefix)
    }
}

fn replica_over(shared: &std::rc::Rc<std::cell::RefCell<MemoryKv>>) -> Replica<SharedKv> {
    Replica::open(SharedKv(shared.clone()), || DEVICE.into()).expect("opens")
}

#[test]
fn a_phone_that_ran_three_hours_fast_saves_at_once_when_its_clock_is_put_right() {
    let mut device = replica(MemoryKv::default());
    let three_hours = 3 * 60 * 60 * 1000;
    // Its clock ran fast while it was offline: four notes stamped ahead
    // (the server refuses those, as too far ahead of its clock).
    for n in 0..4 {
        device.record(&sam(), "session", note("Offline."), ids(n), NOW + three_hours).expect("saved");
    }
    device.heard_server_time(NOW);
    // The server answers at the true time; the clock is put right.
    let kept =
        device.record(&sam(), "session", note("Clock fixed."), ids(9), NOW + 1_000).expect("saves at once");
    assert!(kept.op.hlc.starts_with(&format!("{:015}:", NOW + 1_000)), "{}", kept.op.hlc);
    // The next page of the app carries on from there, and from the server's
    // time it heard: set back an hour, the phone still stamps forwards.
    let mut reopened = Replica::open(device.kv().clone(), || DEVICE.into()).expect("opens");
    let later =
        reopened.record(&sam(), "session", note("Set back."), ids(10), NOW - 3_600_000).expect("saved");
    assert!(later.op.hlc > kept.op.hlc, "{} after {}", later.op.hlc, kept.op.hlc);
}

#[test]
fn a_phone_set_back_after_hearing_the_server_still_saves_and_stamps_forwards() {
    let mut device = replica(MemoryKv::default());
    device.heard_server_time(NOW);
    let before = device.record(&sam(), "session", note("Before."), ids(1), NOW).expect("saved");
    let set_back = NOW - 60 * 60 * 1000;
    let after = device.record(&sam(), "session", note("After."), ids(2), set_back).expect("saved");
    assert!(after.op.hlc > before.op.hlc, "{} after {}", after.op.hlc, before.op.hlc);
}
