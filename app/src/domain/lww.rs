//! Last writer wins, with nothing lost: when two devices set the same field
//! of a record (a patient's bed, later a goal's status), the value with the
//! latest hybrid logical clock stamp is the current one — the device id at
//! the end of the stamp breaks a tie — and every other value stays in the
//! field's history, marked as replaced.
//!
//! Stamps are compared as text: `<ms, 15 digits>:<counter, 5 digits>:<device>`
//! sorts in causal order, so the rule is the same on the server, in SQL and on
//! every phone, whatever order the values arrived in.

use serde::{Deserialize, Serialize};

/// One value a field was set to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldValue {
    pub value: String,
    /// The op's clock stamp.
    pub hlc: String,
    /// The op's id: the same value sent twice is one entry.
    pub op_id: String,
    pub author_name: String,
}

/// Whether `a` wins over `b`.
pub fn beats(a: &FieldValue, b: &FieldValue) -> bool {
    (a.hlc.as_str(), a.op_id.as_str()) > (b.hlc.as_str(), b.op_id.as_str())
}

/// The current value: the one with the latest stamp.
pub fn current(values: &[FieldValue]) -> Option<&FieldValue> {
    values.iter().reduce(|best, v| if beats(v, best) { v } else { best })
}

/// Sorts anything carrying a value newest first, the current one first.
pub fn sort_newest_first<T>(items: &mut [T], value: impl Fn(&T) -> &FieldValue) {
    items.sort_by(|a, b| {
        let (a, b) = (value(a), value(b));
        (b.hlc.as_str(), b.op_id.as_str()).cmp(&(a.hlc.as_str(), a.op_id.as_str()))
    });
}

/// Every value once (by op id), newest first: the first is the current one,
/// the rest were replaced.
pub fn history(values: impl IntoIterator<Item = FieldValue>) -> Vec<FieldValue> {
    let mut all: Vec<FieldValue> = values.into_iter().collect();
    sort_newest_first(&mut all, |v| v);
    all.dedup_by(|a, b| a.op_id == b.op_id);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value(value: &str, ms: u64, counter: u32, device: &str) -> FieldValue {
        FieldValue {
            value: value.into(),
            hlc: format!("{ms:015}:{counter:05}:{device}"),
            op_id: format!("op-{value}"),
            author_name: "Sam Okafor".into(),
        }
    }

    const PHONE_A: &str = "1a2b3c4d-0000-4000-8000-000000000001";
    const PHONE_B: &str = "1a2b3c4d-0000-4000-8000-000000000002";

    #[test]
    fn the_later_stamp_wins_and_the_earlier_is_kept() {
        let early = value("Bed 4", 1_000, 0, PHONE_B);
        let late = value("Bed 7", 2_000, 0, PHONE_A);
        assert_eq!(current(&[late.clone(), early.clone()]), Some(&late));
        assert_eq!(history([early.clone(), late.clone()]), vec![late, early]);
    }

    #[test]
    fn on_the_same_millisecond_the_counter_then_the_device_id_decides() {
        let first = value("Bed 1", 5_000, 0, PHONE_B);
        let second = value("Bed 2", 5_000, 1, PHONE_A);
        assert_eq!(current(&[second.clone(), first.clone()]), Some(&second));
        let a = value("Bed 3", 5_000, 0, PHONE_A);
        let b = value("Bed 5", 5_000, 0, PHONE_B);
        assert_eq!(current(&[b.clone(), a.clone()]), Some(&b), "the higher device id breaks the tie");
        assert_eq!(current(&[]), None);
    }

    #[test]
    fn an_op_received_twice_is_in_the_history_once() {
        let v = value("Bed 4", 1_000, 0, PHONE_A);
        assert_eq!(history([v.clone(), v.clone()]), vec![v]);
    }

    proptest! {
        #[test]
        fn every_order_of_arrival_gives_the_same_current_value_and_history(
            stamps in proptest::collection::vec((0u64..50, 0u32..3, 0usize..2), 1..12),
            seed in any::<u64>(),
        ) {
            let devices = [PHONE_A, PHONE_B];
            let values: Vec<FieldValue> = stamps
                .iter()
                .enumerate()
                .map(|(i, (ms, counter, device))| FieldValue {
                    value: format!("Bed {i}"),
                    hlc: format!("{ms:015}:{counter:05}:{}", devices[*device]),
                    op_id: format!("op-{i}"),
                    author_name: String::new(),
                })
                .collect();
            let mut shuffled = values.clone();
            // A deterministic shuffle from the seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(current(&values), current(&shuffled));
            let kept = history(shuffled.clone());
            prop_assert_eq!(&kept, &history(values.clone()));
            prop_assert_eq!(kept.len(), values.len(), "no value is lost");
            prop_assert_eq!(kept.first(), current(&values));
        }
    }
}
