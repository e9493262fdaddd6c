//! Reading a sync request's body, with a plain sentence for one that cannot
//! be read: what is wrong with it in the contract's words, never the JSON
//! library's.

use super::ops::SyncRequest;
use serde_json::Value;

const NOT_UNDERSTOOD: &str = "This is not a sync request Alongside understands";

/// The request in `body`, or why it is not one (ending "Nothing was stored.").
pub fn read_request(body: &[u8]) -> Result<SyncRequest, String> {
    let error = match serde_json::from_slice::<SyncRequest>(body) {
        Ok(request) => return Ok(request),
        Err(error) => error,
    };
    let why = match serde_json::from_slice::<Value>(body) {
        Ok(value) => shape_fault(&value),
        Err(e) if e.to_string().starts_with("recursion limit exceeded") => {
            "it is nested more than 128 levels deep".to_owned()
        }
        Err(_) if error.is_eof() => "the body stops before its JSON ends".to_owned(),
        Err(_) if std::str::from_utf8(body).is_err() => "the body is not UTF-8 text".to_owned(),
        Err(_) => format!("the body is not JSON (line {}, column {})", error.line(), error.column()),
    };
    Err(format!("{NOT_UNDERSTOOD}: {why}. Nothing was stored."))
}

/// What is wrong with the shape of JSON that is not a request.
fn shape_fault(value: &Value) -> String {
    let Some(fields) = value.as_object() else {
        return "it must be a JSON object with device_id, cursor and ops".into();
    };
    if let Some(unknown) = fields.keys().find(|k| !["device_id", "cursor", "ops"].contains(&k.as_str())) {
        let name: String = unknown.chars().take(40).collect();
        return format!("it has a field the contract does not name (\"{name}\")");
    }
    match (fields.get("device_id"), fields.get("cursor"), fields.get("ops")) {
        (None, _, _) => "it has no device_id".into(),
        (Some(id), _, _) if !id.is_string() => "device_id must be text (the device's UUID)".into(),
        (_, Some(cursor), _) if !cursor.is_string() && !cursor.is_null() => {
            "cursor must be text this server gave out, or null".into()
        }
        (_, _, None) => "it has no ops (send an empty list to only pull)".into(),
        (_, _, Some(ops)) if !ops.is_array() => "ops must be a list of changes".into(),
        _ => "a field is given twice, or is not of the kind the contract names".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::read_request;

    const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";

    fn refusal(body: &str) -> String {
        read_request(body.as_bytes()).expect_err(body)
    }

    #[test]
    fn a_request_reads() {
        let body = format!(r#"{{"device_id": "{DEVICE}", "cursor": null, "ops": [{{"id": 1}}]}}"#);
        let request = read_request(body.as_bytes()).expect("a request");
        assert_eq!(request.device_id, DEVICE);
        assert_eq!(request.ops.len(), 1);
    }

    #[test]
    fn each_fault_is_named_in_the_contract_s_words() {
        let cases = [
            ("{\"device_id\": ", "stops before its JSON ends"),
            ("{\"device_id\" \"x\"}", "not JSON (line 1, column 14)"),
            ("[1, 2]", "must be a JSON object"),
            (r#"{"ops": []}"#, "has no device_id"),
            (r#"{"device_id": 7, "ops": []}"#, "device_id must be text"),
            (&format!(r#"{{"device_id": "{DEVICE}"}}"#), "has no ops"),
            (&format!(r#"{{"device_id": "{DEVICE}", "ops": {{}}}}"#), "ops must be a list"),
            (&format!(r#"{{"device_id": "{DEVICE}", "cursor": 5, "ops": []}}"#), "cursor must be text"),
            (&format!(r#"{{"device_id": "{DEVICE}", "ops": [], "sneaky": 1}}"#), "(\"sneaky\")"),
        ];
        for (body, expected) in cases {
            let message = refusal(body);
            assert!(message.starts_with("This is not a sync request Alongside understands: "), "{message}");
            assert!(message.contains(expected), "{body}: {message}");
            assert!(message.ends_with("Nothing was stored."), "{message}");
            // serde's own wording never reaches a person.
            for internal in ["invalid type", "expected", "EOF", "unknown field", "missing field"] {
                assert!(!message.contains(internal), "{body}: {message}");
            }
        }
        assert!(refusal("\u{0}\u{ff}").contains("not JSON"));
        let deep = format!(r#"{{"device_id": "{DEVICE}", "ops": [{}{}]}}"#, "[".repeat(200), "]".repeat(200));
        assert!(refusal(&deep).contains("nested more than 128 levels"));
        let twice = format!(r#"{{"device_id": "{DEVICE}", "device_id": "{DEVICE}", "ops": []}}"#);
        assert!(refusal(&twice).contains("given twice"));
        let not_utf8 = read_request(&[b'"', 0xff, 0xfe, b'"']).expect_err("bytes");
        assert!(not_utf8.contains("not UTF-8"), "{not_utf8}");
    }
}
