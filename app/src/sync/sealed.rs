//! What the phone keeps about people is sealed: every record, outbox entry
//! and draft is stored encrypted (AES-256-GCM) under a data key of the
//! person who kept it, so a copy of the browser's profile (or of a lost
//! phone's storage) holds no note text. The data key itself is kept only
//! wrapped, under a key the server hands that person's session on this
//! device and under a key only their PIN makes (see `vault`); it is in the
//! clear only in the memory of an open page.
//!
//! AES-GCM is computed here, in the WebAssembly, rather than by WebCrypto:
//! WebCrypto answers only asynchronously, and a write must know at once
//! whether the phone kept it (a full phone is a refusal the person sees,
//! never a note shown as saved that was not). WebCrypto still makes the
//! random numbers and derives the PIN's keys.
//!
//! A sealed value is `sealed1.<owner>.<base64 of nonce and ciphertext>`,
//! with the storage key as associated data, so a value copied under another
//! key does not open. A value under a protected key that is not sealed was
//! written by a release before sealing: it is read as it is, and sealed the
//! next time it is written.

use super::kv::{Kv, StorageFull};
use super::replica::{OUTBOX_PREFIX, SAVED_PREFIX};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD_NO_PAD as BASE64;
use base64::Engine;

/// Where a form's draft is kept (the rest of the key names the form).
pub const DRAFT_PREFIX: &str = "alongside.draft.";
const MARK: &str = "sealed1.";
const NONCE_BYTES: usize = 12;

/// Whether what is stored under `key` is about people, and so sealed.
pub fn is_protected(key: &str) -> bool {
    [OUTBOX_PREFIX, SAVED_PREFIX, DRAFT_PREFIX].iter().any(|prefix| key.starts_with(prefix))
}

/// A person's data key on this device, ready to seal and open.
#[derive(Clone)]
pub struct DataKey {
    owner: String,
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataKey").field("owner", &self.owner).finish_non_exhaustive()
    }
}

impl DataKey {
    /// The key `bytes` of the person `owner` (their staff id).
    pub fn new(owner: &str, bytes: &[u8; 32]) -> Self {
        DataKey { owner: owner.to_owned(), cipher: Aes256Gcm::new(bytes.into()) }
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// `plain`, sealed to be stored under `key`, with a nonce never used
    /// before (random: 96 bits, far from repeating in a phone's lifetime).
    pub fn seal(&self, key: &str, plain: &str, nonce: [u8; NONCE_BYTES]) -> Option<String> {
        let payload = Payload { msg: plain.as_bytes(), aad: key.as_bytes() };
        let sealed = self.cipher.encrypt(Nonce::from_slice(&nonce), payload).ok()?;
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Some(format!("{MARK}{}.{}", self.owner, BASE64.encode(bytes)))
    }

    /// What a value sealed by [`DataKey::seal`] under `key` holds; `None`
    /// when it is someone else's, was moved from another key, or was
    /// changed.
    pub fn open(&self, key: &str, stored: &str) -> Option<String> {
        let (owner, sealed) = stored.strip_prefix(MARK)?.rsplit_once('.')?;
        if owner != self.owner {
            return None;
        }
        let bytes = BASE64.decode(sealed).ok()?;
        if bytes.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let payload = Payload { msg: sealed, aad: key.as_bytes() };
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), payload).ok()?;
        String::from_utf8(plain).ok()
    }
}

/// Whether `stored` is a sealed value (anyone's).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(MARK)
}

/// A data key, wrapped under `wrapping` (a key from the server or the PIN)
/// for keeping in the clear under `name`.
pub fn wrap(
    wrapping: &[u8; 32],
    owner: &str,
    name: &str,
    data_key: &[u8; 32],
    nonce: [u8; 12],
) -> Option<String> {
    DataKey::new(owner, wrapping).seal(name, &crate::domain::hex::to_hex(data_key), nonce)
}

/// The data key [`wrap`] kept under `name`, if `wrapping` is the key it was
/// wrapped under.
pub fn unwrap(wrapping: &[u8; 32], owner: &str, name: &str, stored: &str) -> Option<[u8; 32]> {
    let hex = DataKey::new(owner, wrapping).open(name, stored)?;
    crate::domain::hex::from_hex(&hex)?.try_into().ok()
}

/// A key–value store whose protected values are sealed under one person's
/// data key. Without a key it keeps nothing protected (and reads only what
/// an earlier release left unsealed).
pub struct Sealed<K> {
    inner: K,
    key: Option<DataKey>,
    nonce: fn() -> Option<[u8; NONCE_BYTES]>,
    /// Protected keys read as an earlier release left them, in the clear.
    read_in_the_clear: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

impl<K: Kv> Sealed<K> {
    /// `nonce` gives a fresh random nonce for each write.
    pub fn new(inner: K, key: Option<DataKey>, nonce: fn() -> Option<[u8; NONCE_BYTES]>) -> Self {
        Sealed { inner, key, nonce, read_in_the_clear: Default::default() }
    }

    /// The protected keys read so far whose values an earlier release left
    /// in the clear (to be sealed by writing them again), forgotten here.
    pub fn take_read_in_the_clear(&self) -> std::collections::BTreeSet<String> {
        self.read_in_the_clear.take()
    }

    pub fn inner(&self) -> &K {
        &self.inner
    }
}

impl<K: Kv> Kv for Sealed<K> {
    fn get(&self, key: &str) -> Option<String> {
        let stored = self.inner.get(key)?;
        self.reveal(key, &stored)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageFull> {
        if !is_protected(key) {
            return self.inner.set(key, value);
        }
        // Never kept in the clear: with no key (the vault is closed), or no
        // random nonce, it is not kept at all.
        let sealed = self.key.as_ref().zip((self.nonce)()).and_then(|(k, nonce)| k.seal(key, value, nonce));
        self.inner.set(key, &sealed.ok_or(StorageFull)?)
    }

    fn remove(&mut self, key: &str) {
        self.inner.remove(key);
    }

    fn keys_under(&self, prefix: &str) -> Vec<String> {
        self.inner.keys_under(prefix)
    }

    fn reveal(&self, key: &str, stored: &str) -> Option<String> {
        if !is_protected(key) {
            return Some(stored.to_owned());
        }
        if !is_sealed(stored) {
            self.read_in_the_clear.borrow_mut().insert(key.to_owned());
            return Some(stored.to_owned());
        }
        self.key.as_ref()?.open(key, stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::MemoryKv;
    use std::cell::Cell;

    thread_local! {
        static COUNTER: Cell<u64> = const { Cell::new(0) };
    }

    /// A nonce never repeated in a test run (what the browser's random
    /// source gives, as far as these tests can tell).
    fn next_nonce() -> Option<[u8; 12]> {
        let n = COUNTER.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        let mut nonce = [0u8; 12];
        nonce[..8].copy_from_slice(&n.to_le_bytes());
        Some(nonce)
    }

    fn key(owner: &str, byte: u8) -> DataKey {
        DataKey::new(owner, &[byte; 32])
    }

    const NOTE: &str = r#"{"notes":"Talked about the allotment and her sister's visit"}"#;

    #[test]
    fn a_note_kept_sealed_is_nowhere_in_the_clear_and_reads_back() {
        let mut store = Sealed::new(MemoryKv::default(), Some(key("staff-psw", 7)), next_nonce);
        let entry = format!("{OUTBOX_PREFIX}op-1");
        let draft = format!("{DRAFT_PREFIX}patient-001");
        store.set(&entry, NOTE).unwrap();
        store.set(&draft, NOTE).unwrap();
        store.set("alongside.hlc", "000001").unwrap();
        for (k, v) in &store.inner().map {
            assert!(!v.contains("allotment"), "{k} holds the note in the clear: {v}");
        }
        assert_eq!(store.get(&entry).as_deref(), Some(NOTE));
        assert_eq!(store.get(&draft).as_deref(), Some(NOTE));
        // What is not about anyone stays readable by the page's scripts.
        assert_eq!(store.inner().map.get("alongside.hlc").map(String::as_str), Some("000001"));
    }

    #[test]
    fn the_same_note_twice_is_stored_differently() {
        let mut store = Sealed::new(MemoryKv::default(), Some(key("staff-psw", 7)), next_nonce);
        let record = format!("{SAVED_PREFIX}a");
        store.set(&record, NOTE).unwrap();
        let first = store.inner().get(&record).unwrap();
        store.set(&record, NOTE).unwrap();
        assert_ne!(store.inner().get(&record).unwrap(), first);
    }

    #[test]
    fn another_persons_key_a_moved_value_or_a_changed_one_opens_nothing_and_removes_nothing() {
        let entry = format!("{OUTBOX_PREFIX}op-1");
        let mut mine = Sealed::new(MemoryKv::default(), Some(key("staff-psw", 7)), next_nonce);
        mine.set(&entry, NOTE).unwrap();
        let stored = mine.inner().get(&entry).unwrap();

        // The next person signed in on the phone has their own key.
        let theirs = Sealed::new(mine.inner().clone(), Some(key("staff-nurse", 9)), next_nonce);
        assert_eq!(theirs.get(&entry), None);
        assert_eq!(theirs.keys_under(OUTBOX_PREFIX), vec![entry.clone()], "kept for its author");
        // The same person's name with a wrong key (a guess) opens nothing.
        assert_eq!(key("staff-psw", 8).open(&entry, &stored), None);
        // Copied under another key.
        assert_eq!(mine.reveal(&format!("{OUTBOX_PREFIX}op-2"), &stored), None);
        // One character changed.
        let mut changed = stored.clone().into_bytes();
        let last = changed.len() - 3;
        changed[last] = if changed[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(mine.reveal(&entry, &String::from_utf8(changed).unwrap()), None);
        // A closed vault reads nothing sealed and keeps nothing protected.
        let mut closed = Sealed::new(mine.inner().clone(), None, next_nonce);
        assert_eq!(closed.get(&entry), None);
        assert_eq!(closed.set(&format!("{SAVED_PREFIX}x"), NOTE), Err(StorageFull));
        assert_eq!(closed.inner().get(&format!("{SAVED_PREFIX}x")), None);
    }

    #[test]
    fn what_an_earlier_release_left_unsealed_still_reads_and_is_sealed_when_written_again() {
        let entry = format!("{OUTBOX_PREFIX}op-1");
        let mut before = MemoryKv::default();
        before.set(&entry, NOTE).unwrap();
        let mut store = Sealed::new(before, Some(key("staff-psw", 7)), next_nonce);
        assert_eq!(store.get(&entry).as_deref(), Some(NOTE));
        assert_eq!(store.take_read_in_the_clear().into_iter().collect::<Vec<_>>(), vec![entry.clone()]);
        store.set(&entry, NOTE).unwrap();
        assert!(is_sealed(&store.inner().get(&entry).unwrap()));
        assert_eq!(store.get(&entry).as_deref(), Some(NOTE));
    }

    #[test]
    fn a_wrapped_data_key_opens_only_with_its_wrapping_key_and_name() {
        let data = [42u8; 32];
        let wrapped = wrap(&[1; 32], "staff-psw", "alongside.vault.server", &data, [3; 12]).unwrap();
        assert!(!wrapped.contains(&crate::domain::hex::to_hex(&data)));
        assert_eq!(unwrap(&[1; 32], "staff-psw", "alongside.vault.server", &wrapped), Some(data));
        assert_eq!(unwrap(&[2; 32], "staff-psw", "alongside.vault.server", &wrapped), None);
        assert_eq!(unwrap(&[1; 32], "staff-psw", "alongside.vault.pin", &wrapped), None);
        assert_eq!(unwrap(&[1; 32], "staff-nurse", "alongside.vault.server", &wrapped), None);
    }

    #[test]
    fn a_published_aes_gcm_vector_is_met() {
        // NIST GCM test case 15 (key 256 bits, 96-bit IV, no AAD), from
        // McGrew and Viega's GCM specification, Appendix B.
        let key =
            crate::domain::hex::from_hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
                .unwrap();
        let cipher = Aes256Gcm::new(key.as_slice().into());
        let iv = crate::domain::hex::from_hex("cafebabefacedbaddecaf888").unwrap();
        let plain = crate::domain::hex::from_hex(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
        )
        .unwrap();
        let sealed = cipher.encrypt(Nonce::from_slice(&iv), plain.as_slice()).unwrap();
        assert_eq!(
            crate::domain::hex::to_hex(&sealed),
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015adb094dac5d93471bdec1a502270e3cc6c"
        );
    }
}
