//! Ids of new ops and records. Devices make them, offline, so they are
//! UUIDs; this app makes time-ordered ones (version 7, RFC 9562), whose
//! first 48 bits are the milliseconds since the epoch. The server indexes
//! every op and record by id, so ids made in time order add to the end of
//! those indexes, as its log does, where random ones (version 4) would each
//! land on a page of their own and make the server read and write it again.
//! The server takes any UUID: other programs may send random ones.

use crate::domain::hex::to_hex;

/// A version 7 UUID made at `ms` (since the epoch) from 10 random bytes, in
/// the lower-case hyphenated form that [`super::hlc::is_uuid`] accepts.
pub fn time_ordered_uuid(ms: u64, random: [u8; 10]) -> String {
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    bytes[6..].copy_from_slice(&random);
    bytes[6] = 0x70 | (bytes[6] & 0x0f);
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    let hex = to_hex(&bytes);
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::time_ordered_uuid;
    use crate::domain::sync::hlc::is_uuid;

    #[test]
    fn is_a_version_7_uuid_of_its_time() {
        let id = time_ordered_uuid(1_764_806_400_123, [0xab; 10]);
        assert!(is_uuid(&id), "{id}");
        assert_eq!(&id[..13], "019ae6a8-987b", "{id}");
        assert_eq!(&id[14..15], "7", "the version");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "the variant: {id}");
        assert_eq!(id, "019ae6a8-987b-7bab-abab-abababababab");
    }

    #[test]
    fn a_later_id_sorts_after_whatever_its_random_part() {
        let earlier = time_ordered_uuid(1_764_806_400_123, [0xff; 10]);
        let later = time_ordered_uuid(1_764_806_400_124, [0x00; 10]);
        assert!(earlier < later, "{earlier} {later}");
    }

    #[test]
    fn the_random_part_is_kept_but_for_the_version_and_variant_bits() {
        let a = time_ordered_uuid(0, [0; 10]);
        let b = time_ordered_uuid(0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(a, "00000000-0000-7000-8000-000000000000");
        assert_eq!(b, "00000000-0000-7102-8304-05060708090a");
    }
}
